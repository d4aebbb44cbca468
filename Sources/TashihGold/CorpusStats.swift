import TashihJSON
import TashihModel
import TashihText

/// Counts over a stream of documents: records, tokens, scalars, spans per family and label,
/// and suggestions kept apart from gold spans.
public struct CorpusStats: Sendable {
    public var records = 0
    public var tokens = 0
    public var scalars = 0
    public var recordsWithSpans = 0
    /// Gold spans (no extractor) per label.
    public var goldSpansPerLabel: [String: Int] = [:]
    /// Suggested spans (with an extractor) per label.
    public var suggestionsPerLabel: [String: Int] = [:]
    /// Records per `meta.source`.
    public var recordsPerSource: [String: Int] = [:]

    let tokenizer = Tokenizer()

    public init() {}

    /// Adds one document.
    public mutating func add(_ doc: Document) {
        records += 1
        scalars += doc.text.scalarCount
        tokens += tokenizer.tokenize(doc.text).count
        if !doc.spans.isEmpty { recordsWithSpans += 1 }
        for s in doc.spans {
            if s.origin == nil {
                goldSpansPerLabel[s.label, default: 0] += 1
            } else {
                suggestionsPerLabel[s.label, default: 0] += 1
            }
        }
        if let src = doc.meta["source"]?.stringValue { recordsPerSource[src, default: 0] += 1 }
    }

    /// Counts the suggestions of one suggestions file (`datasets/NAME/suggestions/*.jsonl`).
    public mutating func addSuggestions(path: String) throws {
        let reader = try JSONLReader(path: path)
        while let rec = try reader.next() {
            for s in rec.object["spans"]?.arrayValue ?? [] {
                if let label = s.objectValue?["label"]?.stringValue { suggestionsPerLabel[label, default: 0] += 1 }
            }
        }
        suggestionFiles += 1
    }

    /// Suggestion files counted.
    public var suggestionFiles = 0

    public var goldSpans: Int { goldSpansPerLabel.values.reduce(0, +) }
    public var suggestions: Int { suggestionsPerLabel.values.reduce(0, +) }

    /// Rows (family, label, gold, suggested) in schema order, then labels the schema lacks.
    public func labelRows(schema: Schema) -> [(family: String, label: String, gold: Int, suggested: Int)] {
        var rows: [(String, String, Int, Int)] = []
        var seen = Set<String>()
        for f in schema.families {
            for l in f.labels {
                seen.insert(l)
                rows.append((f.name, l, goldSpansPerLabel[l] ?? 0, suggestionsPerLabel[l] ?? 0))
            }
        }
        let extra = Set(goldSpansPerLabel.keys).union(suggestionsPerLabel.keys).subtracting(seen).sorted()
        for l in extra { rows.append(("?", l, goldSpansPerLabel[l] ?? 0, suggestionsPerLabel[l] ?? 0)) }
        return rows
    }
}
