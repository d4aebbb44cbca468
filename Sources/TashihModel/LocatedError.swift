/// A problem in an input file, located to the line: `file:line: error: message (hint)`. Used
/// for imports and lexicons; records have the richer `Problem`.
public struct LocatedError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var hint: String

    public init(file: String, line: Int = 0, message: String, hint: String = "") {
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        let at = line > 0 ? "\(file):\(line)" : file
        return hint.isEmpty ? "\(at): error: \(message)" : "\(at): error: \(message) (\(hint))"
    }
}
