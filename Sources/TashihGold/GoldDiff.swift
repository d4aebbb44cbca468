import TashihModel

/// The span-level changes between two versions of gold (two releases, or a release and the
/// working state): per record, spans added, removed, relabelled (same boundaries, other label),
/// moved (same label, overlapping, other boundaries) and with attributes changed; and a summary
/// per label.
public struct GoldDiff: Sendable {
    public enum Change: Sendable, Hashable {
        case added(Span)
        case removed(Span)
        case relabelled(from: Span, to: Span)
        case moved(from: Span, to: Span)
        case attributesChanged(from: Span, to: Span)

        /// The label the change is counted under (the new one where there is one).
        public var label: String {
            switch self {
            case .added(let s), .removed(let s): return s.label
            case .relabelled(_, let to), .moved(_, let to), .attributesChanged(_, let to): return to.label
            }
        }

        public var kind: String {
            switch self {
            case .added: return "added"
            case .removed: return "removed"
            case .relabelled: return "relabelled"
            case .moved: return "moved"
            case .attributesChanged: return "attributes"
            }
        }
    }

    /// Changes per record id, in id order; records only in one side count all their spans.
    public var records: [(id: String, changes: [Change])] = []

    /// Counts per (label, kind).
    public var summary: [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        for r in records { for c in r.changes { out[c.label, default: [:]][c.kind, default: 0] += 1 } }
        return out
    }

    /// Compares gold `a` with gold `b` (record id → spans).
    public static func compare(_ a: [String: [Span]], _ b: [String: [Span]]) -> GoldDiff {
        func key(_ s: Span) -> String { "\(s.start):\(s.end):\(s.label)" }
        var diff = GoldDiff()
        let ids = Set(a.keys).union(b.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for id in ids {
            var left = (a[id] ?? []).map {
                var s = $0; s.origin = nil; s.text = nil; return s
            }
            var right = (b[id] ?? []).map {
                var s = $0; s.origin = nil; s.text = nil; return s
            }
            // Identical spans are no change.
            for s in left where right.contains(s) {
                left.removeAll { $0 == s }
                right.removeAll { $0 == s }
            }
            var changes: [Change] = []
            // Same span and label, other attributes.
            for s in left {
                if let i = right.firstIndex(where: { key($0) == key(s) }) {
                    changes.append(.attributesChanged(from: s, to: right.remove(at: i)))
                    left.removeAll { $0 == s }
                }
            }
            // Same boundaries, other label.
            for s in left {
                if let i = right.firstIndex(where: { $0.start == s.start && $0.end == s.end }) {
                    changes.append(.relabelled(from: s, to: right.remove(at: i)))
                    left.removeAll { $0 == s }
                }
            }
            // Same label, overlapping: moved.
            for s in left {
                if let i = right.firstIndex(where: { $0.label == s.label && $0.overlaps(s) }) {
                    changes.append(.moved(from: s, to: right.remove(at: i)))
                    left.removeAll { $0 == s }
                }
            }
            changes += left.map { .removed($0) } + right.map { .added($0) }
            if !changes.isEmpty { diff.records.append((id, changes)) }
        }
        return diff
    }
}
