import Foundation
import TashihJSON
import TashihModel
import TashihText

/// One record read from an interchange file: its text (and id, meta) and the spans found for it,
/// in Unicode scalar offsets after conversion from the file's unit.
public struct ImportedRecord: Sendable {
    /// The record, without spans.
    public var document: Document
    /// Human annotations (Label Studio `annotations`, Prodigy `accept`ed spans, every span of the
    /// other formats).
    public var spans: [Span]
    /// Model output kept apart (Label Studio `predictions`), with their origin.
    public var predictions: [Span]
    /// Where the record came from, for errors.
    public var file: String
    public var line: Int

    public init(document: Document, spans: [Span], predictions: [Span] = [], file: String, line: Int) {
        self.document = document
        self.spans = spans
        self.predictions = predictions
        self.file = file
        self.line = line
    }
}

/// What reading interchange files gave: records, and notes about what was left out.
public struct InterchangeReadResult: Sendable {
    public var records: [ImportedRecord] = []
    /// Things read but not imported (a brat relation, a Prodigy `reject`), one line each.
    public var notes: [String] = []
    public init() {}
}

/// Reads the interchange formats. Every reader states its offset unit (``InterchangeFormat/offsetUnit``)
/// and converts to scalars; every span is checked against its text and the schema, and any
/// problem stops the import with the file and line.
public struct InterchangeReader: Sendable {
    public var format: InterchangeFormat
    public var schema: Schema
    /// The text of a record already in the dataset, by id: token formats (CoNLL, IOB2, BIOES, HF)
    /// carry no text and are aligned to it.
    public var existingText: @Sendable (String) -> String?
    /// The extractor name given to predictions (Label Studio).
    public var extractor: String = "import"

    public init(format: InterchangeFormat, schema: Schema, existingText: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.format = format
        self.schema = schema
        self.existingText = existingText
    }

    /// Reads `paths` (files, or folders for brat and WebAnno).
    public func read(paths: [String]) throws -> InterchangeReadResult {
        var result = InterchangeReadResult()
        for p in paths {
            switch format {
            case .prodigy: try ProdigyFormat.read(path: p, reader: self, into: &result)
            case .doccano: try DoccanoFormat.read(path: p, reader: self, into: &result)
            case .brat: try BratFormat.read(path: p, reader: self, into: &result)
            case .labelStudio: try LabelStudioFormat.read(path: p, reader: self, into: &result)
            case .webanno: try WebAnnoFormat.read(path: p, reader: self, into: &result)
            case .conll, .iob2, .bioes: try TaggedFormat.readColumns(path: p, reader: self, into: &result)
            case .hf: try TaggedFormat.readHF(path: p, reader: self, into: &result)
            }
        }
        return result
    }

    /// Checks a span against its text (scalar count `n`) and the schema.
    func check(_ s: Span, n: Int, file: String, line: Int, unit: String) throws {
        guard s.start >= 0, s.end <= n, s.start < s.end else {
            throw ImportError(
                file: file, line: line,
                message: "span \(s.start)..\(s.end) (\(s.label)) is not inside the text (0..\(n) \(unit), end exclusive)",
                hint: "offsets are \(unit); check that the file was not made with another unit or for another text")
        }
        guard let fam = schema.family(ofLabel: s.label) else {
            throw ImportError(
                file: file, line: line, message: "unknown label \(s.label)",
                hint: "labels of the schema: \(schema.allLabels.joined(separator: ", "))")
        }
        for (k, v) in s.attributes {
            guard let a = schema.attribute(k, forLabel: s.label) else {
                throw ImportError(
                    file: file, line: line, message: "label \(s.label) takes no attribute \(k)",
                    hint: "attributes of \(fam.name): \(fam.attributes.map(\.name).joined(separator: ", "))")
            }
            switch (a.kind, v) {
            case (.number, .number), (.text, .string), (.identifier, .string): break
            case (.choice(let values), .string(let x)):
                if !values.contains(x) {
                    throw ImportError(
                        file: file, line: line, message: "attribute \(k) of \(s.label) is \(x)",
                        hint: "one of \(values.joined(separator: ", "))")
                }
            default:
                throw ImportError(file: file, line: line, message: "attribute \(k) of \(s.label) must be a \(a.kindName)")
            }
        }
    }

    /// The schema's name for an attribute another tool names differently: brat normalisations
    /// in an `actors` database and INCEpTION's `identifier` feature are the label's identifier
    /// attribute (`actor_id`, or `target` for stance cues). Other names are kept as they are.
    func attributeName(_ name: String, label: String) -> String {
        if schema.attribute(name, forLabel: label) != nil { return name }
        guard ["actors", "actor", "identifier"].contains(name) else { return name }
        let ids = schema.attributes(forLabel: label).filter {
            if case .identifier = $0.kind { return true } else { return false }
        }
        return ids.count == 1 ? ids[0].name : name
    }

    /// An attribute value read as text, typed by the schema (numbers for number attributes).
    func attributeValue(_ name: String, _ text: String, label: String) -> AttributeValue {
        if case .number = schema.attribute(name, forLabel: label)?.kind, let d = Double(text) { return .number(d) }
        return .string(text)
    }
}

extension JSONValue {
    /// An integer value, if this is an integral number.
    var intValue: Int? { numberValue?.intValue }
}

/// Attributes from a JSON object (numbers and strings; others are ignored).
func attributes(from o: JSONObject?) -> [String: AttributeValue] {
    var out: [String: AttributeValue] = [:]
    for (k, v) in o ?? JSONObject() {
        switch v {
        case .string(let s): out[k] = .string(s)
        case .number(let n): if let d = n.doubleValue { out[k] = .number(d) }
        default: break
        }
    }
    return out
}

/// The attributes as a JSON object.
func attributesJSON(_ a: [String: AttributeValue]) -> JSONValue {
    .object(JSONObject(a.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) }))
}

/// Reads a JSONL file line by line (blank lines skipped), parsing each with the project's parser;
/// a line that is not a JSON object is an error naming the file and line.
func forEachJSONLine(path: String, _ body: (JSONObject, Int) throws -> Void) throws {
    let reader: JSONLReader
    do { reader = try JSONLReader(path: path) } catch { throw ImportError(file: path, message: error.message, hint: error.hint) }
    while true {
        let r: JSONLRecord?
        do { r = try reader.next() } catch {
            throw ImportError(file: path, line: error.line, message: error.message, hint: error.hint)
        }
        guard let r else { break }
        try body(r.object, r.line)
    }
}

/// Reads a whole file as UTF-8 text (a BOM skipped); an error names the file.
func readText(_ path: String) throws -> String {
    let bytes: [UInt8]
    do { bytes = try readFileBytes(path) } catch { throw ImportError(file: path, message: error.message, hint: error.hint) }
    if let bad = PlainTextImporter.firstInvalidUTF8(bytes, from: 0) {
        let line = bytes[0..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        throw ImportError(file: path, line: line, message: "invalid UTF-8 at byte \(bad)", hint: "convert the file to UTF-8")
    }
    var b = bytes[...]
    if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
    return String(decoding: b, as: UTF8.self)
}

/// The record id a file name gives (`<stem>` with `%XX` escapes decoded).
func idFromFileName(_ path: String) -> String {
    var name = (path as NSString).lastPathComponent
    if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
    return name.removingPercentEncoding ?? name
}
