import TashihModel

/// Attribute figures on matched spans (nervaluate strict's COR pairs: same boundaries, same
/// label): per family and attribute, of the pairs whose gold span has the attribute, how many
/// predictions have the same value. Numbers also count "within tolerance"
/// (`|predicted − gold| ≤ tolerance·|gold|`). Besides: actor linking as P/R of
/// `(start, end, actor_id)` triples over all actor spans, and stance polarity — of the stance
/// spans predicted with a gold stance span's boundaries, how many have its label.
public struct AttributeTally: Sendable {
    public struct Row: Sendable, Hashable {
        public var family: String
        public var attribute: String
        /// Matched pairs whose gold span has the attribute.
        public var compared = 0
        /// … where the prediction has the same value.
        public var correct = 0
        /// … where the prediction has no value.
        public var missing = 0
        /// Matched pairs where only the prediction has the attribute.
        public var extra = 0
        public var accuracy: Double { compared > 0 ? Double(correct) / Double(compared) : 0 }
    }

    var rowIndex: [String: Int] = [:]
    public private(set) var rows: [Row] = []
    /// Stance spans matched on boundaries alone, and how many of them have the gold label.
    public private(set) var polarityCompared = 0
    public private(set) var polaritySame = 0
    /// Actor linking: `(start, end, actor_id)` triples in gold, predicted and both.
    public private(set) var linkingGold = 0
    public private(set) var linkingPredicted = 0
    public private(set) var linkingBoth = 0

    public init() {}

    public var linking: PRF {
        PRF(
            precision: linkingPredicted > 0 ? Double(linkingBoth) / Double(linkingPredicted) : 0,
            recall: linkingGold > 0 ? Double(linkingBoth) / Double(linkingGold) : 0)
    }

    public var polarityAccuracy: Double { polarityCompared > 0 ? Double(polaritySame) / Double(polarityCompared) : 0 }

    mutating func row(_ family: String, _ attribute: String) -> Int {
        let key = family + "\u{0}" + attribute
        if let i = rowIndex[key] { return i }
        rowIndex[key] = rows.count
        rows.append(Row(family: family, attribute: attribute))
        return rows.count - 1
    }

    /// The label of the tolerance row of `value`.
    public static func toleranceName(_ tolerance: Double) -> String {
        let pct = tolerance * 100
        let shown = pct == pct.rounded() ? String(Int(pct)) : String(pct)
        return "value ±\(shown)%"
    }

    mutating func addMatched(gold: Span, predicted: Span, family: String, tolerance: Double) {
        for (name, gv) in gold.attributes.sorted(by: { $0.key < $1.key }) {
            let i = row(family, name)
            rows[i].compared += 1
            guard let pv = predicted.attributes[name] else {
                rows[i].missing += 1
                if name == "value" { rows[row(family, Self.toleranceName(tolerance))].compared += 1 }
                continue
            }
            if pv == gv { rows[i].correct += 1 }
            if name == "value", case .number(let g) = gv {
                let t = row(family, Self.toleranceName(tolerance))
                rows[t].compared += 1
                if case .number(let p) = pv, abs(p - g) <= tolerance * abs(g) { rows[t].correct += 1 }
            }
        }
        for name in predicted.attributes.keys where gold.attributes[name] == nil { rows[row(family, name)].extra += 1 }
    }

    mutating func addPolarity(same: Bool, count: Int = 1) {
        polarityCompared += count
        if same { polaritySame += count }
    }

    struct Triple: Hashable {
        var start: Int
        var end: Int
        var id: String
    }

    mutating func addLinking(gold: [Span], predicted: [Span], isActor: (String) -> Bool) {
        guard
            gold.contains(where: { !$0.attributes.isEmpty && $0.attributes["actor_id"] != nil })
                || predicted.contains(where: { !$0.attributes.isEmpty && $0.attributes["actor_id"] != nil })
        else { return }
        func triples(_ spans: [Span]) -> Set<Triple> {
            var out = Set<Triple>()
            for s in spans where isActor(s.label) {
                if case .string(let id)? = s.attributes["actor_id"] { out.insert(Triple(start: s.start, end: s.end, id: id)) }
            }
            return out
        }
        let g = triples(gold)
        let p = triples(predicted)
        linkingGold += g.count
        linkingPredicted += p.count
        linkingBoth += g.intersection(p).count
    }
}

extension AttributeTally {
    /// Adds the tallies of `other`, made over documents that come after this one's: rows keep
    /// the order in which a sequential pass would first have met them.
    mutating func merge(_ other: AttributeTally) {
        for r in other.rows {
            let i = row(r.family, r.attribute)
            rows[i].compared += r.compared
            rows[i].correct += r.correct
            rows[i].missing += r.missing
            rows[i].extra += r.extra
        }
        polarityCompared += other.polarityCompared
        polaritySame += other.polaritySame
        linkingGold += other.linkingGold
        linkingPredicted += other.linkingPredicted
        linkingBoth += other.linkingBoth
    }
}
