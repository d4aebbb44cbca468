import TashihJSON
import TashihText

/// Turns JSONL record objects into `Document`s, checking each record and span against its text
/// and the schema, and collecting every problem (not only the first).
///
/// Checks: `id` (non-empty string), `text` (string), `meta` (object), `text_hash` (matches the
/// text when present), `spans` (array of objects with integer `start` < `end` within the text,
/// a label of the schema, attributes the label takes with values of the right type), a span's
/// `text` against the document's scalars, and — as a warning — a span edge that splits a
/// grapheme cluster (a letter from its haraka).
public struct RecordDecoder: Sendable {
    /// The schema labels and attributes are checked against; nil accepts any label and attribute
    /// (for gold made elsewhere).
    public var schema: Schema?

    public init(schema: Schema?) { self.schema = schema }

    /// Decodes one record. Returns the document (nil if it has errors that leave no usable
    /// document) and the problems found; a document with problems of severity `.error` must
    /// not be stored.
    public func decode(_ object: JSONObject, file: String, line: Int) -> (Document?, [Problem]) {
        var problems: [Problem] = []
        func err(_ code: Problem.Code, _ message: String, hint: String = "", id: String? = nil) {
            problems.append(Problem(.error, code, file: file, line: line, recordID: id, message: message, hint: hint))
        }
        var idString: String?
        switch object["id"] {
        case .string(let s)?:
            if s.isEmpty {
                err(.emptyID, "\"id\" is empty", hint: "give every record a unique, non-empty id")
            } else {
                idString = s
            }
        case .number(let n)?:
            // Numeric ids are common in exports (doccano, Label Studio); keep their literal.
            idString = n.literal
        case nil:
            err(.missingField, "the record has no \"id\"", hint: "add \"id\": a unique string per record")
        case let other?:
            err(.wrongType, "\"id\" must be a string, found \(other.kindDescription)")
        }
        var text: String?
        switch object["text"] {
        case .string(let s)?: text = s
        case nil: err(.missingField, "the record has no \"text\"", hint: "add \"text\": the document's text", id: idString)
        case let other?: err(.wrongType, "\"text\" must be a string, found \(other.kindDescription)", id: idString)
        }
        var meta = JSONObject()
        if let m = object["meta"] {
            if let mo = m.objectValue {
                meta = mo
            } else {
                err(.wrongType, "\"meta\" must be an object, found \(m.kindDescription)", id: idString)
            }
        }
        guard let id = idString, let text else { return (nil, problems) }
        var doc = Document(id: DocumentID(id), text: text, meta: meta)
        if let h = object["text_hash"] {
            if let hs = h.stringValue {
                if hs != doc.textHash {
                    err(
                        .textHashMismatch, "\"text_hash\" does not match the text",
                        hint: "the text was changed after it was hashed; restore it, or drop text_hash to re-hash", id: id)
                }
            } else {
                err(.wrongType, "\"text_hash\" must be a string, found \(h.kindDescription)", id: id)
            }
        }
        var extra = JSONObject()
        for e in object.entries {
            switch e.key {
            case "id", "text", "meta", "text_hash", "spans": continue
            default: extra.entries.append(e)
            }
        }
        doc.extra = extra
        if let sv = object["spans"] {
            guard let arr = sv.arrayValue else {
                err(.wrongType, "\"spans\" must be an array, found \(sv.kindDescription)", id: id)
                return (nil, problems)
            }
            doc.spans = decodeSpans(arr, text: text, id: id, file: file, line: line, problems: &problems)
        }
        let hasErrors = problems.contains { $0.severity == .error }
        return (hasErrors ? nil : doc, problems)
    }

