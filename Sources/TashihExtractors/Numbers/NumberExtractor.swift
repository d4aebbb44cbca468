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
    /// The name and version suggestions carry (the origins below are made before `self` is).
    static let extractorName = "builtin.numbers"
    static let algorithmVersion = "1.0"
    public let name = extractorName
    public let version = algorithmVersion
    /// The origins of spans by label and score (`k / 20` for `k` in 0...20; all scores the parser
    /// gives are): `origins[labelRow * 21 + k]`. Each keeps the JSON its spans share written out.
    let origins: [SuggestionOrigin]

    public init() {
        origins = [NumberLabel.count, .percent, .measure].flatMap { label in
            (0...20).map { k in
                SuggestionOrigin(
                    extractor: Self.extractorName, version: Self.algorithmVersion, score: Double(k) / 20,
                    forSpansLabelled: label.rawValue)
            }
        }
    }

    /// The origin of a span with `label` and `score`.
    func origin(_ label: NumberLabel, _ score: Double) -> SuggestionOrigin {
        let k = Int((score * 20).rounded())
        if k >= 0 && k <= 20 && Double(k) / 20 == score {
            let row: Int
            switch label {
            case .count: row = 0
            case .percent: row = 1
            case .measure: row = 2
            }
            return origins[row * 21 + k]
        }
        return SuggestionOrigin(extractor: name, version: version, score: score)
    }

    /// Every number expression of `text`, in text order, non-overlapping.
    public func findNumbers(in text: String) -> [NumberMatch] {
        findNumbers(in: text, values: NumberLexer.scalars(of: text))
    }

    /// `findNumbers(in:)` for a text already decoded to scalar values.
    public func findNumbers(in text: String, values scalars: [UInt32]) -> [NumberMatch] {
        findNumbers(values: scalars, cueMemo: nil)
    }

    /// `findNumbers(in:values:)`, with the cues of words and the token buffer kept in `scratch`
    /// over a run.
    func findNumbers(values scalars: [UInt32], cueMemo scratch: NumberScratch?) -> [NumberMatch] {
        scalars.withUnsafeBufferPointer { buf in
            let matches: [NumberMatch]
            if let scratch {
                // Every token takes at least one scalar: room for count + 1 is enough.
                let room = scratch.tokenBuffer(count: buf.count + 1)
                let n = NumberLexer.tokenize(buf, into: room)
                var p = NumberParser(buf, UnsafeBufferPointer(rebasing: room[0..<n]), cueMemo: scratch)
                matches = p.run()
            } else {
                let tokens = NumberLexer.tokenize(buf)
                matches = tokens.withUnsafeBufferPointer { t in
                    var p = NumberParser(buf, t)
                    return p.run()
                }
            }
            return Self.fillElidedNouns(matches, values: scalars)
        }
    }

    /// A count whose noun is elided takes the noun of the count before it in the same sentence
    /// (`قتل أكثر من 60 من مقاتلي … واعتقلوا ما لا يقل عن 20.` → 20 مقاتل); a percentage takes
    /// the whole after `من` (`أقل من 1% من الأراضي` → أرض). Guidelines/numbers.md, `counted`.
    static func fillElidedNouns(_ matches: [NumberMatch], values s: [UInt32]) -> [NumberMatch] {
        guard !matches.isEmpty else { return matches }
        var out = matches
        var previous: (end: Int, counted: String)?
        for i in out.indices {
            let m = out[i]
            if m.label == .count {
                if m.counted == nil, let p = previous,
                    !s[p.end..<m.start].contains(where: { $0 == 0x2E || $0 == 0x21 || $0 == 0x3F || $0 == 0x061F || $0 == 0x0A })
                {
                    out[i].counted = p.counted
                }
                if let c = out[i].counted { previous = (m.end, c) }
            } else if m.label == .percent, m.counted == nil {
                out[i].counted = wholeAfterMin(s, from: m.end)
            }
        }
        return out
    }

    /// Broken plurals of the wholes a percentage is of, with their lemmas (built once: a
    /// dictionary literal in the function hashed its six Arabic keys on every call).
    static let irregularWholes = [
        "الأراضي": "أرض", "اراضي": "أرض", "أراضي": "أرض", "المناطق": "منطقة", "السكان": "ساكن", "المساحة": "مساحة",
    ]

    /// The noun after `من` following a percentage, as a lemma: a few broken plurals by table,
    /// else without the article.
    static func wholeAfterMin(_ s: [UInt32], from: Int) -> String? {
        var i = from
        func word() -> String? {
            while i < s.count, let u = Unicode.Scalar(s[i]), u.properties.isWhitespace { i += 1 }
            let start = i
            while i < s.count, let u = Unicode.Scalar(s[i]), u.properties.isAlphabetic { i += 1 }
            guard i > start else { return nil }
            var v = String.UnicodeScalarView()
            for x in s[start..<i] { v.append(Unicode.Scalar(x)!) }
            return String(v)
        }
        guard word() == "من", let w = word() else { return nil }
        if let l = irregularWholes[w] { return l }
        return w.hasPrefix("ال") ? String(w.dropFirst(2)) : w
    }

    public func extract(_ document: Document) -> [Span] {
        findNumbers(in: document.text).map { span(for: $0) }
    }

    /// The spans of a document already analysed.
    public func extract(_ document: Document, values: [UInt32]) -> [Span] {
        var out: [Span] = []
        appendSpans(of: document, values: values, to: &out)
        return out
    }

    /// Appends the spans of a document already analysed to `out`.
    public func appendSpans(of document: Document, values: [UInt32], to out: inout [Span]) {
        appendSpans(values: values, to: &out, cueMemo: nil)
    }

    func appendSpans(values: [UInt32], to out: inout [Span], cueMemo: NumberScratch?) {
        for m in findNumbers(values: values, cueMemo: cueMemo) { out.append(span(for: m)) }
    }

    /// ``appendSpans(values:to:cueMemo:)`` with each span written out into `written` (the
    /// bytes of ``span(for:)``'s span), its attributes never made a dictionary.
    func appendWritten(values: [UInt32], to written: inout WrittenSpans, cueMemo: NumberScratch?) {
        for m in findNumbers(values: values, cueMemo: cueMemo) { write(m, to: &written) }
    }

    /// Writes the span of a match (``span(for:)``'s) into `written`: its attributes in the
    /// byte order of their keys.
    func write(_ m: NumberMatch, to written: inout WrittenSpans) {
        typealias W = WrittenSpans.AttributeWriter
        let category = m.label == .count ? m.category : nil
        var bound = W.bound(m.qualifier.rawValue) + 2 * W.numberBound
        if let c = m.counted { bound += W.bound(c) }
        if let c = category { bound += W.bound(c.rawValue) }
        written.append(
            start: m.start, end: m.end, label: m.label.rawValue, text: m.text, origin: origin(m.label, m.score),
            attributesBound: bound
        ) { w in
            if let c = category { w.add("category", c.rawValue) }
            if let c = m.counted { w.add("counted", c) }
            w.add("qualifier", m.qualifier.rawValue)
            w.add("value", m.value)
            if let x = m.valueMax { w.add("value_max", x) }
        }
    }

    /// The span of a match, with its attributes and this extractor as origin.
    public func span(for m: NumberMatch) -> Span {
        // Room for all five from the start: a literal of two would grow (rehash) on the third.
        var a = [String: AttributeValue](minimumCapacity: 5)
        a["value"] = .number(m.value)
        a["qualifier"] = .string(m.qualifier.rawValue)
        if let x = m.valueMax { a["value_max"] = .number(x) }
        if let c = m.counted { a["counted"] = .string(c) }
        if m.label == .count, let c = m.category { a["category"] = .string(c.rawValue) }
        return Span(
            start: m.start, end: m.end, label: m.label.rawValue, attributes: a, text: m.text,
            origin: origin(m.label, m.score))
    }
}
