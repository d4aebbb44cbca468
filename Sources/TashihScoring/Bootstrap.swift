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

    /// Runs `replicates` replicates. `other` (same documents, same order) turns on the paired
    /// comparison; `writeIndices` receives each replicate's drawn document positions, in order.
    public static func run(
        _ cells: DocumentCells, figures: FigurePlan, replicates: Int, seed: UInt64, other: DocumentCells? = nil,
        writeIndices: ((Int, [Int32]) throws -> Void)? = nil
    ) throws -> Result {
        let n = cells.documents
        let f = figures.keys.count
        var result = Result(replicates: replicates, seed: seed)
        guard n > 0, replicates > 0 else { return result }
        // values[b * f + i]: figure i of replicate b (A), and of B when paired.
        var valuesA = [Double](repeating: 0, count: replicates * f)
        var valuesB = [Double](repeating: 0, count: other == nil ? 0 : replicates * f)
        let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = writeIndices == nil ? replicates : max(threads * 4, 16)
        var first = 0
        while first < replicates {
            let last = min(replicates, first + chunk)
            let count = last - first
            let firstReplicate = first
            var drawn = [[Int32]](repeating: [], count: writeIndices == nil ? 0 : count)
            valuesA.withUnsafeMutableBufferPointer { va in
                valuesB.withUnsafeMutableBufferPointer { vb in
                    drawn.withUnsafeMutableBufferPointer { dr in
                        let vaBox = UnsafeSendable(va)
                        let vbBox = UnsafeSendable(vb)
                        let drBox = UnsafeSendable(dr)
                        DispatchQueue.concurrentPerform(iterations: threads) { t in
                            var sums = [SIMD8<Int32>](repeating: .zero, count: cells.cellCount)
                            var sumsB = [SIMD8<Int32>](repeating: .zero, count: other == nil ? 0 : cells.cellCount)
                            var out = [Double](repeating: 0, count: f)
                            var idx = [Int32](repeating: 0, count: drBox.value.count > 0 ? n : 0)
                            var b = firstReplicate + t
                            while b < last {
                                var rng = Xoshiro256(seed: seed &+ UInt64(b))
                                for i in sums.indices { sums[i] = .zero }
                                for i in sumsB.indices { sumsB[i] = .zero }
                                sums.withUnsafeMutableBufferPointer { s in
                                    sumsB.withUnsafeMutableBufferPointer { sb in
                                        for k in 0..<n {
                                            let d = rng.index(below: n)
                                            if !idx.isEmpty { idx[k] = Int32(d) }
                                            cells.add(d, to: s.baseAddress!)
                                            if let other { other.add(d, to: sb.baseAddress!) }
                                        }
                                    }
                                }
                                figures.compute(sums, into: &out)
                                for i in 0..<f { vaBox.value[b * f + i] = out[i] }
                                if other != nil {
                                    figures.compute(sumsB, into: &out)
                                    for i in 0..<f { vbBox.value[b * f + i] = out[i] }
                                }
                                if !idx.isEmpty { drBox.value[b - firstReplicate] = idx }
                                b += threads
                            }
                        }
                    }
                }
            }
            if let writeIndices { for (k, d) in drawn.enumerated() { try writeIndices(first + k, d) } }
            first = last
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
