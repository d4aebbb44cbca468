import Foundation

/// Every document's integer counts, as the bootstrap resamples them: document d holds the
/// cells `cellIDs[docStart[d]..<docStart[d+1]]` with their values (span cells: COR, INC, PAR,
/// MIS, SPU; token cells: tp, predicted, gold).
public struct DocumentCells: Sendable {
    public var cellCount: Int
    var docStart: [Int]
    var cellIDs: [Int32]
    var cellValues: [SIMD8<Int32>]
    public var documents: Int { docStart.count - 1 }

    /// Adds document `d`'s cells to `sums`.
    @inline(__always)
    func add(_ d: Int, to sums: UnsafeMutablePointer<SIMD8<Int32>>) {
        cellIDs.withUnsafeBufferPointer { ids in
            cellValues.withUnsafeBufferPointer { vs in
                for k in docStart[d]..<docStart[d + 1] { sums[Int(ids[k])] &+= vs[k] }
            }
        }
    }

    /// The sums over all documents.
    public func totals() -> [SIMD8<Int32>] {
        var sums = [SIMD8<Int32>](repeating: .zero, count: cellCount)
        sums.withUnsafeMutableBufferPointer { s in for d in 0..<documents { add(d, to: s.baseAddress!) } }
        return sums
    }
}

/// The generator of the resamples: xoshiro256** (Blackman & Vigna), its state the first four
/// outputs of SplitMix64 started at `seed + replicate`; an index in `0..<n` is the high 64 bits
/// of `next() · n`. Each replicate has its own stream, so results do not depend on threads.
public struct Xoshiro256: Sendable {
    var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    @inline(__always)
    public mutating func index(below n: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }
}

/// Bootstrap over documents (Koehn 2004; Berg-Kirkpatrick et al. 2012): each replicate draws
/// as many documents as there are, with replacement, sums their integer counts and computes
/// every figure from the sums (never an average of per-document figures). The 95 % interval
/// of a figure is the 2.5th and 97.5th percentiles of its replicates (linear interpolation
/// between order statistics, numpy's default). With a second system on the same documents,
/// both are scored on the same replicates: `δ = M(A) − M(B)` on the full sample, and
/// `p` = the fraction of replicates with `δ_b > 2δ` (for δ < 0, `δ_b < 2δ`; for δ = 0, p = 1).
public enum Bootstrap {
    public struct Interval: Sendable, Hashable {
        public var low: Double
        public var high: Double
    }

    public struct Comparison: Sendable, Hashable {
        /// M(A) − M(B) on the full sample.
        public var delta: Double
        /// The 95 % interval of δ_b.
        public var interval: Interval
        public var p: Double
    }

    public struct Result: Sendable {
        public var replicates: Int
        public var seed: UInt64
        public var intervals: [String: Interval] = [:]
        /// With a second system: per figure, the comparison.
        public var comparisons: [String: Comparison] = [:]
    }

    /// Replicates drawn and summed together by one thread.
    static let block = 32