    func decodeSpans(
        _ arr: [JSONValue], text: String, id: String, file: String, line: Int, problems: inout [Problem]
    ) -> [Span] {
        let scalars = Array(text.unicodeScalars)
        let n = scalars.count
        var spans: [Span] = []
        var seen: Set<[Int]> = []
        for (i, sv) in arr.enumerated() {
            func err(
                _ code: Problem.Code, _ message: String, hint: String = "", summary: String? = nil,
                severity: Problem.Severity = .error
            ) {
                problems.append(
                    Problem(
                        severity, code, file: file, line: line, recordID: id, spanIndex: i, spanSummary: summary,
                        message: message, hint: hint))
            }
            guard let so = sv.objectValue else {
                err(.wrongType, "a span must be an object, found \(sv.kindDescription)")
                continue
            }
            func int(_ key: String) -> Int? {
                guard let v = so[key] else {
                    err(.missingField, "the span has no \"\(key)\"", hint: "spans need start, end and label")
                    return nil
                }
                guard let num = v.numberValue else {
                    err(.wrongType, "\"\(key)\" must be an integer, found \(v.kindDescription)")
                    return nil
                }
                guard let i = num.intValue, Int64(exactly: i) != nil, !num.literal.contains(".") || num.doubleValue == Double(i)
                else {
                    err(
                        .wrongType, "\"\(key)\" must be an integer offset, found \(num.literal)",
                        hint: "offsets are whole Unicode scalar counts")
                    return nil
                }
                return i
            }
            let start = int("start")
            let end = int("end")
            var label: String?
            switch so["label"] {
            case .string(let l)?: label = l
            case nil: err(.missingField, "the span has no \"label\"", hint: "spans need start, end and label")
            case let other?: err(.wrongType, "\"label\" must be a string, found \(other.kindDescription)")
            }
            guard let start, let end, let label else { continue }
            let summary = "\(start)..\(end) \(label)"
            var ok = true
            if start < 0 || end < 0 {
                err(.negativeOffset, "offsets cannot be negative", summary: summary)
                ok = false
            } else if end > n || start > n {
                err(
                    .offsetOutOfRange, "offset \(max(start, end)) is past the end of the text (\(n) scalars)",
                    hint: "offsets are Unicode scalar offsets, end exclusive — UTF-16 or byte offsets must be converted",
                    summary: summary)
                ok = false
            } else if start >= end {
                err(
                    .emptySpan, "start \(start) is not before end \(end)",
                    hint: "a span covers at least one scalar; end is exclusive",
                    summary: summary)
                ok = false
            }
            var attributes: [String: AttributeValue] = [:]
            if let schema, schema.family(ofLabel: label) == nil {
                err(
                    .unknownLabel, "unknown label \(label)",
                    hint: "labels of the schema: \(schema.allLabels.joined(separator: ", "))",
                    summary: summary)
                ok = false
            }
            if let av = so["attributes"] {
                if let ao = av.objectValue {
                    for e in ao.entries {
                        if let v = checkAttribute(e.key, e.value, label: label, summary: summary, err: err) {
                            attributes[e.key] = v
                        } else {
                            ok = false
                        }
                    }
                } else {
                    err(.wrongType, "\"attributes\" must be an object, found \(av.kindDescription)", summary: summary)
                    ok = false
                }
            }
            var spanText: String?
            if let tv = so["text"] {
                if let t = tv.stringValue {
                    spanText = t
                    if ok && start < end && end <= n {
                        let actual = scalars[start..<end]
                        if !actual.elementsEqual(t.unicodeScalars) {
                            let shown = String(String.UnicodeScalarView(actual))
                            err(
                                .spanTextMismatch,
                                "span text \"\(t)\" differs from the document's \"\(shown)\" at \(start)..\(end)",
                                hint: "offsets may be in another unit (UTF-16, bytes, graphemes) or the text changed",
                                summary: summary)
                            ok = false
                        }
                    }
                } else {
                    err(.wrongType, "\"text\" must be a string, found \(tv.kindDescription)", summary: summary)
                    ok = false
                }
            }
            var origin: SuggestionOrigin?
            if let ex = so["extractor"] {
                if let exs = ex.stringValue {
                    let version = so["version"]?.stringValue ?? ""
                    var score: Double?
                    if let sc = so["score"] {
                        if let d = sc.numberValue?.doubleValue {
                            score = d
                        } else {
                            err(.wrongType, "\"score\" must be a number, found \(sc.kindDescription)", summary: summary)
                            ok = false
                        }
                    }
                    origin = SuggestionOrigin(extractor: exs, version: version, score: score)
                } else {
                    err(.wrongType, "\"extractor\" must be a string, found \(ex.kindDescription)", summary: summary)
                    ok = false
                }
            }
            guard ok else { continue }
            // A span edge between a letter and its haraka (or inside an emoji sequence) splits
            // what a reader sees as one character: allowed, but almost always a mistake.
            for edge in [start, end] where edge > 0 && edge < n && Self.continuesCluster(scalars[edge], after: scalars[edge - 1])
            {
                err(
                    .splitsGrapheme,
                    "the span edge at \(edge) splits a character from its mark (\(Self.codePoint(scalars[edge])))",
                    hint: "move the edge past the mark", summary: summary, severity: .warning)
            }
            if !seen.insert([start, end] + Array(label.utf8).map(Int.init)).inserted, origin == nil {
                err(
                    .duplicateSpan, "the same span and label appear twice", hint: "delete one", summary: summary,
                    severity: .warning)
            }
            spans.append(Span(start: start, end: end, label: label, attributes: attributes, text: spanText, origin: origin))
        }
        return spans
    }

