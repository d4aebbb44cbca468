import TashihJSON
import TashihText

/// The actor lexicon as the REPL needs it: ids, and every Arabic and English name in matching
/// form (harakat, tatweel, alef variants… folded), for Tab completion and for `actor_id=قسد`.
public struct ActorNames: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var names: [String]
        /// Normalised names (`Arabic.normalize`), as scalar arrays.
        var keys: [[Unicode.Scalar]]
    }
    public var entries: [Entry] = []

    public init(entries: [(id: String, names: [String])] = []) {
        self.entries = entries.map { e in
            Entry(id: e.id, names: e.names, keys: e.names.map { Array(Arabic.normalize($0).lowercased().unicodeScalars) })
        }
    }

    /// Reads `actors.jsonl` (`id`, `names_ar`, `mt_names_ar`, `names_en`); a missing file gives none.
    public init(path: String) throws {
        var list: [(String, [String])] = []
        guard let reader = try? JSONLReader(path: path) else {
            self.init()
            return
        }
        while let rec = try reader.next() {
            guard let id = rec.object["id"]?.stringValue else { continue }
            var names: [String] = []
            for k in ["names_ar", "mt_names_ar", "names_en"] {
                for v in rec.object[k]?.arrayValue ?? [] { if let s = v.stringValue { names.append(s) } }
            }
            list.append((id, names))
        }
        self.init(entries: list.map { (id: $0.0, names: $0.1) })
    }

    /// Ids whose id starts with `prefix` (case-insensitive), or one of whose names starts with
    /// it in matching form (so `قس`, `قُسـ` and `قوات سوريا` all find SDF). Sorted, unique.
    public func ids(matching prefix: String) -> [String] {
        let key = Array(Arabic.normalize(prefix).lowercased().unicodeScalars)
        let upper = prefix.uppercased()
        var out: Set<String> = []
        for e in entries {
            if e.id.hasPrefix(upper) && !upper.isEmpty || prefix.isEmpty {
                out.insert(e.id)
                continue
            }
            if !key.isEmpty, e.keys.contains(where: { $0.starts(with: key) }) { out.insert(e.id) }
        }
        return out.sorted()
    }

    /// The id of the actor with exactly this name in matching form (or this id), if one.
    public func id(forName name: String) -> String? {
        if entries.contains(where: { $0.id == name }) { return name }
        let key = Array(Arabic.normalize(name).lowercased().unicodeScalars)
        let hits = Set(entries.filter { $0.keys.contains(key) }.map(\.id))
        return hits.count == 1 ? hits.first : nil
    }
}
