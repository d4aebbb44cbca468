import TashihModel
import TashihText

/// One record to score: its text, its gold spans and the spans predicted for it.
public struct ScoringPair: Sendable {
    public var id: String
    public var text: String
    public var gold: [Span]
    public var predicted: [Span]

    public init(id: String, text: String, gold: [Span], predicted: [Span]) {
        self.id = id
        self.text = text
        self.gold = gold
        self.predicted = predicted
    }
}

/// What an evaluation computes besides the span counts.
public struct EvaluationOptions: Sendable {
    /// The family whose spans also get the clitic-relaxed boundary variant (nil: none).
    public var relaxedFamily: String? = "actor"
    /// Keep every document's counts (for the bootstrap).
    public var keepDocumentCells = false
    /// Collect the error list (`--errors`).
    public var collectErrors = false
    /// Relative tolerance of the "value within tolerance" attribute figure.
    public var valueTolerance = 0.1
    /// Scalars of context shown on each side of an error.
    public var contextScalars = 30
    /// Keep each record's tokens and IOB2 tags (`--write-iob2`).
    public var keepTags = false

    public init() {}
}

/// Where the counts of a scope sit: 0 overall, then families, labels, the relaxed family and
/// the relaxed labels.
public struct ScopeLayout: Sendable, Hashable {
    public let families: Int
    public let labels: Int
    public var overall: Int { 0 }
    public func family(_ f: Int) -> Int { 1 + f }
    public func label(_ l: Int) -> Int { 1 + families + l }
    public var relaxedFamily: Int { 1 + families + labels }
    public func relaxedLabel(_ l: Int) -> Int { 2 + families + labels + l }
    public var count: Int { 2 + families + 2 * labels }
    /// Counts are stored per (scope, scheme): four cells per scope, then one token cell per label.
    public func cell(_ scope: Int, _ scheme: Int) -> Int { scope * 4 + scheme }
    public func tokenCell(_ l: Int) -> Int { count * 4 + l }
    public var cellCount: Int { count * 4 + labels }
}

/// Scores documents one at a time, keeping running counts: nervaluate's four schemes overall,
/// per family, per label and clitic-relaxed; the IOB2 token view; attributes on matched spans;
/// errors and the confusion matrix. Documents may come in any order; the result does not
/// depend on it (but for the order of the error list).
public final class Evaluator {
    public let labels: LabelSet
    public let layout: ScopeLayout
    public let options: EvaluationOptions
    public static let schemes = SpanMatching.Scheme.allCases

    /// Counts per cell (`layout.cell(scope, scheme)`), summed over documents.
    @exclusivity(unchecked) public private(set) var counts: [SchemeCounts]
    /// Token view per label: entities in both, predicted, gold (seqeval's tp, pred, true sums).
    @exclusivity(unchecked) public private(set) var tokenCounts: [TokenCounts]
    /// Spans the token view could not write (overlapping or nested in another span of the same
    /// side, or covering no token), and spans it widened to whole tokens.
    @exclusivity(unchecked) public private(set) var tokenDropped = (gold: 0, predicted: 0)
    @exclusivity(unchecked) public private(set) var tokenWidened = (gold: 0, predicted: 0)
    @exclusivity(unchecked) public private(set) var documents = 0
    @exclusivity(unchecked) public private(set) var goldSpans = 0
    @exclusivity(unchecked) public private(set) var predictedSpans = 0
    @exclusivity(unchecked) public private(set) var attributes = AttributeTally()
    /// `(labels.count + 1)²`: row = gold label (last: none), column = predicted label (last: none).
    @exclusivity(unchecked) public private(set) var confusion: [Int]
    @exclusivity(unchecked) public private(set) var errors: [ScoringError] = []
    /// Each record's tokens and IOB2 tags, when `keepTags` is set.
    @exclusivity(unchecked) public private(set) var tagged:
        [(id: String, tokens: [String], gold: [String], predicted: [String])] = []
    /// Per document counts for the bootstrap: document d's cells are
    /// `cellIDs[docStart[d]..<docStart[d+1]]` with values `cellValues[…]`.
    @exclusivity(unchecked) public private(set) var documentIDs: [String] = []
    @exclusivity(unchecked) var docStart: [Int] = [0]
    @exclusivity(unchecked) var cellIDs: [Int32] = []
    @exclusivity(unchecked) var cellValues: [SIMD8<Int32>] = []

    let tokenizer = Tokenizer()
    let relaxedFamilyIndex: Int?
    let actorFamily: Int?
    let stanceFamily: Int?