    /// `U+064F`: a scalar as users see it in the Unicode charts.
    static func codePoint(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether `s` continues the grapheme cluster of `prev` (a combining mark, ZWJ, a variation
    /// selector or an emoji modifier after it, or the character after a ZWJ).
    static func continuesCluster(_ s: Unicode.Scalar, after prev: Unicode.Scalar) -> Bool {
        if prev.value == 0x200D { return true }
        if prev.value == 0x0D && s.value == 0x0A { return true }
        switch s.value {
        case 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0100...0xE01EF: return true
        default: break
        }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return false
        }
    }

    func checkAttribute(
        _ name: String, _ value: JSONValue, label: String, summary: String,
        err: (Problem.Code, String, String, String?, Problem.Severity) -> Void
    ) -> AttributeValue? {
        func plain(_ v: JSONValue) -> AttributeValue? {
            switch v {
            case .string(let s): return .string(s)
            case .number(let n): return n.doubleValue.map { .number($0) }
            default: return nil
            }
        }
        guard let schema else {
            if let v = plain(value) { return v }
            err(
                .wrongAttributeType, "attribute \(name) must be a string or a number, found \(value.kindDescription)", "",
                summary, .error)
            return nil
        }
        guard schema.family(ofLabel: label) != nil else { return plain(value) }  // unknown label already reported
        guard let attr = schema.attribute(name, forLabel: label) else {
            let allowed = schema.attributes(forLabel: label).map(\.name)
            err(
                .unknownAttribute, "label \(label) has no attribute \(name)",
                allowed.isEmpty ? "\(label) takes no attributes" : "\(label) takes: \(allowed.joined(separator: ", "))", summary,
                .error)
            return nil
        }
        switch attr.kind {
        case .number:
            guard let n = value.numberValue else {
                err(
                    .wrongAttributeType, "attribute \(name) must be a number, found \(value.kindDescription)",
                    "write e.g. \"\(name)\": 40", summary, .error)
                return nil
            }
            guard let d = n.doubleValue else {
                err(.wrongAttributeType, "attribute \(name) = \(n.literal) is out of range", "", summary, .error)
                return nil
            }
            return .number(d)
        case .choice(let values):
            guard let s = value.stringValue else {
                err(
                    .wrongAttributeType, "attribute \(name) must be a string, found \(value.kindDescription)",
                    "one of: \(values.joined(separator: ", "))", summary, .error)
                return nil
            }
            guard values.contains(s) else {
                err(
                    .attributeValueNotAllowed, "attribute \(name) cannot be \"\(s)\"",
                    "one of: \(values.joined(separator: ", "))", summary, .error)
                return nil
            }
            return .string(s)
        case .text:
            guard let s = value.stringValue else {
                err(
                    .wrongAttributeType, "attribute \(name) must be a string, found \(value.kindDescription)", "", summary, .error
                )
                return nil
            }
            return .string(s)
        case .identifier:
            guard let s = value.stringValue else {
                err(
                    .wrongAttributeType, "attribute \(name) must be an identifier string, found \(value.kindDescription)", "",
                    summary, .error)
                return nil
            }
            let okChars =
                !s.isEmpty
                && s.utf8.allSatisfy { b in
                    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
                        || b == 0x2E || b == 0x3A
                }
            guard okChars else {
                err(
                    .attributeValueNotAllowed, "attribute \(name) = \"\(s)\" is not an identifier",
                    "use ASCII letters, digits, _ - . : (e.g. SDF)", summary, .error)
                return nil
            }
            return .string(s)
        }
    }
}
