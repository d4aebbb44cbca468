import TashihJSON
import TashihModel

/// Reads Tashih JSONL records (`id`, `text`, optional `meta`, `text_hash`, `spans`) from a
/// file, checking each against the schema. Any error makes the whole file unimportable: the
/// report lists every problem.
public enum JSONLImporter {
    /// Streams the documents of `path` to `body`; returns the report of problems found.
    public static func read(path: String, schema: Schema, _ body: (Document) throws -> Void) throws -> RecordFileReport {
        try RecordFile(path: path, schema: schema).read { doc, _ in try body(doc) }
    }
}

/// The input formats `tashih import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    case text
    case jsonl

    /// The format a file name suggests: `.jsonl`/`.json`/`.ndjson` → jsonl, anything else → text.
    public static func guess(path: String) -> ImportFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        return .text
    }
}