    // Buffers reused from one document to the next. An evaluator serves one thread at a time
    // and no two accesses to one property overlap, so the run-time exclusivity checks (a
    // seventh of the scoring's instructions) are off for its state.
    @exclusivity(unchecked) var g: [MatchSpan] = []
    @exclusivity(unchecked) var p: [MatchSpan] = []
    @exclusivity(unchecked) var gIdx: [Int] = []
    @exclusivity(unchecked) var pIdx: [Int] = []
    /// One label's or one family's spans of each side, and the relaxed family's.
    let subG = SpanScratch()
    let subP = SpanScratch()
    let familyG = SpanScratch()
    let familyP = SpanScratch()
    @exclusivity(unchecked) var used: [Bool] = []
    @exclusivity(unchecked) var strictUsed: [Bool] = []
    @exclusivity(unchecked) var strictOutcome: [SpanMatching.Outcome] = []
    @exclusivity(unchecked) var strictGold: [Int] = []
    @exclusivity(unchecked) var familySeen: [Bool]
    @exclusivity(unchecked) var labelSeen: [Bool]
    @exclusivity(unchecked) var tokenDoc: [SIMD8<Int32>]
    @exclusivity(unchecked) var docCells: [(Int32, SIMD8<Int32>)] = []
    /// The text's scalar values, its tokens, and for each scalar the token holding it (k ≥ 0)
    /// or, in white space, `-1 - k` with k the next token.
    let scalars = ScalarBuffer()
    /// The scalar values of the record being scored (``scalars``' buffer).
    var values: UnsafeBufferPointer<UInt32> { scalars.values }
    @exclusivity(unchecked) var tokens: [Token] = []
    @exclusivity(unchecked) var tokenAt: [Int32] = []
    /// Token view: spans in writing order, the chunks written per side, and which tokens a
    /// side has written (`taken[t] == stamp`: no clearing from one side to the next).
    @exclusivity(unchecked) var viewOrder: [MatchSpan] = []
    @exclusivity(unchecked) var goldChunks: [IOB2.Entity] = []
    @exclusivity(unchecked) var predictedChunks: [IOB2.Entity] = []
    @exclusivity(unchecked) var taken: [UInt32] = []
    @exclusivity(unchecked) var stamp: UInt32 = 0
    /// This document's counts of the relaxed family and of each label, per scheme.
    @exclusivity(unchecked) var familyCounts = [SchemeCounts](repeating: SchemeCounts(), count: 4)
    @exclusivity(unchecked) var labelCounts: [SchemeCounts]

    public init(labels: LabelSet, options: EvaluationOptions = EvaluationOptions()) {
        self.labels = labels
        self.options = options
        layout = ScopeLayout(families: labels.families.count, labels: labels.labels.count)
        counts = [SchemeCounts](repeating: SchemeCounts(), count: layout.count * 4)
        tokenCounts = [TokenCounts](repeating: TokenCounts(), count: labels.labels.count)
        confusion = [Int](repeating: 0, count: (labels.labels.count + 1) * (labels.labels.count + 1))
        relaxedFamilyIndex = options.relaxedFamily.flatMap { labels.families.firstIndex(of: $0) }
        actorFamily = labels.families.firstIndex(of: "actor")
        stanceFamily = labels.families.firstIndex(of: "stance")
        familySeen = [Bool](repeating: false, count: labels.families.count)
        labelSeen = [Bool](repeating: false, count: labels.labels.count)
        tokenDoc = [SIMD8<Int32>](repeating: .zero, count: labels.labels.count)
        labelCounts = [SchemeCounts](repeating: SchemeCounts(), count: 4 * labels.labels.count)
    }

    /// Sum of the counts of `scope` under `scheme`.
    public func counts(scope: Int, scheme: SpanMatching.Scheme) -> SchemeCounts {
        counts[layout.cell(scope, Self.schemeIndex(scheme))]
    }

    static func schemeIndex(_ s: SpanMatching.Scheme) -> Int {
        switch s {
        case .strict: return 0
        case .exact: return 1
        case .partial: return 2
        case .entType: return 3
        }
    }

