import TashihJSON
import TashihModel
import TashihText

/// Label Studio JSON: a JSON array of tasks. Offsets: code points in the stored data, end
/// exclusive. Gold goes out as `annotations`, suggestions as `predictions`, kept apart:
///
/// `{"id":N,"data":{"text","id","meta"},"annotations":[{"result":[…]}],"predictions":[{"model_version","score","result":[…]}]}`
///
/// A span is a `labels` result; each of its attributes is a per-region result with the same
/// `id`: `choices` (choice), `number` (number) or `textarea` (text, identifier). `label_config.xml`
/// is the matching labelling interface.
public enum LabelStudioFormat {
    static func results(_ spans: [Span], text: String, prefix: String, schema: Schema, scores: Bool) -> [JSONValue] {
        var out: [JSONValue] = []
        for (k, s) in spans.sorted(by: Span.canonicalOrder).enumerated() {
            let id = "\(prefix)\(k + 1)"
            let region = JSONObject([("start", .number(JSONNumber(s.start))), ("end", .number(JSONNumber(s.end)))])
            var v = region
            v["text"] = .string(text.scalarSlice(s.start, s.end) ?? "")
            v["labels"] = .array([.string(s.label)])
            var r = JSONObject([
                ("id", .string(id)), ("from_name", .string("label")), ("to_name", .string("text")), ("type", .string("labels")),
                ("value", .object(v)),
            ])
            if scores, let sc = s.origin?.score { r["score"] = .number(JSONNumber(sc)) }
            out.append(.object(r))
            for (name, value) in s.attributes.sorted(by: { $0.key < $1.key }) {
                var av = region
                let type: String
                switch schema.attribute(name, forLabel: s.label)?.kind {
                case .choice:
                    type = "choices"
                    av["choices"] = .array([.string(value.description)])
                case .number:
                    type = "number"
                    av["number"] = value.json
                default:
                    type = "textarea"
                    av["text"] = .array([.string(value.description)])
                }
                out.append(
                    .object(
                        JSONObject([
                            ("id", .string(id)), ("from_name", .string(name)), ("to_name", .string("text")),
                            ("type", .string(type)),
                            ("value", .object(av)),
                        ])))
            }
        }
        return out
    }

