import TashihModel
import TashihText

/// What a token format does with a span edge that falls inside a token (a span that starts
/// after the proclitic of `والقوات`, or ends before a suffix).
public enum CliticPolicy: String, Sendable, CaseIterable {
    /// Cut the token at the edge: the clitic becomes a token of its own (`و` + `القوات`). The
    /// span keeps its offsets.
    case split
    /// Widen the span to the whole token (`والقوات`). The span's offsets change.
    case widen
}

/// One token of an export: a scalar range of the text. `isSeparator` marks the white space (or
/// direction marks) between tokens that spaCy and Prodigy keep as tokens of their own when it
/// is not a single space; `ws` says one space follows (spaCy's `whitespace_`).
public struct ExportToken: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var ws: Bool
    public var isSeparator: Bool

    public init(start: Int, end: Int, ws: Bool, isSeparator: Bool) {
        self.start = start
        self.end = end
        self.ws = ws
        self.isSeparator = isSeparator
    }
}

/// A record cut into tokens that every span lies on, after the clitic policy: its tokens (with
/// separators, so that the token texts and their `ws` flags rebuild the text exactly) and its
/// spans, possibly moved (widen) or trimmed off white space.
public struct TokenizedRecord: Sendable {
    /// The text's UTF-8 bytes, and the byte offset of each scalar offset 0...n.
    public var utf8: [UInt8]
    public var byteAt: [Int32]
    public var tokens: [ExportToken]
    public var spans: [Span]
    /// Token index of each span's first and last token (inclusive), parallel to `spans`.
    public var tokenRanges: [ClosedRange<Int>]

    /// Number of scalars in the text.
    public var scalarCount: Int { byteAt.count - 1 }

