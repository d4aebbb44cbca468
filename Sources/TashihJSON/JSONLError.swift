/// An error in a JSON or JSONL input, located to the file, line and column, saying what is
/// wrong and how to fix it.
///
/// Rendered as `file:line:column: error: message (hint)`, the form compilers and swift-format use,
/// so editors can jump to it.
public struct JSONLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code tests and scripts can match on.
    public enum Code: String, Sendable, Hashable {
        case io  // the file cannot be opened, read or written
        case emptyFile  // no bytes, or only blank lines
        case invalidUTF8  // bytes that are not UTF-8
        case unexpectedEnd  // the line ends inside a value (truncated line)
        case unexpectedCharacter
        case badEscape  // `\q`, `\u12`, ...
        case loneSurrogate  // `\ud800` without its pair, or a low surrogate alone
        case controlCharacter  // a raw U+0000-U+001F inside a string
        case badNumber  // `01`, `1.`, `-`, ...
        case numberOverflow  // a number with no finite double value (`1e400`)
        case duplicateKey
        case trailingData  // a second value on the line
        case notAnObject  // a JSONL record that is not an object
        case lineTooLong
        case tooDeep  // nesting beyond the reader's limit
    }

    public var code: Code
    /// The file as the user named it, or `<stdin>`, or `<string>`.
    public var file: String
    /// 1-based line number; 0 when the error is about the whole file.
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line; 0 when unknown.
    public var column: Int
    /// Byte offset from the start of the file (after any BOM is counted), for invalid UTF-8.
    public var byteOffset: Int
    /// What is wrong, e.g. "expected ',' or '}' after an object member, found 'x'".
    public var message: String
    /// How to fix it, e.g. "check that every string is closed with a quote".
    public var hint: String

    public init(
        code: Code, file: String, line: Int, column: Int, byteOffset: Int, message: String, hint: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var where_ = file
        if line > 0 { where_ += ":\(line)" }
        if line > 0 && column > 0 { where_ += ":\(column)" }
        return hint.isEmpty ? "\(where_): error: \(message)" : "\(where_): error: \(message) (\(hint))"
    }
}
