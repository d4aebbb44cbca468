import TashihJSON
import TashihText

#if canImport(Glibc)
    import Glibc
#endif

/// A span's identity for the duplicate check.
struct SpanKey: Hashable {
    var start: Int
    var end: Int
    var label: String
}

/// Scalar offsets of one text mapped to its UTF-8 bytes, for the few offsets spans use.
/// Valid only while the text's contiguous UTF-8 storage is (see `RecordDecoder.withLocator`).
struct ScalarLocator {
    let bytes: UnsafeBufferPointer<UInt8>
    let scalarCount: Int
    /// (scalar offset, byte offset) of each offset asked for, ascending.
    var offsets: [(scalar: Int, byte: Int)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, edges: [Int]) {
        self.bytes = bytes
        scalarCount = Self.countScalars(bytes)
        var wanted = edges.filter { $0 >= 0 && $0 <= scalarCount }
        guard !wanted.isEmpty else { return }
        wanted.sort()
        offsets.reserveCapacity(wanted.count)
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let n = bytes.count
        var scalar = 0  // scalars that start before byte i
        var i = 0
        for w in wanted where offsets.last?.scalar != w {
            // Whole words first: skip 8 bytes while they hold fewer scalar starts than needed.
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let starts = 8 - ((word & ~(word << 1)) & 0x8080_8080_8080_8080).nonzeroBitCount
                if scalar + starts > w { break }
                scalar += starts
                i += 8
            }
            // Then byte by byte to the start of scalar `w`.
            while i < n && (scalar < w || bytes[i] & 0xC0 == 0x80) {
                if bytes[i] & 0xC0 != 0x80 { scalar += 1 }
                i += 1
            }
            // Landed on the lead byte of scalar w (or at the end, for w == scalarCount).
            while i < n && bytes[i] & 0xC0 == 0x80 { i += 1 }
            offsets.append((w, i))
        }
    }

    func byteOffset(_ scalar: Int) -> Int {
        for o in offsets where o.scalar == scalar { return o.byte }
        preconditionFailure("offset \(scalar) was not asked for")
    }

    /// Scalars = bytes that are not UTF-8 continuation bytes (10xxxxxx), eight at a time.
    static func countScalars(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        var continuation = 0
        var i = 0
        let n = b.count
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A continuation byte has bit 7 set and bit 6 clear.
            continuation += ((w & ~(w << 1)) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < n {
            if base[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return n - continuation
    }

    /// The bytes of scalars `[start, end)` (both asked for at init).
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[byteOffset(start)..<byteOffset(end)])
    }

    /// The text of scalars `[start, end)`.
    func string(_ start: Int, _ end: Int) -> String { String(decoding: bytes(start, end), as: UTF8.self) }

    /// The scalar starting at scalar offset `offset` (asked for at init, below the count).
    func scalar(at offset: Int) -> Unicode.Scalar { decode(from: byteOffset(offset)) }

    /// The scalar just before scalar offset `offset` (asked for at init, above 0).
    func scalar(before offset: Int) -> Unicode.Scalar {
        var i = byteOffset(offset) - 1
        while i > 0 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return decode(from: i)
    }

    func decode(from i: Int) -> Unicode.Scalar {
        var it = bytes[i...].makeIterator()
        var d = UTF8()
        if case .scalarValue(let s) = d.decode(&it) { return s }
        return "\u{FFFD}"
    }
}

/// Turns JSONL record objects into `Document`s, checking each record and span against its text
/// and the schema, and collecting every problem (not only the first).
///
/// Checks: `id` (non-empty string), `text` (string), `meta` (object), `text_hash` (matches the
/// text when present), `spans` (array of objects with integer `start` < `end` within the text,
/// a label of the schema, attributes the label takes with values of the right type), a span's
/// `text` against the document's scalars, and — as a warning — a span edge that splits a
/// grapheme cluster (a letter from its haraka).
extension RecordDecoder {
    /// How many Unicode scalars UTF-8 bytes hold (bytes that are not continuation bytes, counted
    /// eight at a time): a text's length in the offsets' unit without decoding it.
    public static func countScalars(_ b: UnsafeBufferPointer<UInt8>) -> Int { ScalarLocator.countScalars(b) }
}

public struct RecordDecoder: Sendable {
    /// The schema labels and attributes are checked against; nil accepts any label and attribute
    /// (for gold made elsewhere).
    public var schema: Schema?