    /// Scores one document. Every label must be in `labels`.
    public func add(_ pair: ScoringPair) {
        documents += 1
        goldSpans += pair.gold.count
        predictedSpans += pair.predicted.count
        sortSpans(pair.gold, &gIdx, &g)
        sortSpans(pair.predicted, &pIdx, &p)
        docCells.removeAll(keepingCapacity: true)
        let keepCells = options.keepDocumentCells

        func record(_ scope: Int, _ k: Int, _ c: SchemeCounts) {
            let cell = layout.cell(scope, k)
            counts[cell] += c
            if keepCells && (c.possible > 0 || c.actual > 0) {
                docCells.append(
                    (
                        Int32(cell),
                        SIMD8(Int32(c.correct), Int32(c.incorrect), Int32(c.partial), Int32(c.missed), Int32(c.spurious), 0, 0, 0)
                    ))
            }
        }

        // Overall, keeping the strict matching's pairs for attributes, errors and confusion.
        strictOutcome.removeAll(keepingCapacity: true)
        strictGold.removeAll(keepingCapacity: true)
        let strict = run(g, p, .strict) { _, o, gi in
            strictOutcome.append(o)
            strictGold.append(gi ?? -1)
        }
        let exact = run(g, p, .exact) { _, _, _ in }
        record(layout.overall, 0, strict)
        record(layout.overall, 1, exact)
        record(layout.overall, 2, Self.partial(fromExact: exact))
        record(layout.overall, 3, run(g, p, .entType) { _, _, _ in })
        // Per family and per label: the matching re-run on that family's / label's spans only.
        let familyOf = labels.familyOf
        for i in familySeen.indices { familySeen[i] = false }
        for i in labelSeen.indices { labelSeen[i] = false }
        for s in g {
            familySeen[familyOf[Int(s.label)]] = true
            labelSeen[Int(s.label)] = true
        }
        for s in p {
            familySeen[familyOf[Int(s.label)]] = true
            labelSeen[Int(s.label)] = true
        }
        // Each label's counts first: a family with one label in this record has that label's
        // counts (the same spans, and `strict` is `exact` with one label), so its matching is
        // not run again.
        for l in labelSeen.indices where labelSeen[l] {
            let label = Int32(l)
            let four = fourSchemes(subG.select(g) { $0.label == label }, subP.select(p) { $0.label == label }, oneLabel: true)
            for k in 0..<4 { labelCounts[l * 4 + k] = Self.scheme(k, of: four) }
        }
        for f in familySeen.indices where familySeen[f] {
            let stance = f == stanceFamily
            var only = -1
            for l in labelSeen.indices where labelSeen[l] && familyOf[l] == f {
                only = only == -1 ? l : -2
            }
            var four: Four
            if only >= 0 {
                four = (labelCounts[only * 4], labelCounts[only * 4 + 1], labelCounts[only * 4 + 2], labelCounts[only * 4 + 3])
                // Stance polarity: with one label, every span with the same boundaries agrees.
                if stance { attributes.addPolarity(same: true, count: four.1.correct) }
            } else {
                let sg = subG.select(g) { familyOf[Int($0.label)] == f }
                let sp = subP.select(p) { familyOf[Int($0.label)] == f }
                let strict = run(sg, sp, .strict) { _, _, _ in }
                let exact = run(sg, sp, .exact) { x, o, y in
                    // Stance polarity: of the stance spans with the same boundaries, how many agree.
                    if stance, o == .correct, let y { attributes.addPolarity(same: sg[y].label == sp[x].label) }
                }
                four = (strict, exact, Self.partial(fromExact: exact), run(sg, sp, .entType) { _, _, _ in })
            }
            for k in 0..<4 {
                let c = Self.scheme(k, of: four)
                if f == relaxedFamilyIndex { familyCounts[k] = c }
                record(layout.family(f), k, c)
            }
        }
        for l in labelSeen.indices where labelSeen[l] {
            for k in 0..<4 { record(layout.label(l), k, labelCounts[l * 4 + k]) }
        }

        // The text's tokens, for the relaxed variant and the token view.
        tokens.removeAll(keepingCapacity: true)
        if !g.isEmpty || !p.isEmpty {
            tokenizer.tokenize(scalars: scalars.load(pair.text), into: &tokens)
            mapTokens()
        } else {
            scalars.load("")
        }
        if let rf = relaxedFamilyIndex, familySeen[rf] {
            let gf = familyG.select(g) { familyOf[Int($0.label)] == rf }
            let pf = familyP.select(p) { familyOf[Int($0.label)] == rf }
            // Each side's spans with their starts moved, nil if none moved.
            let movedG = relaxed(gf)
            let movedP = relaxed(pf)
            // No start moved (the usual case): the same spans in the same order, so the counts
            // are the family's and its labels' own.
            if movedG == nil && movedP == nil {
                for k in 0..<4 { record(layout.relaxedFamily, k, familyCounts[k]) }
                for l in labelSeen.indices where labelSeen[l] && familyOf[l] == rf {
                    for k in 0..<4 { record(layout.relaxedLabel(l), k, labelCounts[l * 4 + k]) }
                }
            } else {
                let gr = movedG ?? Array(gf)
                let pr = movedP ?? Array(pf)
                gr.withUnsafeBufferPointer { gr in
                    pr.withUnsafeBufferPointer { pr in
                        let four = fourSchemes(gr, pr, oneLabel: false)
                        for k in 0..<4 { record(layout.relaxedFamily, k, Self.scheme(k, of: four)) }
                        for l in labelSeen.indices where labelSeen[l] && familyOf[l] == rf {
                            let label = Int32(l)
                            let four = fourSchemes(
                                subG.select(gr) { $0.label == label }, subP.select(pr) { $0.label == label }, oneLabel: true)
                            for k in 0..<4 { record(layout.relaxedLabel(l), k, Self.scheme(k, of: four)) }
                        }
                    }
                }
            }
        }

        // Token view.
        if !tokens.isEmpty {
            let gv = tokenView(g, into: &goldChunks)
            let pv = tokenView(p, into: &predictedChunks)
            tokenDropped.gold += gv.dropped
            tokenDropped.predicted += pv.dropped
            tokenWidened.gold += gv.widened
            tokenWidened.predicted += pv.widened
            if options.keepTags {
                let scalars = Array(pair.text.unicodeScalars)
                tagged.append(
                    (
                        pair.id,
                        tokens.map { t in
                            var v = String.UnicodeScalarView()
                            v.append(contentsOf: scalars[t.start..<t.end])
                            return String(v)
                        }, IOB2.strings(IOB2.tags(goldChunks, count: tokens.count), labels: labels.labels),
                        IOB2.strings(IOB2.tags(predictedChunks, count: tokens.count), labels: labels.labels)
                    ))
            }
            // Both lists are in token order and a list's chunks never share a token, so the
            // chunks in both (same type, same tokens) are found by walking them together.
            var j = 0
            let pc = predictedChunks
            for e in goldChunks {
                let l = Int(e.label)
                tokenCounts[l].gold += 1
                if keepCells { tokenDoc[l][2] += 1 }
                while j < pc.count && pc[j].start < e.start { j += 1 }
                if j < pc.count && pc[j] == e {
                    tokenCounts[l].truePositives += 1
                    if keepCells { tokenDoc[l][0] += 1 }
                }
            }
            for e in pc {
                tokenCounts[Int(e.label)].predicted += 1
                if keepCells { tokenDoc[Int(e.label)][1] += 1 }
            }
            if keepCells {
                for l in tokenDoc.indices where tokenDoc[l] != .zero {
                    docCells.append((Int32(layout.tokenCell(l)), tokenDoc[l]))
                    tokenDoc[l] = .zero
                }
            }
        }

        // Attributes, errors and confusion from the overall strict matching.
        let none = labels.labels.count
        let width = none + 1
        for i in strictUsed.indices { strictUsed[i] = false }
        if strictUsed.count < g.count { strictUsed += [Bool](repeating: false, count: g.count - strictUsed.count) }
        for (pi, o) in strictOutcome.enumerated() {
            let gi = strictGold[pi]
            let pl = Int(p[pi].label)
            if gi >= 0 {
                strictUsed[gi] = true
                let gl = Int(g[gi].label)
                confusion[gl * width + pl] += 1
                if o == .correct {
                    let ps = pair.predicted[pIdx[pi]]
                    let gs = pair.gold[gIdx[gi]]
                    if !gs.attributes.isEmpty || !ps.attributes.isEmpty {
                        attributes.addMatched(
                            gold: gs, predicted: ps, family: labels.families[familyOf[gl]], tolerance: options.valueTolerance)
                    }
                } else if options.collectErrors {
                    let ps = pair.predicted[pIdx[pi]]
                    let gs = pair.gold[gIdx[gi]]
                    let kind: ScoringError.Kind =
                        gs.start == ps.start && gs.end == ps.end ? .label : gs.label == ps.label ? .boundary : .labelAndBoundary
                    errors.append(makeError(kind, pair, gold: gs, predicted: ps))
                }
            } else {
                confusion[none * width + pl] += 1
                if options.collectErrors {
                    errors.append(makeError(.falsePositive, pair, gold: nil, predicted: pair.predicted[pIdx[pi]]))
                }
            }
        }
        for gi in g.indices where !strictUsed[gi] {
            confusion[Int(g[gi].label) * width + none] += 1
            if options.collectErrors { errors.append(makeError(.miss, pair, gold: pair.gold[gIdx[gi]], predicted: nil)) }
        }
        if let actor = actorFamily {
            attributes.addLinking(gold: pair.gold, predicted: pair.predicted) { familyOf[Int(labels.id($0)!)] == actor }
        }

        if keepCells {
            documentIDs.append(pair.id)
            for (c, v) in docCells {
                cellIDs.append(c)
                cellValues.append(v)
            }
            docStart.append(cellIDs.count)
        }
    }

