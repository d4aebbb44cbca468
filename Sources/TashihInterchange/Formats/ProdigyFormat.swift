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

    static func line(_ doc: Document, _ t: TokenizedRecord, session: String) -> [UInt8] {
        var tokens: [JSONValue] = []
        tokens.reserveCapacity(t.tokens.count)
        for (k, tok) in t.tokens.enumerated() {
            tokens.append(
                .object(
                    JSONObject([
                        ("text", .string(t.text(tok.start, tok.end))), ("start", .number(JSONNumber(tok.start))),
                        ("end", .number(JSONNumber(tok.end))), ("id", .number(JSONNumber(k))), ("ws", .bool(tok.ws)),
                    ])))
        }
        var spans: [JSONValue] = []
        for (i, s) in t.spans.enumerated() {
            var o = JSONObject([
                ("start", .number(JSONNumber(s.start))), ("end", .number(JSONNumber(s.end))),
                ("token_start", .number(JSONNumber(t.tokenRanges[i].lowerBound))),
                ("token_end", .number(JSONNumber(t.tokenRanges[i].upperBound))), ("label", .string(s.label)),
            ])
            if !s.attributes.isEmpty { o["attributes"] = attributesJSON(s.attributes) }
            spans.append(.object(o))
        }
        var meta = doc.meta
        meta["id"] = .string(doc.id.rawValue)
        let ih = inputHash(doc.text)
        let o = JSONObject([
            ("text", .string(doc.text)), ("meta", .object(meta)), ("tokens", .array(tokens)), ("spans", .array(spans)),
            ("_input_hash", .number(JSONNumber(Int(ih)))),
            ("_task_hash", .number(JSONNumber(Int(taskHash(input: ih, spans: t.spans))))),
            ("_view_id", .string("ner_manual")), ("answer", .string("accept")), ("_session_id", .string(session)),
        ])
        var out: [UInt8] = []
        JSONWriter.write(.object(o), to: &out)
        out.append(0x0A)
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
