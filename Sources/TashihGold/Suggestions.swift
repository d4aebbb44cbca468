import Foundation
import TashihJSON
import TashihModel

/// Suggestions of one extractor for a dataset, kept apart from the records and from human
/// decisions: `datasets/<name>/suggestions/<extractor-slug>.jsonl`, one line per record in
/// record order — `{"id", "text_hash", "spans": [{…, "extractor", "version", "score"}]}` — an
/// empty `spans` meaning the extractor ran and found nothing. A new run of the same extractor
/// replaces the file whole (temp file + rename): a failed run leaves the old one.
extension Dataset {
    public var suggestionsDirectory: String { directory + "/suggestions" }

    /// A file-name-safe slug of an extractor name: `builtin` → `builtin`, `cmd:python3 x.py` → `cmd-python3-x.py`.
    public static func slug(forExtractor name: String) -> String {
        var out = ""
        var lastDash = false
        for s in name.unicodeScalars {
            let v = s.value
            let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2E || v == 0x5F
            if ok {
                out.unicodeScalars.append(s)
                lastDash = false
            } else if !lastDash && !out.isEmpty {
                out += "-"
                lastDash = true
            }
            if out.utf8.count >= 60 { break }
        }
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        return out.isEmpty ? "extractor" : out
    }

    /// The suggestions file of an extractor.
    public func suggestionsPath(forExtractor name: String) -> String {
        suggestionsDirectory + "/" + Self.slug(forExtractor: name) + ".jsonl"
    }

    /// The suggestion files present, by slug.
    public func suggestionFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suggestionsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { suggestionsDirectory + "/" + $0 }
    }
}

/// Reading a suggestion line's spans, where the file was checked when written (`verify` checks
/// it again): a span missing its offsets or label is skipped; attributes keep strings and
/// numbers; the origin carries extractor, version and score.
public enum SuggestionSpans {
    public static func decode(_ array: [JSONValue]) -> [Span] {
        var spans: [Span] = []
        spans.reserveCapacity(array.count)
        for v in array {
            guard let o = v.objectValue, let s = o["start"]?.numberValue?.intValue,
                let en = o["end"]?.numberValue?.intValue, let l = o["label"]?.stringValue
            else { continue }
            var attributes: [String: AttributeValue] = [:]
            for a in o["attributes"]?.objectValue?.entries ?? [] {
                if let str = a.value.stringValue {
                    attributes[a.key] = .string(str)
                } else if let d = a.value.numberValue?.doubleValue {
                    attributes[a.key] = .number(d)
                }
            }
            let origin = SuggestionOrigin(
                extractor: o["extractor"]?.stringValue ?? "", version: o["version"]?.stringValue ?? "",
                score: o["score"]?.numberValue?.doubleValue)
            spans.append(Span(start: s, end: en, label: l, attributes: attributes, origin: origin))
        }
        return spans
    }
}

/// Writes one extractor's suggestions for a dataset, all or nothing.
public final class SuggestionWriter {
    let writer: AtomicFileWriter
    var line: [UInt8] = []
    public private(set) var records = 0
    public private(set) var spans = 0
    public private(set) var spansPerLabel: [String: Int] = [:]
    public let path: String

    public init(dataset: Dataset, extractor: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dataset.suggestionsDirectory, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError("cannot create \(dataset.suggestionsDirectory): \(error.localizedDescription)")
        }
        path = dataset.suggestionsPath(forExtractor: extractor)
        do { writer = try AtomicFileWriter(path: path) } catch { throw WorkspaceError(error.description) }
    }

    /// Adds the suggestions for one record.
    public func add(_ doc: Document, _ suggested: [Span]) throws {
        let sorted = suggested.sorted(by: Span.canonicalOrder)
        let o = JSONObject([
            ("id", .string(doc.id.rawValue)), ("text_hash", .string(doc.textHash)), ("spans", .array(sorted.map(\.json))),
        ])
        line.removeAll(keepingCapacity: true)
        JSONWriter.write(.object(o), to: &line)
        line.append(0x0A)
        do { try writer.write(line) } catch { throw WorkspaceError(error.description) }
        records += 1
        spans += suggested.count
        for s in suggested { spansPerLabel[s.label, default: 0] += 1 }
    }

    public func commit() throws {
        do { try writer.commit() } catch { throw WorkspaceError(error.description) }
    }

    public func abort() { writer.abort() }
}
