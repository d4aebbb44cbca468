import TashihJSON
import TashihModel
import TashihText

/// Prodigy JSONL (`ner_manual` / `spans_manual` tasks). Offsets: code points, `end` exclusive,
/// `token_end` inclusive. One task per line:
///
/// `{"text","meta":{…,"id"},"tokens":[{"text","start","end","id","ws"}],"spans":[{"start","end",
/// "token_start","token_end","label","attributes"?}],"_input_hash","_task_hash","_view_id":"ner_manual",
/// "answer":"accept","_session_id"}`
///
/// Tokens are Tashih's (white space other than one space is a token of its own, as in spaCy), so
/// `Doc(words, spaces)` rebuilds the text exactly. Hashes: MurmurHash3 x86 32 (seed 0, signed) of
/// canonical JSON — `_input_hash` of `{"text":TEXT}`, `_task_hash` of
/// `{"input_hash":N,"spans":[{"end","label","start"},…]}` (spans in text order). They are stable
/// and unique per input and answer, but they are not Prodigy's own values.
public enum ProdigyFormat {
    public static func inputHash(_ text: String) -> Int32 {
        Murmur3.signed(JSONWriter.bytes(.object(JSONObject([("text", .string(text))]))))
    }

    public static func taskHash(input: Int32, spans: [Span]) -> Int32 {
        let list: [JSONValue] = spans.sorted(by: Span.canonicalOrder).map {
            .object(
                JSONObject([
                    ("end", .number(JSONNumber($0.end))), ("label", .string($0.label)), ("start", .number(JSONNumber($0.start))),
                ]))
        }
        return Murmur3.signed(
            JSONWriter.bytes(.object(JSONObject([("input_hash", .number(JSONNumber(Int(input)))), ("spans", .array(list))]))))
    }

    /// One task line, written straight to bytes (keys sorted, as canonical JSON would be).
    static func line(_ doc: Document, _ t: TokenizedRecord, session: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(t.utf8.count * 4 + 256)
        func key(_ k: String) {
            out.append(0x22)
            out.append(contentsOf: k.utf8)
            out.append(contentsOf: [0x22, 0x3A])
        }
        func int(_ n: Int) { out.append(contentsOf: String(n).utf8) }
        var meta = doc.meta
        meta["id"] = .string(doc.id.rawValue)
        let ih = inputHash(doc.text)
        out.append(0x7B)
        key("_input_hash")
        int(Int(ih))
        out.append(0x2C)
        key("_session_id")
        JSONWriter.writeString(session, to: &out)
        out.append(0x2C)
        key("_task_hash")
        int(Int(taskHash(input: ih, spans: t.spans)))
        out.append(0x2C)
        key("_view_id")
        out.append(contentsOf: Array(#""ner_manual","answer":"accept","#.utf8))
        key("meta")
        JSONWriter.write(.object(meta), to: &out)
        out.append(0x2C)
        key("spans")
        out.append(0x5B)
        for (i, s) in t.spans.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(0x7B)
            if !s.attributes.isEmpty {
                key("attributes")
                JSONWriter.write(attributesJSON(s.attributes), to: &out)
                out.append(0x2C)
            }
            key("end")
            int(s.end)
            out.append(0x2C)
            key("label")
            JSONWriter.writeString(s.label, to: &out)
            out.append(0x2C)
            key("start")
            int(s.start)
            out.append(0x2C)
            key("token_end")
            int(t.tokenRanges[i].upperBound)
            out.append(0x2C)
            key("token_start")
            int(t.tokenRanges[i].lowerBound)
            out.append(0x7D)
        }
        out.append(contentsOf: [0x5D, 0x2C])
        key("text")
        JSONWriter.writeString(doc.text, to: &out)
        out.append(0x2C)
        key("tokens")
        out.append(0x5B)
        for (k, tok) in t.tokens.enumerated() {
            if k > 0 { out.append(0x2C) }
            out.append(0x7B)
            key("end")
            int(tok.end)
            out.append(0x2C)
            key("id")
            int(k)
            out.append(0x2C)
            key("start")
            int(tok.start)
            out.append(0x2C)
            key("text")
            JSONWriter.writeString(t.text(tok.start, tok.end), to: &out)
            out.append(0x2C)
            key("ws")
            out.append(contentsOf: tok.ws ? Array("true".utf8) : Array("false".utf8))
            out.append(0x7D)
        }
        out.append(contentsOf: [0x5D, 0x7D, 0x0A])
        return out
    }

    /// Reads Prodigy JSONL: `accept`ed tasks (or tasks without `answer`) give records; `reject`
    /// and `ignore` are counted in the notes. The record id is `meta.id`, else top-level `id`,
    /// else `prodigy:<_input_hash>`.
    static func read(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        var skipped: [String: Int] = [:]
        try forEachJSONLine(path: path) { o, line in
            guard let text = o["text"]?.stringValue else {
                throw ImportError(
                    file: path, line: line, message: "the task has no \"text\" string", hint: "Prodigy tasks need a text")
            }
            let answer = o["answer"]?.stringValue ?? "accept"
            guard answer == "accept" else {
                skipped[answer, default: 0] += 1
                return
            }
            let meta = o["meta"]?.objectValue ?? JSONObject()
            var id = meta["id"]?.stringValue ?? meta["id"]?.numberValue?.literal
            id = id ?? o["id"]?.stringValue ?? o["id"]?.numberValue?.literal
            let rid = id ?? "prodigy:\(o["_input_hash"]?.numberValue?.literal ?? String(inputHash(text)))"
            var m = meta
            m["id"] = nil
            let n = text.scalarCount
            var spans: [Span] = []
            for v in o["spans"]?.arrayValue ?? [] {
                guard let so = v.objectValue, let s = so["start"]?.intValue, let e = so["end"]?.intValue,
                    let l = so["label"]?.stringValue
                else {
                    throw ImportError(
                        file: path, line: line, message: "a span needs integer \"start\", \"end\" and a \"label\" string")
                }
                let span = Span(start: s, end: e, label: l, attributes: attributes(from: so["attributes"]?.objectValue))
                try reader.check(span, n: n, file: path, line: line, unit: "code points")
                if let want = so["text"]?.stringValue, want != text.scalarSlice(s, e) {
                    throw ImportError(
                        file: path, line: line,
                        message: "span \(s)..\(e) says \"\(want)\" but the text there is \"\(text.scalarSlice(s, e) ?? "")\"",
                        hint: "Prodigy offsets are code points; a UTF-16 offset shifts after an emoji")
                }
                spans.append(span)
            }
            result.records.append(
                ImportedRecord(document: Document(id: DocumentID(rid), text: text, meta: m), spans: spans, file: path, line: line)
            )
        }
        for (a, n) in skipped.sorted(by: { $0.key < $1.key }) {
            result.notes.append("\(path): note: \(n) task(s) answered \"\(a)\" not imported (only accepted tasks are gold)")
        }
    }
}
