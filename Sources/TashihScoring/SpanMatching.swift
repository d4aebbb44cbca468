/// A span as scoring sees it: `[start, end)` in Unicode scalars and a label.
public struct ScoredSpan: Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int
    public var label: String

    public init(start: Int, end: Int, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }

    /// Whether the spans share a scalar (touching spans do not overlap).
    public func overlaps(_ o: ScoredSpan) -> Bool { start < o.end && o.start < end }

    /// Ordered by start, end, then label bytes: the order matching runs in (nervaluate matches
    /// greedily in list order, so the order must be fixed for the counts to be reproducible).
    public static func < (a: ScoredSpan, b: ScoredSpan) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end < b.end }
        return a.label.utf8.lexicographicallyPrecedes(b.label.utf8)
    }
}

/// The counts of one nervaluate scheme (SemEval-2013 Task 9.1): each prediction is COR, INC,
/// PAR or SPU, each gold span is matched once or MIS.
public struct SchemeCounts: Sendable, Hashable {
    public var correct = 0, incorrect = 0, partial = 0, missed = 0, spurious = 0

    public init() {}

    /// Gold spans: COR + INC + PAR + MIS.
    public var possible: Int { correct + incorrect + partial + missed }
    /// Predictions: COR + INC + PAR + SPU.
    public var actual: Int { correct + incorrect + partial + spurious }

    public static func + (a: SchemeCounts, b: SchemeCounts) -> SchemeCounts {
        var c = a
        c.correct += b.correct
        c.incorrect += b.incorrect
        c.partial += b.partial
        c.missed += b.missed
        c.spurious += b.spurious
        return c
    }
}

/// Span matching by nervaluate 1.2.1's rules for the `strict` and `exact` schemes (the
/// `partial` and `ent_type` schemes join them with the scoring milestone). Greedy and
/// one-to-one in sorted order: a prediction takes the first unmatched gold span with the same
/// boundaries (and label, for strict) — COR; else the first unmatched gold span it overlaps —
/// INC; else it is SPU. Unmatched gold spans are MIS. Duplicates are not collapsed.
public enum SpanMatching {
    public enum Scheme: String, Sendable, CaseIterable {
        case strict, exact
    }

    /// The counts of one document.
    public static func count(gold: [ScoredSpan], predicted: [ScoredSpan], scheme: Scheme) -> SchemeCounts {
        let g = gold.sorted()
        let p = predicted.sorted()
        var used = [Bool](repeating: false, count: g.count)
        var c = SchemeCounts()
        for x in p {
            if let i = g.indices.first(where: { i in
                !used[i] && g[i].start == x.start && g[i].end == x.end && (scheme == .exact || g[i].label == x.label)
            }) {
                used[i] = true
                c.correct += 1
            } else if let i = g.indices.first(where: { !used[$0] && g[$0].overlaps(x) }) {
                used[i] = true
                c.incorrect += 1
            } else {
                c.spurious += 1
            }
        }
        c.missed = used.filter { !$0 }.count
        return c
    }

    /// Precision and recall of strict/exact counts: COR/ACT and COR/POS, 0 when the
    /// denominator is 0; F1 = 2PR/(P+R), 0 when P+R is 0 (never NaN).
    public static func precisionRecallF1(_ c: SchemeCounts) -> (p: Double, r: Double, f1: Double) {
        let p = c.actual == 0 ? 0 : Double(c.correct) / Double(c.actual)
        let r = c.possible == 0 ? 0 : Double(c.correct) / Double(c.possible)
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r))
    }
}
