/// A plain-text table for terminals and pipes: columns padded by display width (so harakat and
/// emoji do not shift them), numbers right-aligned, Arabic cells right-aligned too (padded on
/// the left, so they read from the column's right edge), two spaces between columns, no
/// trailing blanks.
public struct Table: Sendable {
    public var rows: [[String]]

    public init(_ rows: [[String]]) { self.rows = rows }

    /// Whether a cell is a number (`1,234`, `0.85`): right-aligned.
    static func isNumeric(_ c: String) -> Bool {
        !c.isEmpty
            && c.unicodeScalars.allSatisfy { ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "," || $0 == "." || $0 == "-" }
    }

    /// Whether a cell starts with an Arabic letter: right-aligned.
    static func isRightToLeft(_ c: String) -> Bool {
        for u in c.unicodeScalars {
            let v = u.value
            if (0x0600...0x06FF).contains(v) || (0x0750...0x077F).contains(v) || (0xFB50...0xFEFC).contains(v) { return true }
            if u.properties.isAlphabetic { return false }
        }
        return false
    }

    /// The table as text, one line per row, each ending in a newline.
    public func render() -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
                line += Self.isNumeric(c) || Self.isRightToLeft(c) ? pad + c : c + pad
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
