import TashihModel
import TashihText

/// The built-in extractors run together: each document's text is analysed once (scalars and
/// tokens), the actors found are handed to the stance extractor for its targets, and an
/// `ArticleContext` carries the actors of earlier paragraphs of the same article (`meta.source`)
/// to later ones — so documents must come in article order, as datasets store them.
public final class BuiltinSuite: @unchecked Sendable {
    public let actors: ActorExtractor
    public let numbers: NumberExtractor?
    public let stance: StanceExtractor?
    /// Whether actor spans are suggested (false for `--extractor stance`, which uses them).
    public let emitsActors: Bool
    var context = ArticleContext()
    /// Words known to start no actor name as they stand, for the actor matcher.
    let actorWordMemo = ActorWordMemo()
    /// The number cues of words and the lexer's token buffer, for the numbers extractor.
    let numberScratch = NumberScratch()
    /// Words whose proclitic readings start no actor name and no stance cue — the only uses
    /// of readings (the matchers look each one up and go on when nothing starts with it).
    let readingMemo: ReadingMemo

    public init(actors: ActorExtractor, numbers: NumberExtractor?, stance: StanceExtractor?, emitsActors: Bool) {
        self.actors = actors
        self.numbers = numbers
        self.stance = stance
        self.emitsActors = emitsActors
        let index = actors.index
        readingMemo = ReadingMemo { key in index.candidates(key) != nil || stance?.startsACue(key) == true }
    }

    /// The extractor name suggestions are stored under.
    public var name: String {
        switch (emitsActors, numbers != nil, stance != nil) {
        case (true, true, true): return "builtin"
        case (true, false, false): return actors.name
        case (false, true, false): return "builtin.numbers"
        case (false, false, true): return "builtin.stance"
        default: return "builtin"
        }
    }

    /// `builtin.actors=1.0+lex.…,builtin.numbers=1.0,…`: changes whenever output may change.
    public var version: String {
        var parts: [String] = []
        if emitsActors { parts.append("\(actors.name)=\(actors.version)") }
        if let numbers { parts.append("\(numbers.name)=\(numbers.version)") }
        if let stance { parts.append("\(stance.name)=\(stance.version)") }
        return parts.joined(separator: ",")
    }

    /// The suggestions for one document, sorted by start, end, label.
    public func extract(_ document: Document) -> [Span] {
        extract(source: document.meta["source"]?.stringValue, values: scalarValues(of: document.text))
    }

    /// The suggestions for a text given as its scalar values, of the article `source`
    /// (`meta.source`), sorted by start, end, label.
    public func extract(source: String?, values: [UInt32]) -> [Span] {
        let (spans, actorSpans) = extractParts(source: source, values: values)
        return Span.merging(spans, actorSpans, origins: actors.origins)
    }

    /// ``extract(source:values:)`` in two parts, each sorted by start, end, label: the numbers'
    /// and stance spans, and the actor spans as ``OriginSpan``s of `actors.origins` (for
    /// ``TextRecord/writeCanonicalJSON(spans:originSpans:origins:to:)``, which writes them
    /// without making them spans).
    public func extractParts(source: String?, values: [UInt32]) -> (spans: [Span], actorSpans: [OriginSpan]) {
        let (analysis, found, actorSpans) = analyse(source: source, values: values)
        // One array, appended to in place: a span holds five references, so every copy of
        // one (an `append(contentsOf:)` from a temporary, a sort through indices) costs.
        var spans: [Span] = []
        spans.reserveCapacity(analysis.tokens.count / 16 + 4)
        if let numbers { numbers.appendSpans(values: analysis.values, to: &spans, cueMemo: numberScratch) }
        if let stance { spans += stance.spans(analysis: analysis, actors: found, context: &context) }
        // Stable, in place: ties keep the order above.
        Span.sortCanonically(&spans)
        return (spans, actorSpans)
    }

    /// ``extractParts(source:values:)`` with the numbers' and stance spans written out into
    /// `written` (emptied first) instead of made ``Span``s, in the same order: for
    /// ``TextRecord/writeCanonicalJSON(written:originSpans:origins:to:)``, which writes the
    /// same bytes. A number's attributes never become a dictionary. Returns the actor spans.
    public func extractWritten(source: String?, values: [UInt32], into written: inout WrittenSpans) -> [OriginSpan] {
        written.removeAll()
        let (analysis, found, actorSpans) = analyse(source: source, values: values)
        if let numbers { numbers.appendWritten(values: analysis.values, to: &written, cueMemo: numberScratch) }
        if let stance { for s in stance.spans(analysis: analysis, actors: found, context: &context) { written.append(s) } }
        written.sortCanonically()
        return actorSpans
    }

    /// What both ways of extracting share: the article context entered, the text analysed, the
    /// actors matched (and, when this suite emits them, made origin spans, sorted).
    private func analyse(
        source: String?, values: [UInt32]
    ) -> (analysis: TextAnalysis, found: [ActorExtractor.Match], actorSpans: [OriginSpan]) {
        context.enter(source: source)
        let analysis = TextAnalysis(values: values, readingMemo: readingMemo)
        let found = actors.matches(in: analysis, memo: actorWordMemo)
        var actorSpans: [OriginSpan] = []
        if emitsActors {
            actors.appendOriginSpans(for: found, to: &actorSpans)
            OriginSpan.sortCanonically(&actorSpans, origins: actors.origins)
        }
        return (analysis, found, actorSpans)
    }
}
