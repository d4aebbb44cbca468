import Foundation
import TashihModel

/// The labels a scoring run knows, each with its family, as small integers for the matching
/// loops. Labels of the schema come first in schema order; labels the schema does not have
/// (gold made elsewhere, `--gold FILE.jsonl`) follow in byte order, in family `other`.
public struct LabelSet: Sendable {
    public private(set) var labels: [String] = []
    public private(set) var families: [String] = []
    /// The family index of each label.
    public private(set) var familyOf: [Int] = []
    /// Each label's rank in UTF-8 byte order: spans sort by (start, end, label bytes).
    private(set) var rank: [Int32] = []
    private var index: [String: Int32] = [:]
    /// Each label's two words as a String holds them (see ``Evaluator/sortSpans(_:_:_:)``).
    private(set) var words: [(UInt64, UInt64)] = []

    public static let otherFamily = "other"

    /// The schema's labels (if any) and then `extra` labels not in it.
    public init(schema: Schema?, extra: some Sequence<String> = [String]()) {
        for f in schema?.families ?? [] {
            for l in f.labels { add(l, family: f.name) }
        }
        for l in Set(extra).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where index[l] == nil {
            add(l, family: schema?.family(ofLabel: l)?.name ?? Self.otherFamily)
        }
        let order = labels.indices.sorted { labels[$0].utf8.lexicographicallyPrecedes(labels[$1].utf8) }
        rank = [Int32](repeating: 0, count: labels.count)
        for (r, i) in order.enumerated() { rank[i] = Int32(r) }
    }

    private mutating func add(_ label: String, family: String) {
        index[label] = Int32(labels.count)
        labels.append(label)
        words.append(withUnsafeBytes(of: label) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) })
        if let f = families.firstIndex(of: family) {
            familyOf.append(f)
        } else {
            familyOf.append(families.count)
            families.append(family)
        }
    }

    /// The label's index, nil if unknown.
    public func id(_ label: String) -> Int32? {
        // A few labels: comparing is quicker than hashing (and `==` is what the index uses).
        if labels.count <= 16 {
            for i in labels.indices where labels[i] == label { return Int32(i) }
            return nil
        }
        return index[label]
    }

    public func contains(_ label: String) -> Bool { index[label] != nil }

    /// The family of a label by name.
    public func family(of label: String) -> String? { index[label].map { families[familyOf[Int($0)]] } }
}

/// The distinct labels of many spans, in the order first met. A run has a handful of labels,
/// so each is compared with the few seen (and with the last one first) instead of hashed;
/// past 32 labels a set takes over.
public struct LabelCollector: Sendable {
    public private(set) var labels: [String] = []
    private var set: Set<String> = []
    private var last: String?

    public init() {}

    public mutating func add(_ label: String) {
        if label == last { return }
        last = label
        if set.isEmpty {
            for l in labels where l == label { return }
            labels.append(label)
            if labels.count > 32 { set = Set(labels) }
        } else if set.insert(label).inserted {
            labels.append(label)
        }
    }

    public mutating func add(_ spans: [Span]) { for s in spans { add(s.label) } }
}

extension GoldSet {
    /// The labels of the gold's spans.
    public var spanLabels: [String] { labelsRead ?? labelsMet(with: []) }

    /// The labels of the gold's spans and of `predictions` (spans of the gold's records, by id):
    /// a pass over the spans, one run of documents per thread.
    func labelsMet(with predictions: [[String: [Span]]]) -> [String] {
        let shards = documents.count < 256 ? 1 : Scoring.threads
        var parts = [LabelCollector](repeating: LabelCollector(), count: shards)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            documents.withUnsafeBufferPointer { docBuffer in
                let docs = UnsafeSendable(docBuffer)
                DispatchQueue.concurrentPerform(iterations: shards) { t in
                    var seen = LabelCollector()
                    let n = docs.value.count
                    for i in n * t / shards..<n * (t + 1) / shards {
                        seen.add(docs.value[i].spans)
                        for map in predictions { if let v = map[docs.value[i].id.rawValue] { seen.add(v) } }
                    }
                    out.value[t] = seen
                }
            }
        }
        var seen = LabelCollector()
        for part in parts { for l in part.labels { seen.add(l) } }
        return seen.labels
    }
}
