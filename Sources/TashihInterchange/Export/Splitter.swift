import TashihJSON
import TashihModel
import TashihText

/// How to split an export: ratios (`80/10/10`), a seed, and an optional grouping key.
public struct SplitSpec: Sendable, Hashable {
    public var ratios: [Int]
    public var seed: UInt64
    /// A `meta.KEY` path: records with the same value stay in one split (an article never
    /// straddles train and test).
    public var groupBy: String?

    public init(ratios: [Int], seed: UInt64, groupBy: String? = nil) {
        self.ratios = ratios
        self.seed = seed
        self.groupBy = groupBy
    }

    /// Parses `80/10/10` (2 or 3 positive parts). The parts are shares: they need not sum to 100.
    public static func parseRatios(_ text: String) -> [Int]? {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return parts.map { $0! }
    }

    /// The split names: `train`, `dev`, `test` (or `train`, `test` for two parts).
    public var names: [String] { ratios.count == 2 ? ["train", "test"] : ["train", "dev", "test"] }
}

/// What the splitter needs to know of one record.
public struct SplitItem: Sendable {
    public var id: String
    /// The `--group-by` value, if the record has one.
    public var group: String?
    /// Hash of the normalised text (near-duplicates share it).
    public var textKey: UInt64
    /// Spans per label.
    public var labels: [String: Int]

    public init(id: String, group: String?, textKey: UInt64, labels: [String: Int]) {
        self.id = id
        self.group = group
        self.textKey = textKey
        self.labels = labels
    }
}

/// Deterministic, grouped, stratified splits.
///
/// 1. Records are joined into groups: the same `--group-by` value, or the same normalised text
///    (``Splitter/textKey(_:)``: Arabic matching normalisation — no harakat, no tatweel, one
///    alef, ya and ta marbuta form, Western digits — with white space collapsed, hashed with
///    64-bit FNV-1a). A group is never cut.
/// 2. Groups are ordered by size (largest first), ties by a hash of the seed and the group's
///    first id: the order, and so the result, depends only on the data and the seed.
/// 3. Each group goes to the split that stays furthest below its target once the group is in:
///    the records short of the split's share of all records (over the record count) plus, for
///    the group's labels, the spans short of the split's share of that label's total (over the
///    total) — so rare labels are spread like frequent ones (stratified by label counts). When
///    only as many groups are left as splits are empty, each goes to an empty split: no split
///    is left empty if there are at least as many groups as splits.
public enum Splitter {
    /// The matching-normalised text's 64-bit FNV-1a hash (white space runs count as one space).
    public static func textKey(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var space = true
        for s in Arabic.normalize(text).unicodeScalars {
            if s.properties.isWhitespace {
                if space { continue }
                space = true
            } else {
                space = false
            }
            var v = s.properties.isWhitespace ? 0x20 : s.value
            for _ in 0..<3 {
                h ^= UInt64(v & 0xFF)
                h &*= 0x100_0000_01b3
                v >>= 8
            }
        }
        return h
    }

    /// The value of `path` (`meta.KEY` or `KEY`) in a record's meta, as text.
    public static func groupValue(_ doc: Document, path: String) -> String? {
        let key = path.hasPrefix("meta.") ? String(path.dropFirst(5)) : path
        switch doc.meta[key] {
        case .string(let s): return s
        case .number(let n): return n.literal
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The split index of each item, and the number of groups.
    public static func assign(_ items: [SplitItem], spec: SplitSpec) -> (splits: [Int], groups: Int, mergedByText: Int) {
        let n = items.count
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var mergedByText = 0
        func union(_ a: Int, _ b: Int, byText: Bool) {
            let ra = find(a)
            let rb = find(b)
            if ra != rb {
                parent[max(ra, rb)] = min(ra, rb)
                if byText { mergedByText += 1 }
            }
        }
        var byGroup: [String: Int] = [:]
        var byText: [UInt64: Int] = [:]
        for (i, it) in items.enumerated() {
            if let g = it.group {
                if let j = byGroup[g] { union(i, j, byText: false) } else { byGroup[g] = i }
            }
            if let j = byText[it.textKey] { union(i, j, byText: true) } else { byText[it.textKey] = i }
        }
        var members: [Int: [Int]] = [:]
        for i in 0..<n { members[find(i), default: []].append(i) }
        struct Group {
            var members: [Int]
            var labels: [String: Int]
            var tie: UInt64
        }
        var groups: [Group] = members.values.map { m in
            var labels: [String: Int] = [:]
            for i in m { for (l, c) in items[i].labels { labels[l, default: 0] += c } }
            let first = m.map { items[$0].id }.min { $0.utf8.lexicographicallyPrecedes($1.utf8) } ?? ""
            return Group(members: m, labels: labels, tie: mix(spec.seed, first))
        }
        groups.sort { a, b in a.members.count != b.members.count ? a.members.count > b.members.count : a.tie < b.tie }
        let k = spec.ratios.count
        let sum = Double(spec.ratios.reduce(0, +))
        let share = spec.ratios.map { Double($0) / sum }
        var labelTotal: [String: Int] = [:]
        for it in items { for (l, c) in it.labels { labelTotal[l, default: 0] += c } }
        var records = [Int](repeating: 0, count: k)
        var labelIn = [[String: Int]](repeating: [:], count: k)
        var out = [Int](repeating: 0, count: n)
        for (gi, g) in groups.enumerated() {
            // As many groups left as empty splits: each of them must fill one.
            let empty = (0..<k).filter { records[$0] == 0 && share[$0] > 0 }
            let mustFill = !empty.isEmpty && groups.count - gi <= empty.count
            var best = 0
            var bestScore = -Double.infinity
            let gLabels = g.labels.values.reduce(0, +)
            for s in 0..<k where !mustFill || empty.contains(s) {
                // What would be left below the split's target after adding the group: records
                // (over all records) plus the group's labels (each over its total).
                let size = Double(g.members.count)
                var score = (share[s] * Double(n) - Double(records[s]) - size) / Double(max(n, 1))
                if gLabels > 0 {
                    var ls = 0.0
                    for (l, c) in g.labels {
                        let t = Double(labelTotal[l] ?? 1)
                        ls += Double(c) * (share[s] * t - Double(labelIn[s][l] ?? 0) - Double(c)) / t
                    }
                    score += ls / Double(gLabels)
                }
                if score > bestScore + 1e-12 {
                    bestScore = score
                    best = s
                }
            }
            records[best] += g.members.count
            for (l, c) in g.labels { labelIn[best][l, default: 0] += c }
            for i in g.members { out[i] = best }
        }
        return (out, groups.count, mergedByText)
    }

    static func mix(_ seed: UInt64, _ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        // splitmix64 finaliser
        h ^= h >> 30
        h &*= 0xbf58_476d_1ce4_e5b9
        h ^= h >> 27
        h &*= 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }
}