    /// Fills `out` with the spans as ``MatchSpan``s sorted by (start, end, label bytes), and
    /// `indices` with their positions in `spans` (a stable sort: equal spans keep their order).
    /// Where a ``Span`` keeps its label (nil: not at a fixed place, then strings are compared).
    static let spanLabelOffset: Int? =
        MemoryLayout<String>.size == 16 ? MemoryLayout<Span>.offset(of: \Span.label) : nil

    func sortSpans(_ spans: [Span], _ indices: inout [Int], _ out: inout [MatchSpan]) {
        let n = spans.count
        indices.removeAll(keepingCapacity: true)
        out.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        indices.append(contentsOf: 0..<n)
        out.append(contentsOf: repeatElement(MatchSpan(start: 0, end: 0, label: 0), count: n))
        // A span's label is found by the two words its String is stored in, read in place:
        // equal words are the same string (a short one is its bytes; a long one, the same
        // storage), and the readers hand out one string per label, so this nearly always finds
        // it without comparing strings; `LabelSet.id` decides the rest.
        let words = labels.words
        let labelOffset = Self.spanLabelOffset
        // Insertion sort (documents hold a few dozen spans at most), on the buffers directly;
        // spans are read in place, never copied (a copy retains each of their references).
        spans.withUnsafeBufferPointer { sb in
            labels.rank.withUnsafeBufferPointer { rank in
                out.withUnsafeMutableBufferPointer { o in
                    indices.withUnsafeMutableBufferPointer { ix in
                        let raw = UnsafeRawPointer(sb.baseAddress!)
                        for i in 0..<n {
                            var found: Int32 = -1
                            if let labelOffset {
                                let at = raw + i * MemoryLayout<Span>.stride + labelOffset
                                let w0 = at.load(as: UInt64.self)
                                let w1 = at.load(fromByteOffset: 8, as: UInt64.self)
                                for k in words.indices where words[k].0 == w0 && words[k].1 == w1 {
                                    found = Int32(k)
                                    break
                                }
                            }
                            if found < 0 {
                                guard let l = labels.id(sb[i].label) else {
                                    preconditionFailure("label \(sb[i].label) is not in the label set")
                                }
                                found = l
                            }
                            let m = MatchSpan(start: sb[i].start, end: sb[i].end, label: found)
                            var k = i
                            while k > 0 {
                                let y = o[k - 1]
                                let before =
                                    m.start != y.start
                                    ? m.start < y.start : m.end != y.end ? m.end < y.end : rank[Int(m.label)] < rank[Int(y.label)]
                                guard before else { break }
                                o[k] = y
                                ix[k] = ix[k - 1]
                                k -= 1
                            }
                            o[k] = m
                            ix[k] = i
                        }
                    }
                }
            }
        }
    }

