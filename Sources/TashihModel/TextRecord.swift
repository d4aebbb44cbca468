import TashihJSON
import TashihText

/// A record that holds only an `id`, a `text` and `meta`, read for pre-tagging with its text
/// kept as UTF-8 bytes and scalar values and never made a `String`: building one validates the
/// bytes, decoding them validates them again, and writing the record back scans them a third
/// time for characters to escape. ``RecordFile/readForTagging(_:)`` validates and decodes in
/// one pass, and ``writeCanonicalJSON(spans:to:)`` copies the text's literal as the line had
/// it when it had no escapes. The output is byte for byte the one of the `Document`.
public struct TextRecord {
    public let id: DocumentID
    public let meta: JSONObject
    /// The text's UTF-8 bytes (escapes decoded): valid only inside the call that hands the
    /// record over.
    public let utf8: UnsafeBufferPointer<UInt8>
    /// Whether the text's JSON literal held escapes: if not, `utf8` is the literal as written,
    /// and as the canonical writer writes it (it escapes only what a literal cannot hold raw).
    public let escaped: Bool
    /// The text's Unicode scalar values: what the extractors read.
    public let values: [UInt32]

    /// The record of a parsed line whose `text` was left as bytes, if it is one: `id` (as
    /// `RecordDecoder.id(of:)` takes it), `meta` (an object, or
    /// absent) and nothing else, and text bytes that are UTF-8. Anything else is nil and goes
    /// the plain way, where `RecordDecoder` says what is wrong.
    init?(_ object: JSONObject, text raw: JSONLRawString) {
        var id: String?
        var meta = JSONObject()
        for e in object.entries {
            switch (e.key, e.value) {
            case ("id", let v): id = RecordDecoder.id(of: v)
            case ("meta", .object(let m)): meta = m
            default: return nil
            }
        }
        guard let id, let values = scalarValues(validatingUTF8: raw.bytes) else { return nil }
        self.id = DocumentID(id)
        self.meta = meta
        self.utf8 = raw.bytes
        self.escaped = raw.escaped
        self.values = values
    }

    /// The record as a `Document` (its text made a `String`), with `spans`.
    public func document(spans: [Span] = []) -> Document {
        Document(id: id, text: String(decoding: utf8, as: UTF8.self), meta: meta, spans: spans)
    }
}

/// A record as ``RecordFile/readForTagging(_:)`` hands it over.
public enum TaggingInput {
    /// Only an id, a text and meta: the text as bytes and scalars.
    case text(TextRecord)
    /// Anything else (spans of its own, a text hash, unknown keys): decoded as usual.
    case document(Document)
}

extension RecordFile {
    /// Reads every record as ``read(_:)`` does — the same report, the same problems, the same
    /// records in the same order — but on the caller's thread, handing a record that holds only
    /// an id, a text and meta over as a ``TextRecord``: the one-core path of `pretag --stdin`,
    /// where the standard library's UTF-8 check of every text and the decoding of its scalars
    /// were two passes of one. The rest are `Document`s.
    public func readForTagging(_ body: (TaggingInput, Int) throws -> Void) throws -> RecordFileReport {
        try readOnThisThread(plainTexts: true, body)
    }

    /// The one-thread pass of ``read(_:)`` and ``readForTagging(_:)``: every line parsed and
    /// checked on the caller's thread, problems collected, duplicate ids found; with
    /// `plainTexts`, a record of only an id, a text and meta is handed over as a ``TextRecord``,
    /// else every record as a `Document`.
    func readOnThisThread(plainTexts: Bool, _ body: (TaggingInput, Int) throws -> Void) throws -> RecordFileReport {
        var report = RecordFileReport()
        let reader = try JSONLReader(path: path, displayName: displayName, chunkSize: 1 << 17)
        let parser = JSONLRecordParser(displayName: displayName)
        let decoder = RecordDecoder(schema: schema)
        var idHashes = Set<UInt64>()
        var suspectHashes = Set<UInt64>()
        var blankLines: [Int] = []

        func add(_ p: Problem) { report.add(p, keepingAtMost: maxProblems) }

        while let (line, offset, bytes) = try reader.nextLine() {
            if JSONLRecordParser.isBlank(bytes) {
                blankLines.append(line)
                continue
            }
            report.lines += 1
            let input: TaggingInput
            if plainTexts, let parsed = try? parser.parse(bytes, line: line, byteOffset: offset, leaving: "text"),
                let raw = parsed.raw, let record = TextRecord(parsed.object, text: raw)
            {
                input = .text(record)
            } else {
                // The plain way: it names the problem, if there is one.
                let object: JSONObject
                do {
                    object = try parser.parse(bytes, line: line, byteOffset: offset)
                } catch {
                    add(
                        Problem(
                            .error, .json, file: error.file, line: error.line, message: Self.columnPrefix(error) + error.message,
                            hint: error.hint))
                    continue
                }
                let (doc, problems) = decoder.decode(object, file: displayName, line: line)
                for p in problems { add(p) }
                guard let doc else { continue }
                report.spans += doc.spans.count
                input = .document(doc)
            }
            let id: String
            switch input {
            case .text(let r): id = r.id.rawValue
            case .document(let d): id = d.id.rawValue
            }
            let h = Self.idHash(id)
            if checksDuplicateIDs && !idHashes.insert(h).inserted { suspectHashes.insert(h) }
            report.records += 1
            try body(input, line)
        }
        report.bytes = reader.bytesRead
        try finish(reader: reader, blankLines: blankLines, lines: report.lines, suspects: suspectHashes, add: add)
        return report
    }
}
