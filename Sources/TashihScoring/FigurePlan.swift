/// The figures a report shows, each computed from summed integer counts (so the bootstrap
/// computes the very same figures on each replicate's sums). Keys:
///
/// - `span/<scheme>/<scope>/<p|r|f1>` — scope `overall`, `family:NAME`, `label:NAME`,
///   `relaxed:NAME` (a family) or `relaxed-label:NAME`;
/// - `span/<scheme>/<macro|weighted>/<p|r|f1>` — over the labels with gold or predicted spans;
/// - `token/<label:NAME|micro|macro|weighted>/<p|r|f1>` — the IOB2 view, as seqeval.
public struct FigurePlan: Sendable {
    public private(set) var keys: [String] = []
    let layout: ScopeLayout
    var spanCells: [(cell: Int, scheme: SpanMatching.Scheme)] = []
    /// Per scheme: the label scopes' cells (for macro and weighted).
    var labelCells: [[Int]] = [[], [], [], []]
    var tokenCells: [Int] = []

    /// The figures of the scopes that have data in `totals` (the full sample).
    public init(layout: ScopeLayout, labels: LabelSet, totals: [SIMD8<Int32>]) {
        self.layout = layout
        func has(_ cell: Int) -> Bool { totals[cell] != .zero }
        func scopeName(_ s: Int) -> String {
            if s == layout.overall { return "overall" }
            if s < layout.label(0) { return "family:" + labels.families[s - 1] }
            if s < layout.relaxedFamily { return "label:" + labels.labels[s - layout.label(0)] }
            if s == layout.relaxedFamily { return "relaxed" }
            return "relaxed-label:" + labels.labels[s - layout.relaxedLabel(0)]
        }
        for (k, scheme) in Evaluator.schemes.enumerated() {
            for s in 0..<layout.count where has(layout.cell(s, k)) {
                spanCells.append((layout.cell(s, k), scheme))
                for m in ["p", "r", "f1"] { keys.append("span/\(scheme.rawValue)/\(scopeName(s))/\(m)") }
            }
            labelCells[k] = (0..<labels.labels.count).map { layout.cell(layout.label($0), k) }.filter(has)
            for a in ["macro", "weighted"] { for m in ["p", "r", "f1"] { keys.append("span/\(scheme.rawValue)/\(a)/\(m)") } }
        }
        for l in 0..<labels.labels.count where totals[layout.tokenCell(l)][1] > 0 || totals[layout.tokenCell(l)][2] > 0 {
            tokenCells.append(layout.tokenCell(l))
            for m in ["p", "r", "f1"] { keys.append("token/label:\(labels.labels[l])/\(m)") }
        }
        for a in ["micro", "macro", "weighted"] { for m in ["p", "r", "f1"] { keys.append("token/\(a)/\(m)") } }
    }

    /// Every figure, in `keys` order, from the cell sums.
    public func compute(_ sums: [SIMD8<Int32>], into out: inout [Double]) {
        var i = 0
        func put(_ x: PRF) {
            out[i] = x.precision
            out[i + 1] = x.recall
            out[i + 2] = x.f1
            i += 3
        }
        func counts(_ v: SIMD8<Int32>) -> SchemeCounts {
            SchemeCounts(correct: Int(v[0]), incorrect: Int(v[1]), partial: Int(v[2]), missed: Int(v[3]), spurious: Int(v[4]))
        }
        var k = 0
        for (scheme, schemeIndex) in zip(Evaluator.schemes, 0...) {
            while k < spanCells.count && spanCells[k].scheme == scheme {
                put(SpanMatching.prf(counts(sums[spanCells[k].cell]), scheme))
                k += 1
            }
            var per: [(PRF, Int)] = []
            for c in labelCells[schemeIndex] {
                let x = counts(sums[c])
                if x.possible > 0 || x.actual > 0 { per.append((SpanMatching.prf(x, scheme), x.possible)) }
            }
            put(Self.macro(per))
            put(Self.weighted(per))
        }
        var tokenPer: [(PRF, Int)] = []
        var micro = TokenCounts()
        for c in tokenCells {
            var t = TokenCounts()
            t.truePositives = Int(sums[c][0])
            t.predicted = Int(sums[c][1])
            t.gold = Int(sums[c][2])
            put(t.prf)
            micro.truePositives += t.truePositives
            micro.predicted += t.predicted
            micro.gold += t.gold
            if t.predicted > 0 || t.gold > 0 { tokenPer.append((t.prf, t.gold)) }
        }
        put(micro.prf)
        put(Self.macro(tokenPer))
        put(Self.weighted(tokenPer))
    }

    /// The figures of the full sample, by key.
    public func values(_ totals: [SIMD8<Int32>]) -> [String: Double] {
        var out = [Double](repeating: 0, count: keys.count)
        compute(totals, into: &out)
        return Dictionary(uniqueKeysWithValues: zip(keys, out))
    }

    /// The unweighted mean of per-label P, R and F1 (F1 the mean of the F1s, as seqeval and
    /// scikit-learn); 0 with no label.
    static func macro(_ per: [(PRF, Int)]) -> PRF {
        guard !per.isEmpty else { return .zero }
        let n = Double(per.count)
        return PRF(
            precision: per.reduce(0) { $0 + $1.0.precision } / n, recall: per.reduce(0) { $0 + $1.0.recall } / n,
            f1: per.reduce(0) { $0 + $1.0.f1 } / n)
    }

    /// The mean weighted by gold support; 0 when there is no gold span.
    static func weighted(_ per: [(PRF, Int)]) -> PRF {
        let w = Double(per.reduce(0) { $0 + $1.1 })
        guard w > 0 else { return .zero }
        return PRF(
            precision: per.reduce(0) { $0 + $1.0.precision * Double($1.1) } / w,
            recall: per.reduce(0) { $0 + $1.0.recall * Double($1.1) } / w, f1: per.reduce(0) { $0 + $1.0.f1 * Double($1.1) } / w)
    }
}