    /// The per-document cells, for ``Bootstrap``.
    public var documentCells: DocumentCells {
        DocumentCells(cellCount: layout.cellCount, docStart: docStart, cellIDs: cellIDs, cellValues: cellValues)
    }

    typealias Four = (SchemeCounts, SchemeCounts, SchemeCounts, SchemeCounts)

    /// `partial`'s counts from `exact`'s: the two run the same greedy matching (same
    /// boundaries first, else the first sufficient overlap), and name an overlap PAR or INC.
    static func partial(fromExact e: SchemeCounts) -> SchemeCounts {
        SchemeCounts(correct: e.correct, incorrect: 0, partial: e.incorrect, missed: e.missed, spurious: e.spurious)
    }

    static func scheme(_ k: Int, of four: Four) -> SchemeCounts {
        switch k {
        case 0: return four.0
        case 1: return four.1
        case 2: return four.2
        default: return four.3
        }
    }

    /// The four schemes' counts over sorted spans (strict, exact, partial, ent_type). With one
    /// label only (`oneLabel`), `strict`'s same-label condition always holds: it is `exact`.
    func fourSchemes(_ g: UnsafeBufferPointer<MatchSpan>, _ p: UnsafeBufferPointer<MatchSpan>, oneLabel: Bool) -> Four {
        let exact = run(g, p, .exact) { _, _, _ in }
        let strict = oneLabel ? exact : run(g, p, .strict) { _, _, _ in }
        return (strict, exact, Self.partial(fromExact: exact), run(g, p, .entType) { _, _, _ in })
    }

    /// Runs one scheme over sorted spans.
    func run(
        _ g: [MatchSpan], _ p: [MatchSpan], _ scheme: SpanMatching.Scheme, _ body: (Int, SpanMatching.Outcome, Int?) -> Void
    ) -> SchemeCounts {
        g.withUnsafeBufferPointer { gb in p.withUnsafeBufferPointer { pb in run(gb, pb, scheme, body) } }
    }

