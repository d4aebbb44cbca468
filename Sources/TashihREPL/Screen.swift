import TashihJSON
import TashihModel
import TashihTerminal
import TashihText

/// Lays a record out as logical lines (wrapped to the terminal width by display width, harakat
/// taking no column) with highlights, and hands each to the `LineRenderer`.
public struct Screen: Sendable {
    public var width: Int
    public var renderer: LineRenderer

    public init(width: Int, renderer: LineRenderer) {
        self.width = max(20, width)
        self.renderer = renderer
    }

    static let openStyle = "1;33"
    static let goldStyle = "1;32"

    static func style(_ row: SpanRow) -> String { row.state == .open ? openStyle : goldStyle }

    /// The text with every row's span in a numbered bracket `[N …]`, and the highlights.
    public static func markedText(_ view: RecordView) -> (scalars: [Unicode.Scalar], highlights: [Highlight]) {
        let rows = view.rows
        var opens: [Int: [Int]] = [:]
        var closes: [Int: [Int]] = [:]
        for (k, r) in rows.enumerated() {
            opens[r.span.start, default: []].append(k)
            closes[r.span.end, default: []].append(k)
        }
        var out: [Unicode.Scalar] = []
        var highlights: [Highlight] = []
        var openAt: [Int: Int] = [:]
        func close(_ i: Int) {
            for k in (closes[i] ?? []).reversed() {
                out.append("]")
                if let s = openAt[k] { highlights.append(Highlight(range: s..<out.count, sgr: style(rows[k]))) }
            }
        }
        for i in 0..<view.scalars.count {
            close(i)
            for k in opens[i] ?? [] {
                openAt[k] = out.count
                out.append("[")
                out.append(contentsOf: String(k + 1).unicodeScalars)
                out.append(" ")
            }
            out.append(view.scalars[i])
        }
        close(view.scalars.count)
        // Inner spans drawn after outer ones win (the renderer takes the last match).
        highlights.sort { $0.range.count > $1.range.count }
        return (out, highlights)
    }

    /// Splits a logical line at spaces (and `\n`) into lines of at most `width` columns;
    /// highlights follow their scalars.
    public static func wrap(_ scalars: [Unicode.Scalar], highlights: [Highlight], width: Int) -> [(
        scalars: [Unicode.Scalar], highlights: [Highlight]
    )] {
        // The space of a bracket's `[N ` never breaks a line: the number stays with its span.
        func glued(_ j: Int) -> Bool {
            var k = j - 1
            while k >= 0 && ("0"..."9").contains(scalars[k]) { k -= 1 }
            return k >= 0 && k < j - 1 && scalars[k] == "["
        }
        var lines: [Range<Int>] = []
        var lineStart = 0
        var lineWidth = 0
        var i = 0
        let n = scalars.count
        while i < n {
            if scalars[i] == "\n" {
                lines.append(lineStart..<i)
                i += 1
                lineStart = i
                lineWidth = 0
                continue
            }
            // The next word (with the spaces before it).
            var j = i
            var w = 0
            while j < n && scalars[j] == " " {
                w += 1
                j += 1
            }
            while j < n && scalars[j] != "\n" && (scalars[j] != " " || glued(j)) {
                w += DisplayWidth.of(scalars[j])
                j += 1
            }
            if lineWidth + w <= width || lineWidth == 0 {
                if lineWidth == 0 && w > width {
                    // A word longer than the line: cut it.
                    var k = i
                    var cw = 0
                    while k < j && cw + DisplayWidth.of(scalars[k]) <= width {
                        cw += DisplayWidth.of(scalars[k])
                        k += 1
                    }
                    k = max(k, i + 1)
                    lines.append(lineStart..<k)
                    lineStart = k
                    i = k
                    lineWidth = 0
                    continue
                }
                lineWidth += w
                i = j
            } else {
                lines.append(lineStart..<i)
                // Drop the spaces at the break.
                while i < n && scalars[i] == " " { i += 1 }
                lineStart = i
                lineWidth = 0
            }
        }
        if lineStart < n || lines.isEmpty { lines.append(lineStart..<n) }
        return lines.map { r in
            let hs = highlights.compactMap { h -> Highlight? in
                let lo = max(h.range.lowerBound, r.lowerBound)
                let hi = min(h.range.upperBound, r.upperBound)
                return lo < hi ? Highlight(range: (lo - r.lowerBound)..<(hi - r.lowerBound), sgr: h.sgr) : nil
            }
            return (Array(scalars[r]), hs)
        }
    }

