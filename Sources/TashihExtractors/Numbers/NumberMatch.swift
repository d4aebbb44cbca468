/// The label of a number span (the `number` family of the default schema).
public enum NumberLabel: String, Sendable, Hashable, CaseIterable {
    case count = "COUNT"
    case percent = "PERCENT"
    case measure = "MEASURE"
}

/// How the value was stated: the `qualifier` attribute (ARABIC.md §5).
public enum NumberQualifier: String, Sendable, Hashable, CaseIterable {
    case exact
    case approx
    case atLeast = "at_least"
    case moreThan = "more_than"
    case lessThan = "less_than"
    case atMost = "at_most"
    case range
}

/// What a COUNT counts: the `category` attribute.
public enum CountCategory: String, Sendable, Hashable, CaseIterable {
    case killed, wounded, captured, missing, fighters, civilians, displaced, surrendered, equipment, other
}

/// One number expression found in a text.
///
/// `start`/`end` are Unicode scalar offsets into the text, end exclusive. The range is the
/// number expression only — no approximator, no counted noun — except that a dual noun that is
/// itself the number (`جنديين`) and a number word with an attached proclitic (`بألفي`, `لستة`)
/// are spanned whole, a PERCENT includes its marker (`1%`, `واحد في المئة`) and a MEASURE its
/// unit (`4 كم مربع`).
public struct NumberMatch: Sendable, Hashable, CustomStringConvertible {
    public var label: NumberLabel
    public var start: Int
    public var end: Int
    /// The text of the span, exactly as written.
    public var text: String
    public var value: Double
    /// The upper bound of a range (`بين 800 و1000` → 1000); nil otherwise.
    public var valueMax: Double?
    public var qualifier: NumberQualifier
    /// The counted noun as a lemma (`مقاتلاً` → `مقاتل`); for a MEASURE, the unit (`كم مربع`).
    public var counted: String?
    /// COUNT only.
    public var category: CountCategory?
    /// Confidence in 0...1.
    public var score: Double

    public init(
        label: NumberLabel, start: Int, end: Int, text: String, value: Double, valueMax: Double? = nil,
        qualifier: NumberQualifier, counted: String? = nil, category: CountCategory? = nil, score: Double
    ) {
        self.label = label
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.valueMax = valueMax
        self.qualifier = qualifier
        self.counted = counted
        self.category = category
        self.score = score
    }

    public var description: String {
        var s = "\(label.rawValue)[\(start),\(end)) «\(text)» value=\(Self.format(value))"
        if let m = valueMax { s += "…\(Self.format(m))" }
        s += " \(qualifier.rawValue)"
        if let c = counted { s += " counted=\(c)" }
        if let c = category { s += " category=\(c.rawValue)" }
        return s
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