    func run(
        _ g: UnsafeBufferPointer<MatchSpan>, _ p: UnsafeBufferPointer<MatchSpan>, _ scheme: SpanMatching.Scheme,
        _ body: (Int, SpanMatching.Outcome, Int?) -> Void
    ) -> SchemeCounts {
        if p.isEmpty { return SchemeCounts(missed: g.count) }
        if g.isEmpty { return SchemeCounts(spurious: p.count) }
        var c = SchemeCounts()
        if used.count < g.count { used = [Bool](repeating: false, count: max(g.count, 2 * used.count)) }
        used.withUnsafeMutableBufferPointer { ub in
            for i in 0..<g.count { ub[i] = false }
            SpanMatching.run(g, p, scheme, ub) { i, o, gi in
                switch o {
                case .correct: c.correct += 1
                case .incorrect: c.incorrect += 1
                case .partial: c.partial += 1
                case .spurious: c.spurious += 1
                }
                body(i, o, gi)
            }
        }
        c.missed = g.count - (c.correct + c.incorrect + c.partial)
        return c
    }

    /// Fills ``tokenAt`` from ``tokens``: for each scalar, its token, or `-1 - k` in the
    /// white space before token k.
    func mapTokens() {
        let n = values.count
        if tokenAt.count < n { tokenAt = [Int32](repeating: 0, count: max(n, 2 * tokenAt.count)) }
        if taken.count < tokens.count { taken = [UInt32](repeating: 0, count: max(tokens.count, 2 * taken.count)) }
        tokenAt.withUnsafeMutableBufferPointer { at in
            var i = 0
            for (k, t) in tokens.enumerated() {
                while i < t.start {
                    at[i] = -1 - Int32(k)
                    i += 1
                }
                while i < t.end {
                    at[i] = Int32(k)
                    i += 1
                }
            }
            while i < n {
                at[i] = -1 - Int32(tokens.count)
                i += 1
            }
        }
    }

    /// The token holding scalar `offset`, if any (``TokenIndex/token(containing:)``).
    @inline(__always)
    func token(containing offset: Int) -> Int? {
        guard offset >= 0 && offset < values.count else { return nil }
        let k = tokenAt[offset]
        return k >= 0 ? Int(k) : nil
    }

    /// How `start..<end` lies on the tokens (``TokenIndex/align(_:)``, from the scalar map):
    /// the inclusive token range and whether each edge falls inside a token; nil if the span
    /// covers no token.
    @inline(__always)
    func align(_ start: Int, _ end: Int) -> (first: Int, last: Int, aligned: Bool)? {
        guard start >= 0, start < end else { return nil }
        guard end <= values.count else {
            // Past the text (not from a checked file): the general index decides.
            guard let a = TokenIndex(tokens: tokens).align(start..<end) else { return nil }
            return (a.tokenStart, a.tokenEnd, a.isAligned)
        }
        let a = tokenAt[start]
        let first = a >= 0 ? Int(a) : Int(-1 - a)
        guard first < tokens.count else { return nil }
        let b = tokenAt[end - 1]
        let last = b >= 0 ? Int(b) : Int(-1 - b) - 1
        guard last >= first else { return nil }
        return (first, last, tokens[first].start == start && tokens[last].end == end)
    }