    /// The text of scalars `[start, end)`.
    public func text(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8[Int(byteAt[start])..<Int(byteAt[end])], as: UTF8.self)
    }

    /// Appends the UTF-8 of scalars `[start, end)` to `out`.
    public func appendText(_ start: Int, _ end: Int, to out: inout [UInt8]) {
        out.append(contentsOf: utf8[Int(byteAt[start])..<Int(byteAt[end])])
    }

    /// The text of token `k`.
    public func text(ofToken k: Int) -> String { text(tokens[k].start, tokens[k].end) }

    /// The scalar values of a text and the byte offset of each scalar offset, in one pass.
    static func decode(_ bytes: [UInt8]) -> (values: [UInt32], byteAt: [Int32]) {
        var values: [UInt32] = []
        var at: [Int32] = []
        values.reserveCapacity(bytes.count)
        at.reserveCapacity(bytes.count + 1)
        var i = 0
        let n = bytes.count
        while i < n {
            at.append(Int32(i))
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                values.append(b0)
                i += 1
            } else if b0 < 0xE0 {
                values.append((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
                i += 2
            } else if b0 < 0xF0 {
                values.append((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
                i += 3
            } else {
                values.append(
                    (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                        | UInt32(bytes[i + 3] & 0x3F))
                i += 4
            }
        }
        at.append(Int32(n))
        return (values, at)
    }

    /// Cuts `text` into tokens with our tokenizer, applies `clitics` to span edges inside
    /// tokens, trims span edges that fall in white space to the tokens, and drops spans that
    /// cover no token. Every change is counted in `summary`.
    public static func make(
        text: String, spans: [Span], clitics: CliticPolicy, summary: inout ExportSummary
    ) -> TokenizedRecord {
        let utf8 = Array(text.utf8)
        let (values, byteAt) = decode(utf8)
        let words = Tokenizer().tokenize(values: values)
        let index = TokenIndex(tokens: words)
        var kept: [Span] = []
        var cuts = Set<Int>()
        for var s in spans {
            guard let a = index.align(s.start..<s.end) else {
                summary.drop(s, reason: "covers no token (only white space)")
                continue
            }
            var changed: String?
            if a.start == .betweenTokens || a.end == .betweenTokens {
                let r = index.scalarRange(tokenStart: a.tokenStart, tokenEnd: a.tokenEnd)!
                if a.start == .betweenTokens { s.start = r.lowerBound }
                if a.end == .betweenTokens { s.end = r.upperBound }
                changed = "edge in white space: trimmed to the token"
            }
            if a.startsInsideToken != nil || a.endsInsideToken != nil {
                switch clitics {
                case .split:
                    if a.startsInsideToken != nil { cuts.insert(s.start) }
                    if a.endsInsideToken != nil { cuts.insert(s.end) }
                    summary.change(s, reason: "edge inside a token: clitic split off as its own token (offsets kept)")
                case .widen:
                    if let k = a.startsInsideToken { s.start = words[k].start }
                    if let k = a.endsInsideToken { s.end = words[k].end }
                    changed = "edge inside a token: widened to the whole token"
                }
            }
            if let changed {
                s.text = nil
                summary.change(s, reason: changed)
            }
            kept.append(s)
        }
        // Words cut at the split points, with separators between them.
        var tokens: [ExportToken] = []
        tokens.reserveCapacity(words.count * 2)
        var pos = 0
        func gap(upTo next: Int) {
            guard next > pos else { return }
            var from = pos
            if let last = tokens.indices.last, !tokens[last].isSeparator, values[pos] == 0x20 {
                tokens[last].ws = true
                from += 1
            }
            if next > from { tokens.append(ExportToken(start: from, end: next, ws: false, isSeparator: true)) }
        }
        for w in words {
            gap(upTo: w.start)
            var s = w.start
            if !cuts.isEmpty {
                for c in cuts.filter({ $0 > w.start && $0 < w.end }).sorted() {
                    tokens.append(ExportToken(start: s, end: c, ws: false, isSeparator: false))
                    s = c
                }
            }
            tokens.append(ExportToken(start: s, end: w.end, ws: false, isSeparator: false))
            pos = w.end
        }
        gap(upTo: values.count)
        // Token ranges of the spans (every edge is now a token edge).
        var ranges: [ClosedRange<Int>] = []
        if !kept.isEmpty {
            var startIndex = [Int32](repeating: -1, count: values.count + 1)
            var endIndex = [Int32](repeating: -1, count: values.count + 1)
            for (k, t) in tokens.enumerated() where !t.isSeparator {
                startIndex[t.start] = Int32(k)
                endIndex[t.end] = Int32(k)
            }
            for s in kept {
                // Always found: edges were moved to token edges or cut there above.
                ranges.append(Int(startIndex[s.start])...Int(endIndex[s.end]))
            }
        }
        return TokenizedRecord(utf8: utf8, byteAt: byteAt, tokens: tokens, spans: kept, tokenRanges: ranges)
    }
}

/// How a token format (one tag per token) resolves overlapping spans.
public enum OverlapPolicy: String, Sendable, CaseIterable {
    /// Keep the span of the label that comes first in the priority order (the schema's order of
    /// families and labels unless `--priority` names one), then the longer, then the earlier;
    /// drop the spans that overlap a kept one, and count them.
    case priority
    /// One file per family: spans of different families never compete; overlaps within a family
    /// are resolved by priority.
    case perFamily = "per-family"
}

/// The tag schemes of the token formats.
public enum TagScheme: String, Sendable {
    /// `B-X` starts a span, `I-X` continues it, `O` is outside.
    case iob2
    /// `S-X` a one-token span, `B-X`/`I-X`/`E-X` the first, inner and last tokens of a longer one.
    case bioes
}

extension TokenizedRecord {
    /// Keeps the spans that do not overlap a span of higher priority (`rank` of their label:
    /// lower is first; then longer, then earlier); counts the dropped ones. Returns the indices
    /// of the kept spans, in text order.
    public func resolveOverlaps(rank: (String) -> Int, summary: inout ExportSummary) -> [Int] {
        let order = spans.indices.sorted { a, b in
            let x = spans[a]
            let y = spans[b]
            let rx = rank(x.label)
            let ry = rank(y.label)
            if rx != ry { return rx < ry }
            if x.end - x.start != y.end - y.start { return x.end - x.start > y.end - y.start }
            if x.start != y.start { return x.start < y.start }
            return x.label.utf8.lexicographicallyPrecedes(y.label.utf8)
        }
        var taken = [Bool](repeating: false, count: tokens.count)
        var kept: [Int] = []
        for i in order {
            let r = tokenRanges[i]
            if let k = r.first(where: { taken[$0] }) {
                let winner = kept.first { tokenRanges[$0].contains(k) }.map { spans[$0].label } ?? "?"
                summary.drop(spans[i], reason: "overlaps a \(winner) span kept by priority")
                continue
            }
            for k in r { taken[k] = true }
            kept.append(i)
        }
        return kept.sorted { spans[$0].start < spans[$1].start }
    }

    /// One tag per token (separators included, tagged `O`) for the non-overlapping spans `kept`.
    public func tags(for kept: [Int], scheme: TagScheme) -> [String] {
        var tags = [String](repeating: "O", count: tokens.count)
        for i in kept {
            let r = tokenRanges[i]
            let l = spans[i].label
            let words = r.filter { !tokens[$0].isSeparator }
            for (n, k) in words.enumerated() {
                switch scheme {
                case .iob2: tags[k] = (n == 0 ? "B-" : "I-") + l
                case .bioes:
                    if words.count == 1 {
                        tags[k] = "S-" + l
                    } else {
                        tags[k] = (n == 0 ? "B-" : n == words.count - 1 ? "E-" : "I-") + l
                    }
                }
            }
        }
        return tags
    }
}

/// What an export wrote and what its policies changed, for the summary printed after it.
public struct ExportSummary: Sendable {
    public var records = 0
    public var files: [String] = []
    /// Spans written, per label.
    public var written: [String: Int] = [:]
    /// Spans written with changed offsets or tokens, per reason.
    public var changed: [String: Int] = [:]
    /// Spans not written, per reason.
    public var dropped: [String: Int] = [:]
    /// Spans left out because their label is not in `--family`/`--label`.
    public var notSelected = 0
    /// Records per split, when split.
    public var splits: [(name: String, records: Int)] = []
    /// Suggestions written as predictions (Label Studio).
    public var predictions = 0

    public init() {}

    mutating func drop(_ s: Span, reason: String) { dropped["\(s.label): \(reason)", default: 0] += 1 }
    mutating func change(_ s: Span, reason: String) { changed["\(s.label): \(reason)", default: 0] += 1 }

    /// The summary as lines of text.
    public var lines: [String] {
        var out: [String] = []
        out.append("records: \(records)")
        if !splits.isEmpty { out.append("splits: " + splits.map { "\($0.name) \($0.records)" }.joined(separator: ", ")) }
        let total = written.values.reduce(0, +)
        out.append("spans written: \(total)")
        for (l, n) in written.sorted(by: { $0.key < $1.key }) { out.append("  \(l): \(n)") }
        if predictions > 0 { out.append("suggestions written as predictions: \(predictions)") }
        if notSelected > 0 { out.append("spans left out by --family/--label: \(notSelected)") }
        let nc = changed.values.reduce(0, +)
        out.append("spans changed by policy: \(nc)")
        for (r, n) in changed.sorted(by: { $0.key < $1.key }) { out.append("  \(n) × \(r)") }
        let nd = dropped.values.reduce(0, +)
        out.append("spans dropped by policy: \(nd)")
        for (r, n) in dropped.sorted(by: { $0.key < $1.key }) { out.append("  \(n) × \(r)") }
        return out
    }
}