    public init(schema: Schema?) { self.schema = schema }

    /// The id a record's `id` value gives, if it gives one: a non-empty string, or a number's
    /// literal (numeric ids are common in exports: doccano, Label Studio).
    static func id(of value: JSONValue?) -> String? {
        switch value {
        case .string(let s)? where !s.isEmpty: return s
        case .number(let n)?: return n.literal
        default: return nil
        }
    }

    /// Decodes one record. Returns the document (nil if it has errors that leave no usable
    /// document) and the problems found; a document with problems of severity `.error` must
    /// not be stored.
    public func decode(_ object: JSONObject, file: String, line: Int) -> (Document?, [Problem]) {
        var problems: [Problem] = []
        func err(_ code: Problem.Code, _ message: String, hint: String = "", id: String? = nil) {
            problems.append(Problem(.error, code, file: file, line: line, recordID: id, message: message, hint: hint))
        }
        let idString = Self.id(of: object["id"])
        if idString == nil {
            switch object["id"] {
            case .string?: err(.emptyID, "\"id\" is empty", hint: "give every record a unique, non-empty id")
            case nil: err(.missingField, "the record has no \"id\"", hint: "add \"id\": a unique string per record")
            case let other?: err(.wrongType, "\"id\" must be a string, found \(other.kindDescription)")
            }
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
        // The text's UTF-8 bytes and, for the span edges only, their byte offsets: one walk,
        // no array of scalars (a copy of every text was a sixth of `verify`'s time).
        let edges = arr.flatMap { v -> [Int] in
            guard let o = v.objectValue else { return [] }
            return [o["start"]?.numberValue?.intValue, o["end"]?.numberValue?.intValue].compactMap { $0 }
        }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { buf in
            decodeSpans(arr, locator: ScalarLocator(buf, edges: edges), id: id, file: file, line: line, problems: &problems)
        }!
    }

    func decodeSpans(
        _ arr: [JSONValue], locator: ScalarLocator, id: String, file: String, line: Int, problems: inout [Problem]
    ) -> [Span] {
        let n = locator.scalarCount
        var spans: [Span] = []
        var seen: Set<SpanKey> = []
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
                guard let i = num.intValue, Int64(exactly: i) != nil,
                    !num.literal.utf8.contains(UInt8(ascii: ".")) || num.doubleValue == Double(i)
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
                        if !Self.sameBytes(locator.bytes(start, end), t) {
                            let shown = locator.string(start, end)
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
            for edge in [start, end]
            where edge > 0 && edge < n && Self.continuesCluster(locator.scalar(at: edge), after: locator.scalar(before: edge)) {
                err(
                    .splitsGrapheme,
                    "the span edge at \(edge) splits a character from its mark (\(Self.codePoint(locator.scalar(at: edge))))",
                    hint: "move the edge past the mark", summary: summary, severity: .warning)
            }
            if !seen.insert(SpanKey(start: start, end: end, label: label)).inserted, origin == nil {
                err(
                    .duplicateSpan, "the same span and label appear twice", hint: "delete one", summary: summary,
                    severity: .warning)
            }
            spans.append(Span(start: start, end: end, label: label, attributes: attributes, text: spanText, origin: origin))
        }
        return spans
    }

    /// Whether `text`'s UTF-8 bytes are exactly `bytes`.
    static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var t = text
        return t.withUTF8 {
            $0.count == bytes.count && (bytes.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// `U+064F`: a scalar as users see it in the Unicode charts.
    static func codePoint(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether `s` continues the grapheme cluster of `prev` (a combining mark, ZWJ, a variation
    /// selector or an emoji modifier after it, or the character after a ZWJ).
    static func continuesCluster(_ s: Unicode.Scalar, after prev: Unicode.Scalar) -> Bool {
        let v = s.value
        // Fast paths: ASCII and Arabic letters, digits and punctuation never continue a cluster
        // unless after a ZWJ or a CR; Arabic harakat always do.
        if prev.value != 0x200D && prev.value != 0x0D {
            if v < 0x0300 { return false }
            if v >= 0x0600 && v <= 0x06FF {
                return (0x0610...0x061A).contains(v) || (0x064B...0x065F).contains(v) || v == 0x0670
                    || (0x06D6...0x06DC).contains(v) || (0x06DF...0x06E4).contains(v) || (0x06E7...0x06E8).contains(v)
                    || (0x06EA...0x06ED).contains(v)
            }
        }
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
