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

    public init(correct: Int = 0, incorrect: Int = 0, partial: Int = 0, missed: Int = 0, spurious: Int = 0) {
        self.correct = correct
        self.incorrect = incorrect
        self.partial = partial
        self.missed = missed
        self.spurious = spurious
    }

    /// Gold spans: COR + INC + PAR + MIS.
    public var possible: Int { correct + incorrect + partial + missed }
    /// Predictions: COR + INC + PAR + SPU.
    public var actual: Int { correct + incorrect + partial + spurious }

    public static func + (a: SchemeCounts, b: SchemeCounts) -> SchemeCounts {
        var c = a
        c += b
        return c
    }

    public static func += (a: inout SchemeCounts, b: SchemeCounts) {
        a.correct += b.correct
        a.incorrect += b.incorrect
        a.partial += b.partial
        a.missed += b.missed
        a.spurious += b.spurious
    }
}

/// Precision, recall and F1 of one set of counts.
public struct PRF: Sendable, Hashable {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }

    /// `F1 = 2PR/(P+R)`, 0 when `P + R` is 0 (never NaN); the same expression as nervaluate's
    /// and seqeval's, so the floating-point result is the same to the last bit.
    public init(precision p: Double, recall r: Double) {
        self.init(precision: p, recall: r, f1: p + r > 0 ? 2 * (p * r) / (p + r) : 0)
    }

    public static let zero = PRF(precision: 0, recall: 0, f1: 0)
}

/// Span matching by nervaluate 1.2.1's rules (`strategies.py`), per document, for its four
/// schemes. Greedy and one-to-one: predictions are taken in order, and each looks at the gold
/// spans not yet matched, in order — so both lists must be sorted (``ScoredSpan/<``) for the
/// counts to be reproducible.
///
/// | scheme | a prediction is COR when an unmatched gold span … | else, the first unmatched gold span it overlaps makes it |
/// |---|---|---|
/// | strict | has its boundaries and label (the first such) | INC |
/// | exact | has its boundaries (the first such) | INC |
/// | partial | has its boundaries (the first such) | PAR |
/// | ent_type | overlaps it with the same label (the one with the smallest `|Δstart| + |Δend|`, first on ties) | INC (the first overlapping one of **another** label) |
///
/// otherwise it is SPU; gold spans left unmatched are MIS. Duplicates are not collapsed (two
/// identical predictions of one gold span: COR + SPU). "Overlaps" is nervaluate's test with
/// its default threshold: the shared scalars are at least 1 % of the gold span's length,
/// computed as nervaluate computes it in floating point — so a one-scalar overlap with a gold
/// span longer than 100 scalars does not count. Touching spans never overlap.
public enum SpanMatching {
    public enum Scheme: String, Sendable, CaseIterable, Hashable {
        case strict, exact, partial, entType = "ent_type"

        /// Whether PAR counts half in P and R (`partial`, `ent_type`).
        public var halfCreditsPartial: Bool { self == .partial || self == .entType }
    }

    /// What one prediction became.
    public enum Outcome: UInt8, Sendable, Hashable {
        case correct, incorrect, partial, spurious
    }

    /// nervaluate's default `min_overlap_percentage`.
    public static let minOverlapPercentage = 1.0

    /// Whether `p` overlaps gold span `g` enough (nervaluate's `_has_sufficient_overlap`, with
    /// its inclusive ends `end − 1`).
    @inline(__always)
    static func sufficientOverlap(_ ps: Int, _ pe: Int, _ gs: Int, _ ge: Int) -> Bool {
        guard ps < ge && gs < pe else { return false }
        let overlap = min(pe, ge) - max(ps, gs)
        return (Double(overlap) / Double(ge - gs)) * 100.0 >= minOverlapPercentage
    }

    /// The counts of one document.
    public static func count(gold: [ScoredSpan], predicted: [ScoredSpan], scheme: Scheme) -> SchemeCounts {
        match(gold: gold, predicted: predicted, scheme: scheme).counts
    }

    /// The matching of one document: the counts, what each prediction became and which gold
    /// span it took (nil for SPU), in the sorted order of both lists.
    public static func match(gold: [ScoredSpan], predicted: [ScoredSpan], scheme: Scheme) -> Matching {
        var names: [String: Int32] = [:]
        func id(_ l: String) -> Int32 {
            if let i = names[l] { return i }
            let i = Int32(names.count)
            names[l] = i
            return i
        }
        let g = gold.sorted().map { MatchSpan(start: $0.start, end: $0.end, label: id($0.label)) }
        let p = predicted.sorted().map { MatchSpan(start: $0.start, end: $0.end, label: id($0.label)) }
        var m = Matching()
        var used = [Bool](repeating: false, count: g.count)
        g.withUnsafeBufferPointer { gb in
            p.withUnsafeBufferPointer { pb in
                used.withUnsafeMutableBufferPointer { ub in
                    run(gb, pb, scheme, ub) { _, outcome, gi in
                        m.outcomes.append(outcome)
                        m.goldIndex.append(gi)
                    }
                }
            }
        }
        m.counts = tally(m.outcomes, used)
        m.missed = used.indices.filter { !used[$0] }
        return m
    }