    /// Runs `replicates` replicates. `other` (same documents, same order) turns on the paired
    /// comparison; `writeIndices` receives each replicate's drawn document positions, in order.
    ///
    /// How it is fast (the draws and the sums are exactly those of drawing documents one by
    /// one and adding their counts): a thread takes 32 replicates at a time, draws each one's
    /// documents into a histogram (how often each document was drawn), and keeps the 32
    /// histograms side by side, a row of 32 bytes per document. Documents are grouped by
    /// (cell, counts) once (``CellGroups``); a group's sum in a replicate is its counts times
    /// the number of draws that fell on its documents, which is the sum of their rows.
    public static func run(
        _ cells: DocumentCells, figures: FigurePlan, replicates: Int, seed: UInt64, other: DocumentCells? = nil,
        writeIndices: ((Int, [Int32]) throws -> Void)? = nil
    ) throws -> Result {
        let n = cells.documents
        let f = figures.keys.count
        var result = Result(replicates: replicates, seed: seed)
        guard n > 0, replicates > 0 else { return result }
        let threads = Scoring.threads
        let groupsA = CellGroups(cells)
        let groupsB = other.map { CellGroups($0) }
        // values[b * f + i]: figure i of replicate b (A), and of B when paired.
        var valuesA = [Double](repeating: 0, count: replicates * f)
        var valuesB = [Double](repeating: 0, count: other == nil ? 0 : replicates * f)
        let blocks = (replicates + block - 1) / block
        // With resamples to write, a wave of one block per thread at a time (their draws are
        // kept until written); otherwise all blocks in one wave.
        let wave = writeIndices == nil ? blocks : threads
        var firstBlock = 0
        while firstBlock < blocks {
            let lastBlock = min(blocks, firstBlock + wave)
            let keepDraws = writeIndices != nil
            var drawn = [[Int32]](
                repeating: [], count: keepDraws ? min(replicates, lastBlock * block) - firstBlock * block : 0)
            let first = firstBlock
            valuesA.withUnsafeMutableBufferPointer { va in
                valuesB.withUnsafeMutableBufferPointer { vb in
                    drawn.withUnsafeMutableBufferPointer { dr in
                        let out = UnsafeSendable((va, vb, dr))
                        DispatchQueue.concurrentPerform(iterations: min(threads, lastBlock - first)) { t in
                            var worker = BootstrapWorker(
                                documents: n, cellCount: cells.cellCount, figures: f, keepDraws: keepDraws)
                            var k = first + t
                            while k < lastBlock {
                                let b0 = k * block
                                let b1 = min(replicates, b0 + block)
                                worker.draw(replicates: b0..<b1, seed: seed)
                                worker.sum(groupsA, cells, replicates: b0..<b1, figures: figures, into: out.value.0)
                                if let groupsB, let other {
                                    worker.sum(groupsB, other, replicates: b0..<b1, figures: figures, into: out.value.1)
                                }
                                if keepDraws {
                                    for b in b0..<b1 { out.value.2[b - first * block] = worker.draws[b - b0] }
                                }
                                k += threads
                            }
                        }
                    }
                }
            }
            if let writeIndices {
                for (k, d) in drawn.enumerated() { try writeIndices(firstBlock * block + k, d) }
            }
            firstBlock = lastBlock
        }
        // Full-sample figures for δ.
        var fullA = [Double](repeating: 0, count: f)
        figures.compute(cells.totals(), into: &fullA)
        var fullB = [Double](repeating: 0, count: f)
        if let other { figures.compute(other.totals(), into: &fullB) }
        var column = [Double](repeating: 0, count: replicates)
        for i in 0..<f {
            for b in 0..<replicates { column[b] = valuesA[b * f + i] }
            result.intervals[figures.keys[i]] = interval(&column)
            if other != nil {
                let delta = fullA[i] - fullB[i]
                var beyond = 0
                for b in 0..<replicates {
                    let d = valuesA[b * f + i] - valuesB[b * f + i]
                    column[b] = d
                    if (delta > 0 && d > 2 * delta) || (delta < 0 && d < 2 * delta) { beyond += 1 }
                }
                let p = delta == 0 ? 1 : Double(beyond) / Double(replicates)
                result.comparisons[figures.keys[i]] = Comparison(delta: delta, interval: interval(&column), p: p)
            }
        }
        return result
    }

    /// The 2.5th and 97.5th percentiles (sorts `values`).
    static func interval(_ values: inout [Double]) -> Interval {
        values.sort()
        return Interval(low: percentile(values, 2.5), high: percentile(values, 97.5))
    }

    /// numpy's default percentile: linear interpolation at rank `q/100 · (n − 1)`.
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let r = q / 100 * Double(sorted.count - 1)
        let lo = Int(r.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (r - Double(lo))
    }
}

/// A value handed to `concurrentPerform`'s tasks, each of which writes disjoint elements.
struct UnsafeSendable<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// The documents of each (cell, counts) pair: a cell's sum over any multiset of documents is
/// the sum, over its groups, of the group's counts times how many of its documents were taken.
struct CellGroups: Sendable {
    var cell: [Int32] = []
    var value: [SIMD8<Int32>] = []
    /// Group g's documents (ascending) are `docs[start[g]..<start[g + 1]]`.
    var start: [Int] = [0]
    var docs: [Int32] = []

    init(_ cells: DocumentCells) {
        let entries = cells.cellIDs.count
        // Group of each entry: per cell, a table from the counts (packed in 60 bits when they
        // are all below 4096; larger counts get a group of their own).
        var groupOf = [Int32](repeating: 0, count: entries)
        var tables = [[UInt64: Int32]](repeating: [:], count: cells.cellCount)
        var size: [Int] = []
        for d in 0..<cells.documents {
            for e in cells.docStart[d]..<cells.docStart[d + 1] {
                let c = Int(cells.cellIDs[e])
                let v = cells.cellValues[e]
                var key: UInt64 = 0
                var packable = true
                for lane in 0..<5 {
                    let x = v[lane]
                    if x < 0 || x >= 4096 { packable = false }
                    key = key << 12 | UInt64(UInt32(truncatingIfNeeded: x) & 0xFFF)
                }
                if packable, v[5] == 0, v[6] == 0, v[7] == 0, let g = tables[c][key] {
                    groupOf[e] = g
                    size[Int(g)] += 1
                    continue
                }
                let g = Int32(cell.count)
                if packable && v[5] == 0 && v[6] == 0 && v[7] == 0 { tables[c][key] = g }
                cell.append(Int32(c))
                value.append(v)
                size.append(1)
                groupOf[e] = g
            }
        }
        for s in size { start.append(start.last! + s) }
        docs = [Int32](repeating: 0, count: entries)
        var fill = Array(start.dropLast())
        for d in 0..<cells.documents {
            for e in cells.docStart[d]..<cells.docStart[d + 1] {
                let g = Int(groupOf[e])
                docs[fill[g]] = Int32(d)
                fill[g] += 1
            }
        }
    }
}