    static func task(_ doc: Document, predictions: [Span], id: Int, schema: Schema) -> [UInt8] {
        var data = JSONObject([("text", .string(doc.text)), ("id", .string(doc.id.rawValue))])
        if !doc.meta.entries.isEmpty { data["meta"] = .object(doc.meta) }
        var byModel: [String: [Span]] = [:]
        for p in predictions {
            let key = p.origin.map { "\($0.extractor)@\($0.version)" } ?? "unknown"
            byModel[key, default: []].append(p)
        }
        var preds: [JSONValue] = []
        for (model, spans) in byModel.sorted(by: { $0.key < $1.key }) {
            var p = JSONObject([
                ("model_version", .string(model)),
                ("result", .array(results(spans, text: doc.text, prefix: "p", schema: schema, scores: true))),
            ])
            let scores = spans.compactMap { $0.origin?.score }
            if !scores.isEmpty { p["score"] = .number(JSONNumber(scores.reduce(0, +) / Double(scores.count))) }
            preds.append(.object(p))
        }
        let o = JSONObject([
            ("id", .number(JSONNumber(id))), ("data", .object(data)),
            (
                "annotations",
                .array([
                    .object(
                        JSONObject([
                            ("result", .array(results(doc.spans, text: doc.text, prefix: "a", schema: schema, scores: false)))
                        ]))
                ])
            ),
            ("predictions", .array(preds)),
        ])
        return JSONWriter.bytes(.object(o))
    }

    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }

    static func labelConfig(_ schema: Schema, labels: [String]) -> String {
        var s = "<View>\n  <Labels name=\"label\" toName=\"text\">\n"
        for l in labels { s += "    <Label value=\"\(xml(l))\"/>\n" }
        s += "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n"
        var seen = Set<String>()
        for f in schema.families where f.labels.contains(where: labels.contains) {
            for a in f.attributes where seen.insert(a.name).inserted {
                switch a.kind {
                case .choice(let values):
                    s += "  <Choices name=\"\(a.name)\" toName=\"text\" perRegion=\"true\">\n"
                    for v in values { s += "    <Choice value=\"\(xml(v))\"/>\n" }
                    s += "  </Choices>\n"
                case .number: s += "  <Number name=\"\(a.name)\" toName=\"text\" perRegion=\"true\"/>\n"
                case .text, .identifier: s += "  <TextArea name=\"\(a.name)\" toName=\"text\" perRegion=\"true\"/>\n"
                }
            }
        }
        return s + "</View>\n"
    }

    /// Spans of a `result` list: `labels` results give spans, other results with the same id
    /// give their attributes.
    static func spans(
        _ results: [JSONValue], text: String, n: Int, reader: InterchangeReader, path: String, line: Int,
        origin: SuggestionOrigin?
    ) throws -> [Span] {
        var order: [String] = []
        var byID: [String: Span] = [:]
        var pending: [(String, String, AttributeValue)] = []
        for (k, r) in results.enumerated() {
            guard let o = r.objectValue, let value = o["value"]?.objectValue else {
                throw ImportError(file: path, line: line, message: "result \(k + 1) has no \"value\" object")
            }
            let id = o["id"]?.stringValue ?? "#\(k)"
            let type = o["type"]?.stringValue ?? ""
            switch type {
            case "labels", "hypertextlabels":
                guard let s = value["start"]?.intValue, let e = value["end"]?.intValue,
                    let l = value["labels"]?.arrayValue?.first?.stringValue
                else {
                    throw ImportError(file: path, line: line, message: "result \(id) needs integer start, end and labels")
                }
                if let want = value["text"]?.stringValue, let got = text.scalarSlice(s, e), want != got {
                    throw ImportError(
                        file: path, line: line,
                        message: "result \(id) \(s)..\(e) says \"\(want)\" but the text there is \"\(got)\"",
                        hint: "Label Studio stores code points; offsets shifted after an emoji are a known front-end UTF-16 bug")
                }
                var span = Span(start: s, end: e, label: l)
                if var origin {
                    if let sc = o["score"]?.numberValue?.doubleValue { origin.score = sc }
                    span.origin = origin
                }
                byID[id] = span
                order.append(id)
            case "choices":
                if let c = value["choices"]?.arrayValue?.first?.stringValue, let name = o["from_name"]?.stringValue {
                    pending.append((id, name, .string(c)))
                }
            case "number":
                if let d = value["number"]?.numberValue?.doubleValue, let name = o["from_name"]?.stringValue {
                    pending.append((id, name, .number(d)))
                }
            case "textarea":
                if let t = value["text"]?.arrayValue?.first?.stringValue, let name = o["from_name"]?.stringValue {
                    pending.append((id, name, .string(t)))
                }
            default:
                throw ImportError(
                    file: path, line: line, message: "result \(id) has type \"\(type)\", which Tashih does not read",
                    hint: "Tashih reads labels, choices, number and textarea results")
            }
        }
        for (id, name, v) in pending {
            guard byID[id] != nil else {
                throw ImportError(file: path, line: line, message: "the \(name) result \(id) belongs to no labelled region")
            }
            byID[id]!.attributes[name] = v
        }
        let out = order.map { byID[$0]! }
        for s in out { try reader.check(s, n: n, file: path, line: line, unit: "code points") }
        return out
    }

    /// Reads a Label Studio JSON export (an array of tasks; errors name the line the task
    /// starts on). The first annotation that was not cancelled is the gold; every prediction
    /// becomes suggestions of the reader's extractor (its `model_version` is the version).
    static func read(path: String, reader: InterchangeReader, into result: inout InterchangeReadResult) throws {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw ImportError(file: path, message: error.message, hint: error.hint) }
        let value: JSONValue
        do { value = try bytes.withUnsafeBufferPointer { (b) throws(JSONLError) in try JSONParser.parse(b, file: path) } } catch {
            throw ImportError(file: path, line: error.line, message: error.message, hint: error.hint)
        }
        guard let tasks = value.arrayValue else {
            throw ImportError(file: path, line: 1, message: "a Label Studio export is a JSON array of tasks")
        }
        // The line each task starts on: tasks are objects at depth 1.
        var starts: [Int] = []
        var depth = 0
        var line = 1
        var inString = false
        var escape = false
        for b in bytes {
            if b == 0x0A { line += 1 }
            if inString {
                if escape { escape = false } else if b == 0x5C { escape = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                if depth == 1 && b == 0x7B { starts.append(line) }
                depth += 1
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        for (k, t) in tasks.enumerated() {
            let at = k < starts.count ? starts[k] : 0
            guard let o = t.objectValue, let data = o["data"]?.objectValue, let text = data["text"]?.stringValue else {
                throw ImportError(file: path, line: at, message: "task \(k + 1) has no data.text string")
            }
            let id =
                data["id"]?.stringValue ?? data["id"]?.numberValue?.literal
                ?? "label-studio:\(o["id"]?.numberValue?.literal ?? String(k + 1))"
            let n = text.scalarCount
            var gold: [Span] = []
            for a in o["annotations"]?.arrayValue ?? [] {
                guard let ao = a.objectValue, ao["was_cancelled"] != .bool(true) else { continue }
                gold = try spans(
                    ao["result"]?.arrayValue ?? [], text: text, n: n, reader: reader, path: path, line: at, origin: nil)
                break
            }
            var preds: [Span] = []
            for p in o["predictions"]?.arrayValue ?? [] {
                guard let po = p.objectValue else { continue }
                let origin = SuggestionOrigin(
                    extractor: reader.extractor, version: po["model_version"]?.stringValue ?? "unknown",
                    score: po["score"]?.numberValue?.doubleValue)
                preds += try spans(
                    po["result"]?.arrayValue ?? [], text: text, n: n, reader: reader, path: path, line: at, origin: origin)
            }
            result.records.append(
                ImportedRecord(
                    document: Document(id: DocumentID(id), text: text, meta: data["meta"]?.objectValue ?? JSONObject()),
                    spans: gold, predictions: preds, file: path, line: at))
        }
    }
}
