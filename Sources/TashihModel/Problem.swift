/// A problem found in a record or span: where, what is wrong, how to fix it.
///
/// Rendered as `file:line: error: record "id" span 2 (5..19 ARMED_GROUP): message (hint)`.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    /// Stable problem codes, documented in docs/ARCHITECTURE.md.
    public enum Code: String, Sendable, Hashable {
        case json  // the line is not valid JSON (see the JSONL error)
        case missingField, wrongType, emptyID, duplicateID, textHashMismatch
        case offsetOutOfRange, emptySpan, negativeOffset, unknownLabel, unknownAttribute
        case wrongAttributeType, attributeValueNotAllowed, spanTextMismatch, splitsGrapheme
        case duplicateSpan, duplicateText, blankLine, byteOrderMark, crlf, emptyFile, notUTF8Text
    }

    public var severity: Severity
    public var code: Code
    public var file: String
    public var line: Int
    public var recordID: String?
    public var spanIndex: Int?
    public var spanSummary: String?
    public var message: String
    public var hint: String

    public init(
        _ severity: Severity, _ code: Code, file: String, line: Int, recordID: String? = nil, spanIndex: Int? = nil,
        spanSummary: String? = nil, message: String, hint: String = ""
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.recordID = recordID
        self.spanIndex = spanIndex
        self.spanSummary = spanSummary
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": \(severity.rawValue): "
        if let id = recordID { s += "record \"\(id)\" " }
        if let i = spanIndex {
            s += "span \(i + 1)"
            if let sum = spanSummary { s += " (\(sum))" }
            s += " "
        }
        if recordID != nil || spanIndex != nil { s.removeLast(); s += ": " }
        s += message
        if !hint.isEmpty { s += " (\(hint))" }
        return s
    }
}
