import TashihGold
import TashihModel
import TashihText

/// One row of the span table: a gold span or an open suggestion.
public struct SpanRow: Sendable, Equatable {
    public enum State: String, Sendable {
        /// A suggestion nobody answered.
        case open
        /// Gold: accepted unchanged, or imported with the record.
        case gold
        /// Gold changed from a suggestion.
        case edited
        /// Gold added by hand.
        case added
    }
    public var span: Span
    public var state: State
    /// The suggestion it answers or came from.
    public var suggestion: SuggestionRef?
    public var score: Double?
    /// The extractor, `record` (imported) or `hand`.
    public var origin: String

    public var ref: SpanRef { SpanRef(start: span.start, end: span.end, label: span.label) }
}

/// A record as shown: the document, its suggestions, the annotator's working state of it and
/// the numbered rows.
public struct RecordView: Sendable {
    public let index: Int
    public let doc: Document
    public let scalars: [Unicode.Scalar]
    public let suggestions: [Span]
    public let tokens: [Token]
    public private(set) var state: RecordState
    public private(set) var rows: [SpanRow] = []

    init(index: Int, doc: Document, suggestions: [Span], events: [JournalEvent]) {
        self.index = index
        self.doc = doc
        self.scalars = Array(doc.text.unicodeScalars)
        self.suggestions = suggestions
        self.tokens = Tokenizer().tokenize(doc.text)
        self.state = RecordState(textHash: doc.textHash)
        refold(events)
    }

    /// The working state of the record under `events` (one annotator's), and its rows.
    mutating func refold(_ events: [JournalEvent]) {
        let id = doc.id.rawValue
        let ws = WorkingState()
        ws.addRecord(id, textHash: doc.textHash, importedSpans: doc.spans)
        ws.addSuggestions(id, suggestions)
        if !events.isEmpty { ws.fold([events]) }
        state = ws.record(id)!
        var rows: [SpanRow] = []
        for g in state.gold {
            var span = g.span
            span.origin = nil
            span.text = nil
            if let sg = g.suggestion {
                let suggested = suggestions.first {
                    $0.start == sg.start && $0.end == sg.end && $0.label == sg.label && $0.origin?.extractor == sg.extractor
                }
                let same =
                    suggested.map {
                        $0.start == span.start && $0.end == span.end && $0.label == span.label && $0.attributes == span.attributes
                    } ?? false
                rows.append(
                    SpanRow(
                        span: span, state: same ? .gold : .edited, suggestion: sg, score: suggested?.origin?.score,
                        origin: sg.extractor))
            } else if g.events.isEmpty {
                rows.append(SpanRow(span: span, state: .gold, suggestion: nil, score: nil, origin: "record"))
            } else {
                rows.append(SpanRow(span: span, state: .added, suggestion: nil, score: nil, origin: "hand"))
            }
        }
        for s in state.openSuggestions {
            rows.append(
                SpanRow(
                    span: s, state: .open, suggestion: SuggestionRef(s), score: s.origin?.score, origin: s.origin?.extractor ?? ""
                ))
        }
        rows.sort { a, b in
            if a.span.start != b.span.start { return a.span.start < b.span.start }
            if a.span.end != b.span.end { return a.span.end < b.span.end }
            if a.span.label != b.span.label { return a.span.label.utf8.lexicographicallyPrecedes(b.span.label.utf8) }
            return a.state != .open && b.state == .open
        }
        self.rows = rows
    }

    /// The text of scalars `r`.
    public func text(_ r: Range<Int>) -> String {
        var u = String.UnicodeScalarView()
        u.append(contentsOf: scalars[max(0, r.lowerBound)..<min(scalars.count, r.upperBound)])
        return String(u)
    }

    /// The gold spans in canonical order, without origins: what a release writes.
    public var goldSpans: [Span] { state.goldSpans }

    public var openRows: [Int] { rows.indices.filter { rows[$0].state == .open } }
}
