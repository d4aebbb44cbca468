import Foundation
import TashihJSON
import TashihModel

/// How a scoring run is set up beyond its inputs.
public struct ScoreSettings: Sendable {
    /// Only spans of these families / labels are scored (both empty: all).
    public var families: [String] = []
    public var labels: [String] = []
    public var evaluation = EvaluationOptions()
    /// Bootstrap replicates (0: no intervals).
    public var replicates = 1000
    public var seed: UInt64 = 1
    /// Where to write each replicate's drawn document positions.
    public var writeResamples: String?
    /// The report's date (ISO 8601).
    public var date: String = ISO8601DateFormatter().string(from: Date())
    public init() {}
}

/// Everything a report shows: what was scored against what, the counts and figures, their
/// intervals, the comparison with another system and the correction cost.
public struct ScoreReport {
    public var goldName: String
    public var goldHash: String
    public var system: (name: String, version: String)
    public var other: (name: String, version: String)?
    public var settings: ScoreSettings
    public let labels: LabelSet
    public let evaluator: Evaluator
    public let otherEvaluator: Evaluator?
    public let plan: FigurePlan
    /// Full-sample figures by ``FigurePlan`` key.
    public let values: [String: Double]
    public let otherValues: [String: Double]
    public let bootstrap: Bootstrap.Result?
    public var cost: CorrectionCost?
    /// Where the correction cost was read (`journals of hajin-2018 up to v2's positions`).
    public var costSource: String?
    public var missing: [String] = []
    public var extra: [String] = []
    public var mismatched: [String] = []

    /// The 95 % interval of a figure, if the bootstrap ran.
    public func interval(_ key: String) -> Bootstrap.Interval? { bootstrap?.intervals[key] }
}

/// Scoring runs: pairs gold and predictions and computes the report.
public enum Scoring {
    /// Threads a run uses: the processors available (at most 8), or `$TASHIH_THREADS`.
    public static let threads: Int = {
        if let t = ProcessInfo.processInfo.environment["TASHIH_THREADS"], let n = Int(t), n >= 1 { return n }
        return min(8, Processors.available)
    }()

