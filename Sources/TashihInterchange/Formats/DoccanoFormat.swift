import TashihJSON
import TashihModel
import TashihText

/// doccano JSONL, both forms. Offsets: code points, end exclusive (doccano's "grapheme mode"
/// is not supported: export with it off). Attributes do not survive (doccano spans have none);
/// the record id is the `id` key and meta rides along under `meta`.
///
/// - `label`: `{"id","text","label":[[start,end,"LABEL"],…],"meta"}`
/// - `entities`: `{"id","text","entities":[{"id","label","start_offset","end_offset"}],"relations":[],"meta"}`
public enum DoccanoFormat {
    static func line(_ doc: Document, form: DoccanoForm) -> [UInt8] {
        var o = JSONObject([("id", .string(doc.id.rawValue)), ("text", .string(doc.text))])
        let spans = doc.spans.sorted(by: Span.canonicalOrder)
        switch form {
        case .label:
            o["label"] = .array(
                spans.map { .array([.number(JSONNumber($0.start)), .number(JSONNumber($0.end)), .string($0.label)]) })
        case .entities:
            o["entities"] = .array(
                spans.enumerated().map { k, s in
                    .object(
                        JSONObject([
                            ("id", .number(JSONNumber(k))), ("label", .string(s.label)),
                            ("start_offset", .number(JSONNumber(s.start))), ("end_offset", .number(JSONNumber(s.end))),
                        ]))
                })
            o["relations"] = .array([])
        }
        if !doc.meta.entries.isEmpty { o["meta"] = .object(doc.meta) }
        var out: [UInt8] = []
        JSONWriter.write(.object(o), to: &out)
        out.append(0x0A)
        return out
    }

    /// Reads either form, line by line (a line may use either). A `label` list of plain strings
    /// is a text-classification project and is refused.
    static func read(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        try forEachJSONLine(path: path) { o, line in
            guard let text = o["text"]?.stringValue else {
                throw ImportError(file: path, line: line, message: "the line has no \"text\" string")
            }
            let id = o["id"]?.stringValue ?? o["id"]?.numberValue?.literal ?? "doccano:\(line)"
            var spans: [Span] = []
            let n = text.scalarCount
            if let list = o["label"]?.arrayValue {
                for v in list {
                    guard let a = v.arrayValue, a.count == 3, let s = a[0].intValue, let e = a[1].intValue,
                        let l = a[2].stringValue
                    else {
                        throw ImportError(
                            file: path, line: line, message: "a \"label\" entry must be [start, end, \"LABEL\"]",
                            hint: "a list of plain labels is a text-classification project, not spans")
                    }
                    spans.append(Span(start: s, end: e, label: l))
                }
            } else if let list = o["entities"]?.arrayValue {
                for v in list {
                    guard let eo = v.objectValue, let s = eo["start_offset"]?.intValue, let e = eo["end_offset"]?.intValue,
                        let l = eo["label"]?.stringValue
                    else {
                        throw ImportError(
                            file: path, line: line, message: "an entity needs integer start_offset, end_offset and a label")
                    }
                    spans.append(Span(start: s, end: e, label: l))
                }
                if let r = o["relations"]?.arrayValue, !r.isEmpty {
                    result.notes.append("\(path):\(line): note: \(r.count) relation(s) not imported (Tashih has no relations)")
                }
            }
            for s in spans { try reader.check(s, n: n, file: path, line: line, unit: "code points") }
            result.records.append(
                ImportedRecord(
                    document: Document(id: DocumentID(id), text: text, meta: o["meta"]?.objectValue ?? JSONObject()),
                    spans: spans, file: path, line: line))
        }
    }
}