    /// The clitic-relaxed form of spans: a start at a proclitic boundary of a word (`قسد` in
    /// `لقسد`, `داعش` in `وداعش`; ``Tokenizer/proclitics(of:in:)``) moves to the word's
    /// start, so that a span with and one without the proclitic have the same boundaries.
    /// The result is sorted again (moving a start can change the order). Nil when no start
    /// moves: the spans are then their own relaxed form.
    func relaxed(_ spans: UnsafeBufferPointer<MatchSpan>) -> [MatchSpan]? {
        guard !spans.isEmpty, !tokens.isEmpty else { return nil }
        var out: [MatchSpan]?
        for (i, s) in spans.enumerated() {
            guard let k = token(containing: s.start), tokens[k].start < s.start else { continue }
            var at = false
            Tokenizer.forEachProcliticSplit(of: tokens[k], in: values) { split in
                if split.stemStart == s.start { at = true }
            }
            if at {
                if out == nil { out = Array(spans) }
                out![i].start = tokens[k].start
            }
        }
        guard var out else { return nil }
        out.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            return labels.rank[Int(a.label)] < labels.rank[Int(b.label)]
        }
        return out
    }

    /// One side's token view: its IOB2 chunks, in token order, into `chunks`. Spans are
    /// written longest first among those starting together (start ascending, end descending,
    /// label); a span that covers no token, or shares a token with a span already written, is
    /// dropped; a span whose edge falls inside a token is widened to the whole token. The
    /// chunks are what seqeval's `get_entities` reads back from the tags so written (each
    /// chunk is a `B-` and its `I-`s), so the tags themselves are not needed.
    func tokenView(_ spans: [MatchSpan], into chunks: inout [IOB2.Entity]) -> (dropped: Int, widened: Int) {
        chunks.removeAll(keepingCapacity: true)
        var dropped = 0
        var widened = 0
        stamp &+= 1
        if stamp == 0 {
            for i in taken.indices { taken[i] = 0 }
            stamp = 1
        }
        viewOrder.removeAll(keepingCapacity: true)
        viewOrder.append(contentsOf: spans)
        // `spans` is sorted by (start, end, label); only runs with the same start need their
        // ends reversed, and most have one span.
        var i = 0
        while i < viewOrder.count {
            var j = i + 1
            while j < viewOrder.count && viewOrder[j].start == viewOrder[i].start { j += 1 }
            if j - i > 1 {
                viewOrder[i..<j].sort { a, b in
                    if a.end != b.end { return a.end > b.end }
                    return labels.rank[Int(a.label)] < labels.rank[Int(b.label)]
                }
            }
            i = j
        }
        for s in viewOrder {
            guard let a = align(s.start, s.end) else {
                dropped += 1
                continue
            }
            var free = true
            for t in a.first...a.last where taken[t] == stamp {
                free = false
                break
            }
            guard free else {
                dropped += 1
                continue
            }
            for t in a.first...a.last { taken[t] = stamp }
            if !a.aligned { widened += 1 }
            chunks.append(IOB2.Entity(label: s.label, start: a.first, end: a.last))
        }
        // Spans come by start, and a chunk's first token follows from it: chunks written in
        // that order are in token order unless a widened start moved one before another.
        if !zip(chunks, chunks.dropFirst()).allSatisfy({ $0.start < $1.start }) { chunks.sort { $0.start < $1.start } }
        return (dropped, widened)
    }

    func makeError(_ kind: ScoringError.Kind, _ pair: ScoringPair, gold: Span?, predicted: Span?) -> ScoringError {
        let a = min(gold?.start ?? Int.max, predicted?.start ?? Int.max)
        let b = max(gold?.end ?? Int.min, predicted?.end ?? Int.min)
        let scalars = Array(pair.text.unicodeScalars)
        let from = max(0, a - options.contextScalars)
        let to = min(scalars.count, b + options.contextScalars)
        func text(_ r: Range<Int>) -> String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[r])
            return String(s)
        }
        return ScoringError(
            kind: kind, record: pair.id, gold: gold, predicted: predicted,
            before: (from > 0 ? "…" : "") + text(from..<a), inside: text(a..<b),
            after: text(b..<to) + (to < scalars.count ? "…" : ""))
    }
}

/// seqeval's counts for one label in the token view.
public struct TokenCounts: Sendable, Hashable {
    /// Entities in both gold and predictions (same type, same tokens).
    public var truePositives = 0
    public var predicted = 0
    public var gold = 0
    public init() {}
    public var prf: PRF {
        PRF(
            precision: predicted > 0 ? Double(truePositives) / Double(predicted) : 0,
            recall: gold > 0 ? Double(truePositives) / Double(gold) : 0)
    }
}

/// IOB2 tags as integers (0 = O, `2l+1` = B-label l, `2l+2` = I-label l) and seqeval 1.2.2's
/// entity extraction from them (`get_entities`, default mode — conlleval's rules: `I-X` after
/// `O` or after another type starts a chunk).
public enum IOB2 {
    public struct Entity: Sendable, Hashable {
        public var label: Int32
        public var start: Int
        /// Inclusive, as seqeval's.
        public var end: Int
    }

    static func begin(_ l: Int32) -> Int32 { 2 * l + 1 }
    static func inside(_ l: Int32) -> Int32 { 2 * l + 2 }

    /// The chunks of one sequence, as seqeval's `get_entities` finds them.
    public static func entities(_ tags: [Int32]) -> [Entity] {
        var out: [Entity] = []
        // tag: 0 O, 1 B, 2 I; type -1 for O (seqeval's "_").
        var prevTag = 0
        var prevType: Int32 = -1
        var begin = 0
        for i in 0...tags.count {
            let code = i < tags.count ? tags[i] : 0
            let tag = code == 0 ? 0 : (code % 2 == 1 ? 1 : 2)
            let type: Int32 = code == 0 ? -1 : (code - 1) / 2
            let endOfChunk = (prevTag != 0 && (tag == 1 || tag == 0)) || (prevTag != 0 && prevType != type)
            let startOfChunk = tag == 1 || (prevTag == 0 && tag == 2) || (tag != 0 && prevType != type)
            if endOfChunk { out.append(Entity(label: prevType, start: begin, end: i - 1)) }
            if startOfChunk { begin = i }
            prevTag = tag
            prevType = type
        }
        return out
    }