    /// Whether the first strong letter is Arabic (right-to-left paragraph).
    static func isRightToLeft(_ scalars: [Unicode.Scalar]) -> Bool {
        for u in scalars {
            if Arabic.isArabicLetter(u) { return true }
            if u.properties.isAlphabetic { return false }
        }
        return false
    }

    /// Renders logical lines. Lines of a right-to-left paragraph (an Arabic record, wrapped) keep
    /// that direction even when one starts with a Latin name or a number, and in `app` mode are
    /// right-aligned to the width, as a terminal that reorders would show them; other lines
    /// (headers, guideline sections: English with Arabic examples) are left-to-right paragraphs,
    /// so a line whose first letter happens to be Arabic is not flipped as a whole.
    func render(_ lines: [(scalars: [Unicode.Scalar], highlights: [Highlight])], rightToLeft: Bool) -> [String] {
        lines.map { l in
            renderer.render(
                l.scalars, highlights: l.highlights, rightToLeft: rightToLeft, width: width)
        }
    }

    /// One plain line (wrapped) through the renderer.
    public func plain(_ text: String) -> [String] {
        let sc = Array(text.unicodeScalars)
        return render(Self.wrap(sc, highlights: [], width: width), rightToLeft: false)
    }

    /// The record's text, marked and wrapped.
    public func text(_ view: RecordView) -> [String] {
        let (sc, hs) = Self.markedText(view)
        return render(Self.wrap(sc, highlights: hs, width: width), rightToLeft: Self.isRightToLeft(view.scalars))
    }

    static func attributes(_ s: Span) -> String {
        s.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    static func score(_ d: Double?) -> String {
        guard let d else { return "-" }
        return JSONNumber(d).literal
    }

    /// The span table: `#`, state, family, label, attributes, origin, score, text — the Arabic
    /// text last, so no two Arabic cells stand side by side. Fitted to the width: the family
    /// column goes first (the label implies it), then long attribute cells are cut with `…`.
    public func table(_ view: RecordView, schema: Schema) -> [String] {
        guard !view.rows.isEmpty else { return plain("(no spans: add one with n LABEL T1-T2 or n LABEL \"text\")") }
        var cells: [[String]] = [["#", "state", "family", "label", "attributes", "origin", "score", "text"]]
        for (k, r) in view.rows.enumerated() {
            cells.append([
                String(k + 1), r.state.rawValue, schema.family(ofLabel: r.span.label)?.name ?? "?", r.span.label,
                Self.attributes(r.span), r.origin, Self.score(r.score), view.text(r.span.start..<r.span.end),
            ])
        }
        func total(_ rows: [[String]]) -> Int {
            let columns = rows[0].count
            var w = [Int](repeating: 0, count: columns)
            for r in rows { for (i, c) in r.enumerated() { w[i] = max(w[i], DisplayWidth.of(c)) } }
            return w.reduce(0, +) + 2 * (columns - 1)
        }
        if total(cells) > width { cells = cells.map { r in r.enumerated().filter { $0.offset != 2 }.map(\.element) } }
        let over = total(cells) - width
        if over > 0 {
            let a = 3  // the attributes column once family is gone
            let widest = cells.map { DisplayWidth.of($0[a]) }.max() ?? 0
            let keep = max(12, widest - over)
            for i in cells.indices where DisplayWidth.of(cells[i][a]) > keep { cells[i][a] = Self.cut(cells[i][a], to: keep) }
        }
        let numberWidth = String(view.rows.count).count
        let lines = Table(cells).render().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return lines.enumerated().map { (k, l) in
            let sc = Array(l.unicodeScalars)
            let hs = k == 0 ? [] : [Highlight(range: 0..<min(numberWidth, sc.count), sgr: Self.style(view.rows[k - 1]))]
            return renderer.render(sc, highlights: hs)
        }
    }

    /// `s` cut to `columns` display columns, ending in `…`.
    static func cut(_ s: String, to columns: Int) -> String {
        var out = String.UnicodeScalarView()
        var w = 0
        for u in s.unicodeScalars {
            let cw = DisplayWidth.of(u)
            if w + cw > columns - 1 { break }
            out.append(u)
            w += cw
        }
        return String(out) + "…"
    }

    /// The token view: `N:token` cells, wrapped.
    public func tokens(_ view: RecordView) -> [String] {
        var sc: [Unicode.Scalar] = []
        for (k, t) in view.tokens.enumerated() {
            if k > 0 { sc.append(contentsOf: "  ".unicodeScalars) }
            sc.append(contentsOf: "\(k + 1):".unicodeScalars)
            sc.append(contentsOf: view.scalars[t.start..<t.end])
        }
        return render(Self.wrap(sc, highlights: [], width: width), rightToLeft: Self.isRightToLeft(view.scalars))
    }
}
