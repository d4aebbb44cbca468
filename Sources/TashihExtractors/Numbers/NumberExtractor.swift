import TashihModel

/// The built-in numbers extractor: casualty and force counts, percentages and measures in
/// Arabic text, each with its value, qualifier, counted noun and category.
///
/// ```swift
/// let x = NumberExtractor()
/// x.findNumbers(in: "قتل ما لا يقل عن 40 مقاتلاً")
/// // [COUNT[17,19) «40» value=40 at_least counted=مقاتل category=killed]
/// ```
///
/// Offsets are Unicode scalar offsets, end exclusive, on the text as given. The extractor is a
/// single pass over the scalars with integer-keyed lexicon lookups (no regular expressions, no
/// per-character allocation); see NumberParser.swift for the decisions it encodes.
public struct NumberExtractor: Extractor {
    public let name = "builtin.numbers"
    public let version = "1.0"

    public init() {}

    /// Every number expression of `text`, in text order, non-overlapping.
    public func findNumbers(in text: String) -> [NumberMatch] {
        let scalars = NumberLexer.scalars(of: text)
        return scalars.withUnsafeBufferPointer { buf in
            let tokens = NumberLexer.tokenize(buf)
            var p = NumberParser(buf, tokens)
            return p.run()
        }
    }

    public func extract(_ document: Document) -> [Span] {
        findNumbers(in: document.text).map { span(for: $0) }
    }

    /// The span of a match, with its attributes and this extractor as origin.
    public func span(for m: NumberMatch) -> Span {
        var a: [String: AttributeValue] = [
            "value": .number(m.value),
            "qualifier": .string(m.qualifier.rawValue),
        ]
        if let x = m.valueMax { a["value_max"] = .number(x) }
        if let c = m.counted { a["counted"] = .string(c) }
        if m.label == .count, let c = m.category { a["category"] = .string(c.rawValue) }
        return Span(
            start: m.start, end: m.end, label: m.label.rawValue, attributes: a, text: m.text,
            origin: SuggestionOrigin(extractor: name, version: version, score: m.score))
    }
}