    /// The tags that write `chunks` (which share no token) over `count` tokens.
    public static func tags(_ chunks: [Entity], count: Int) -> [Int32] {
        var tags = [Int32](repeating: 0, count: count)
        for c in chunks {
            tags[c.start] = begin(c.label)
            if c.end > c.start { for t in (c.start + 1)...c.end { tags[t] = inside(c.label) } }
        }
        return tags
    }

    /// The tags as seqeval strings (`B-COUNT`, `I-COUNT`, `O`).
    public static func strings(_ tags: [Int32], labels: [String]) -> [String] {
        tags.map { $0 == 0 ? "O" : ($0 % 2 == 1 ? "B-" : "I-") + labels[Int(($0 - 1) / 2)] }
    }
}

/// One error of `--errors`: what kind, where, and the text around it.
public struct ScoringError: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case falsePositive = "false positive"
        case miss
        case boundary = "boundary error"
        case label = "label error"
        case labelAndBoundary = "label and boundary error"
    }
    public var kind: Kind
    public var record: String
    public var gold: Span?
    public var predicted: Span?
    /// Up to `contextScalars` scalars before the error, the scalars both spans cover, and after.
    public var before: String
    public var inside: String
    public var after: String

    /// The label the error is grouped under: the gold span's, or the prediction's for a false positive.
    public var label: String { gold?.label ?? predicted?.label ?? "" }
}

extension Evaluator {
    /// The summed counts as cells (what ``FigurePlan`` computes figures from).
    public var totals: [SIMD8<Int32>] {
        var sums = [SIMD8<Int32>](repeating: .zero, count: layout.cellCount)
        for (i, c) in counts.enumerated() {
            sums[i] = SIMD8(Int32(c.correct), Int32(c.incorrect), Int32(c.partial), Int32(c.missed), Int32(c.spurious), 0, 0, 0)
        }
        for (l, t) in tokenCounts.enumerated() {
            sums[layout.tokenCell(l)] = SIMD8(Int32(t.truePositives), Int32(t.predicted), Int32(t.gold), 0, 0, 0, 0, 0)
        }
        return sums
    }
}

extension Evaluator {
    /// Adds what `other` (same labels and options) counted over documents that come after
    /// this one's: the result is exactly that of one evaluator fed both runs in order — lists
    /// (errors, tags, per-document cells) are appended, counts summed.
    public func merge(_ other: Evaluator) {
        precondition(other.layout == layout, "evaluators of different label sets")
        for i in counts.indices { counts[i] += other.counts[i] }
        for i in tokenCounts.indices {
            tokenCounts[i].truePositives += other.tokenCounts[i].truePositives
            tokenCounts[i].predicted += other.tokenCounts[i].predicted
            tokenCounts[i].gold += other.tokenCounts[i].gold
        }
        tokenDropped.gold += other.tokenDropped.gold
        tokenDropped.predicted += other.tokenDropped.predicted
        tokenWidened.gold += other.tokenWidened.gold
        tokenWidened.predicted += other.tokenWidened.predicted
        documents += other.documents
        goldSpans += other.goldSpans
        predictedSpans += other.predictedSpans
        attributes.merge(other.attributes)
        for i in confusion.indices { confusion[i] += other.confusion[i] }
        errors += other.errors
        tagged += other.tagged
        documentIDs += other.documentIDs
        let base = cellIDs.count
        docStart += other.docStart.dropFirst().map { $0 + base }
        cellIDs += other.cellIDs
        cellValues += other.cellValues
    }
}

/// Room for a subset of one side's spans (one label's, one family's), written in place and read
/// as a buffer: filling it checks neither uniqueness nor capacity per span, as appending to an
/// array does. Valid until the next `select`.
final class SpanScratch {
    private var base = UnsafeMutablePointer<MatchSpan>.allocate(capacity: 64)
    private var capacity = 64

    deinit { base.deallocate() }

    /// The spans of `from` that `keep` accepts, in order.
    @inline(__always)
    func select(_ from: [MatchSpan], _ keep: (MatchSpan) -> Bool) -> UnsafeBufferPointer<MatchSpan> {
        from.withUnsafeBufferPointer { select($0, keep) }
    }

    /// The spans of `from` that `keep` accepts, in order.
    @inline(__always)
    func select(_ from: UnsafeBufferPointer<MatchSpan>, _ keep: (MatchSpan) -> Bool) -> UnsafeBufferPointer<MatchSpan> {
        if capacity < from.count {
            base.deallocate()
            capacity = max(from.count, 2 * capacity)
            base = .allocate(capacity: capacity)
        }
        var n = 0
        for s in from where keep(s) {
            (base + n).initialize(to: s)
            n += 1
        }
        return UnsafeBufferPointer(start: base, count: n)
    }
}