    /// The result of ``match(gold:predicted:scheme:)``.
    public struct Matching: Sendable {
        public var counts = SchemeCounts()
        public var outcomes: [Outcome] = []
        public var goldIndex: [Int?] = []
        public var missed: [Int] = []
    }

    static func tally(_ outcomes: [Outcome], _ used: [Bool]) -> SchemeCounts {
        var c = SchemeCounts()
        for o in outcomes {
            switch o {
            case .correct: c.correct += 1
            case .incorrect: c.incorrect += 1
            case .partial: c.partial += 1
            case .spurious: c.spurious += 1
            }
        }
        c.missed = used.lazy.filter { !$0 }.count
        return c
    }

    /// The core loop over sorted spans with integer labels: calls `body(predictionIndex,
    /// outcome, goldIndex)` for each prediction in order and marks the gold spans taken in
    /// `used` (which must start all false). The gold spans are sorted by start, so the search
    /// for a prediction's match stops at the first gold span that starts at or after its end:
    /// neither it nor any later one can have its boundaries or overlap it.
    @inline(__always)
    static func run(
        _ g: UnsafeBufferPointer<MatchSpan>, _ p: UnsafeBufferPointer<MatchSpan>, _ scheme: Scheme,
        _ used: UnsafeMutableBufferPointer<Bool>, _ body: (Int, Outcome, Int?) -> Void
    ) {
        for (pi, x) in p.enumerated() {
            switch scheme {
            case .strict, .exact, .partial:
                var other = -1
                var hit = -1
                for gi in 0..<g.count where !used[gi] {
                    let y = g[gi]
                    if y.start >= x.end { break }
                    if y.start == x.start && y.end == x.end && (scheme != .strict || y.label == x.label) {
                        hit = gi
                        break
                    }
                    if other < 0 && sufficientOverlap(x.start, x.end, y.start, y.end) { other = gi }
                }
                if hit >= 0 {
                    used[hit] = true
                    body(pi, .correct, hit)
                } else if other >= 0 {
                    used[other] = true
                    body(pi, scheme == .partial ? .partial : .incorrect, other)
                } else {
                    body(pi, .spurious, nil)
                }
            case .entType:
                var best = -1
                var bestDistance = Int.max
                var other = -1
                for gi in 0..<g.count where !used[gi] {
                    let y = g[gi]
                    if y.start >= x.end { break }
                    guard sufficientOverlap(x.start, x.end, y.start, y.end) else { continue }
                    if y.label == x.label {
                        let d = abs(x.start - y.start) + abs(x.end - y.end)
                        if d < bestDistance {
                            best = gi
                            bestDistance = d
                        }
                    } else if other < 0 {
                        other = gi
                    }
                }
                if best >= 0 {
                    used[best] = true
                    body(pi, .correct, best)
                } else if other >= 0 {
                    used[other] = true
                    body(pi, .incorrect, other)
                } else {
                    body(pi, .spurious, nil)
                }
            }
        }
    }

    /// Precision, recall and F1 of a scheme's counts: strict and exact take `COR/ACT` and
    /// `COR/POS`; partial and ent_type give PAR half credit, `(COR + ½PAR)/ACT` and
    /// `(COR + ½PAR)/POS`. 0 when a denominator is 0.
    public static func prf(_ c: SchemeCounts, _ scheme: Scheme) -> PRF {
        let hits = scheme.halfCreditsPartial ? Double(c.correct) + 0.5 * Double(c.partial) : Double(c.correct)
        let p = c.actual > 0 ? hits / Double(c.actual) : 0
        let r = c.possible > 0 ? hits / Double(c.possible) : 0
        return PRF(precision: p, recall: r)
    }

    /// Precision and recall of strict/exact counts: COR/ACT and COR/POS, 0 when the
    /// denominator is 0; F1 = 2PR/(P+R), 0 when P+R is 0 (never NaN).
    public static func precisionRecallF1(_ c: SchemeCounts) -> (p: Double, r: Double, f1: Double) {
        let x = prf(c, .strict)
        return (x.precision, x.recall, x.f1)
    }
}

/// A span with its label as a small integer: what the matching loop runs on.
struct MatchSpan: Sendable, Hashable {
    var start: Int
    var end: Int
    var label: Int32
}