/// One thread's buffers for blocks of replicates.
struct BootstrapWorker {
    let n: Int
    let cellCount: Int
    let f: Int
    let keepDraws: Bool
    /// rows[d * block + r]: how often replicate r of the block drew document d.
    var rows: [UInt8]
    var histogram: [UInt8]
    /// Replicates whose histogram overflowed a byte (summed document by document instead).
    var overflowed: [Bool]
    var draws: [[Int32]]
    var sums: [SIMD8<Int32>]
    var perReplicate: [SIMD8<Int32>]
    var figures: [Double]
    var cursor: [Int] = []
    var taken = [Int32](repeating: 0, count: Bootstrap.block)
    var seed: UInt64 = 0
    var replicates: Range<Int> = 0..<0

    init(documents: Int, cellCount: Int, figures: Int, keepDraws: Bool) {
        n = documents
        self.cellCount = cellCount
        f = figures
        self.keepDraws = keepDraws
        rows = [UInt8](repeating: 0, count: documents * Bootstrap.block)
        histogram = [UInt8](repeating: 0, count: documents)
        overflowed = [Bool](repeating: false, count: Bootstrap.block)
        draws = keepDraws ? [[Int32]](repeating: [], count: Bootstrap.block) : []
        sums = [SIMD8<Int32>](repeating: .zero, count: cellCount * Bootstrap.block)
        perReplicate = [SIMD8<Int32>](repeating: .zero, count: cellCount)
        self.figures = [Double](repeating: 0, count: figures)
    }

    /// Draws the documents of replicates `range` (each from its own seeded stream).
    mutating func draw(replicates range: Range<Int>, seed: UInt64) {
        self.seed = seed
        replicates = range
        let w = Bootstrap.block
        let n = self.n
        for (r, b) in range.enumerated() {
            var rng = Xoshiro256(seed: seed &+ UInt64(b))
            var over = false
            var idx = keepDraws ? [Int32](repeating: 0, count: n) : []
            histogram.withUnsafeMutableBufferPointer { h in
                for i in 0..<n { h[i] = 0 }
                for k in 0..<n {
                    let d = rng.index(below: n)
                    if keepDraws { idx[k] = Int32(d) }
                    if h[d] == 255 { over = true } else { h[d] += 1 }
                }
                rows.withUnsafeMutableBufferPointer { rw in
                    for d in 0..<n { rw[d * w + r] = h[d] }
                }
            }
            overflowed[r] = over
            if keepDraws { draws[r] = idx }
        }
        // Unused columns of a last, short block draw nothing.
        if range.count < w {
            rows.withUnsafeMutableBufferPointer { rw in
                for d in 0..<n { for r in range.count..<w { rw[d * w + r] = 0 } }
            }
        }
    }

    /// Sums the cells of the drawn replicates and computes their figures into `out[b * f ...]`.
    mutating func sum(
        _ groups: CellGroups, _ cells: DocumentCells, replicates range: Range<Int>, figures plan: FigurePlan,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let w = Bootstrap.block
        for i in sums.indices { sums[i] = .zero }
        if cursor.count < groups.cell.count { cursor = [Int](repeating: 0, count: groups.cell.count) }
        // Documents a tile at a time, so that the tile's rows stay in the L2 cache while every
        // group takes its documents of the tile (each group's list is ascending).
        let tile = 8192
        let groupCount = groups.cell.count
        for g in 0..<groupCount { cursor[g] = groups.start[g] }
        rows.withUnsafeBufferPointer { rw in
            sums.withUnsafeMutableBufferPointer { s in
                groups.docs.withUnsafeBufferPointer { docs in
                    cursor.withUnsafeMutableBufferPointer { cur in
                        taken.withUnsafeMutableBufferPointer { t in
                            var t0 = 0
                            while t0 < n {
                                let t1 = Int32(min(n, t0 + tile))
                                for g in 0..<groupCount {
                                    var k = cur[g]
                                    let end = groups.start[g + 1]
                                    guard k < end, docs[k] < t1 else { continue }
                                    for r in 0..<w { t[r] = 0 }
                                    while k < end && docs[k] < t1 {
                                        let row = rw.baseAddress! + Int(docs[k]) * w
                                        for r in 0..<w { t[r] &+= Int32(row[r]) }
                                        k += 1
                                    }
                                    cur[g] = k
                                    let v = groups.value[g]
                                    let base = Int(groups.cell[g]) * w
                                    for r in 0..<w where t[r] != 0 { s[base + r] &+= v &* SIMD8(repeating: t[r]) }
                                }
                                t0 = Int(t1)
                            }
                        }
                    }
                }
            }
        }
        for (r, b) in range.enumerated() {
            if overflowed[r] {
                // A document drawn 256 times or more: redraw this replicate and add document by
                // document (never happens but for tiny corpora; kept exact all the same).
                for c in 0..<cellCount { perReplicate[c] = .zero }
                var rng = Xoshiro256(seed: seed &+ UInt64(b))
                perReplicate.withUnsafeMutableBufferPointer { p in
                    for _ in 0..<n { cells.add(rng.index(below: n), to: p.baseAddress!) }
                }
            } else {
                for c in 0..<cellCount { perReplicate[c] = sums[c * w + r] }
            }
            plan.compute(perReplicate, into: &figures)
            for i in 0..<f { out[b * f + i] = figures[i] }
        }
    }
}