    /// Scores `predictions` (and `against`, on the same records) against `gold`.
    public static func score(
        gold: GoldSet, predictions: PredictionSet, against: PredictionSet? = nil, schema: Schema?, settings: ScoreSettings
    ) throws -> ScoreReport {
        var keepSet = Set(settings.labels)
        for f in settings.families { for l in schema?.family(named: f)?.labels ?? [] { keepSet.insert(l) } }
        let keep = keepSet
        @Sendable func filtered(_ spans: [Span]) -> [Span] { keep.isEmpty ? spans : spans.filter { keep.contains($0.label) } }
        let docs = gold.documents
        // Four runs per thread, handed out as threads come free: a thread slowed by something
        // else does not hold up the end.
        let shards = docs.count < 256 ? 1 : Scoring.threads * 4
        // The span maps themselves, so that the loops below do not copy the sets (and touch
        // their shared reference counts from every thread) for each record.
        let mapA = predictions.spans
        let mapB = against?.spans
        // The labels met: the fast readers collected them while reading; otherwise a pass over
        // the spans (predictions only hold records of the gold, the others being set aside as
        // extra, so they are looked up by the gold's ids).
        let read = [gold.labelsRead, predictions.labelsRead] + (against.map { [$0.labelsRead] } ?? [])
        var seen = LabelCollector()
        if read.allSatisfy({ $0 != nil }) {
            for list in read { for l in list ?? [] { seen.add(l) } }
        } else {
            for l in gold.labelsMet(with: [mapA] + (mapB.map { [$0] } ?? [])) { seen.add(l) }
        }
        let labels = LabelSet(schema: schema, extra: seen.labels)
        var options = settings.evaluation
        options.keepDocumentCells = settings.replicates > 0
        var bOptions = options
        bOptions.collectErrors = false
        // The documents are cut into one contiguous run per core, each scored by its own
        // evaluators; merging them in order gives exactly the sequential pass's result.
        let parts = UnsafeSendable(
            (0..<shards).map { _ in
                (Evaluator(labels: labels, options: options), against.map { _ in Evaluator(labels: labels, options: bOptions) })
            })
        let hasAgainst = against != nil
        // The predictions by gold position when the reader gave them so: no look-up by id (each
        // of which also retains the map, shared by the threads).
        let byPosition = predictions.byGold.flatMap { $0.count == docs.count ? $0 : nil } ?? []
        let usePositions = !byPosition.isEmpty
        docs.withUnsafeBufferPointer { buffer in
            byPosition.withUnsafeBufferPointer { positions in
                let docs = UnsafeSendable(buffer)
                let positions = UnsafeSendable(positions)
                DispatchQueue.concurrentPerform(iterations: shards) { t in
                    let (a, b) = parts.value[t]
                    let n = docs.value.count
                    for i in n * t / shards..<n * (t + 1) / shards {
                        // The fields used, not the whole document (whose every reference a copy
                        // would retain and release).
                        let id = docs.value[i].id.rawValue
                        guard let pa = usePositions ? positions.value[i] : mapA[id] else { continue }
                        let pb = mapB?[id]
                        if hasAgainst && pb == nil { continue }
                        let g = filtered(docs.value[i].spans)
                        let text = docs.value[i].text
                        a.add(ScoringPair(id: id, text: text, gold: g, predicted: filtered(pa)))
                        if let b, let pb { b.add(ScoringPair(id: id, text: text, gold: g, predicted: filtered(pb))) }
                    }
                }
            }
        }
        let (a, b) = parts.value[0]
        for (x, y) in parts.value.dropFirst() {
            a.merge(x)
            if let b, let y { b.merge(y) }
        }
        var totals = a.totals
        if let b { for (i, v) in b.totals.enumerated() { totals[i] &+= v } }
        let plan = FigurePlan(layout: a.layout, labels: labels, totals: totals)
        var result: Bootstrap.Result?
        if settings.replicates > 0 {
            if let path = settings.writeResamples {
                let writer: AtomicFileWriter
                do { writer = try AtomicFileWriter(path: path) } catch { throw ScoringInputError("\(error)") }
                var header = JSONObject()
                header["format"] = "tashih-resamples"
                header["seed"] = .number(JSONNumber(validatedLiteral: String(settings.seed)))
                header["replicates"] = .number(JSONNumber(settings.replicates))
                header["documents"] = .array(a.documentIDs.map { .string($0) })
                var line = JSONWriter.bytes(.object(header))
                line.append(0x0A)
                do {
                    try writer.write(line)
                    result = try Bootstrap.run(
                        a.documentCells, figures: plan, replicates: settings.replicates, seed: settings.seed,
                        other: b?.documentCells
                    ) { _, indices in
                        var l: [UInt8] = [UInt8(ascii: "[")]
                        for (k, i) in indices.enumerated() {
                            if k > 0 { l.append(UInt8(ascii: ",")) }
                            l.append(contentsOf: String(i).utf8)
                        }
                        l.append(contentsOf: "]\n".utf8)
                        try writer.write(l)
                    }
                    try writer.commit()
                } catch {
                    writer.abort()
                    throw ScoringInputError("cannot write \(path): \(error)")
                }
            } else {
                result = try Bootstrap.run(
                    a.documentCells, figures: plan, replicates: settings.replicates, seed: settings.seed, other: b?.documentCells)
            }
        }
        return ScoreReport(
            goldName: gold.name, goldHash: gold.hash, system: (predictions.name, predictions.version),
            other: against.map { ($0.name, $0.version) }, settings: settings, labels: labels, evaluator: a, otherEvaluator: b,
            plan: plan, values: plan.values(a.totals), otherValues: b.map { plan.values($0.totals) } ?? [:],
            bootstrap: result, missing: predictions.missing, extra: predictions.extra, mismatched: predictions.mismatched)
    }
}
