import TashihJSON

#if canImport(Glibc)
    import Glibc
#endif

extension Document {
    /// Appends the canonical JSON of the record (exactly `JSONWriter.write(json)`), written
    /// straight from the fields in their sorted key order rather than through a `JSONValue`
    /// tree — the hot path of `pretag --stdin` and of imports.
    public func writeCanonicalJSON(to out: inout [UInt8]) {
        guard extra.entries.isEmpty else {
            JSONWriter.write(json, to: &out)  // unknown keys may sort anywhere: the general path
            return
        }
        Self.writeCanonicalJSON(id: id, meta: meta, spans: spans, to: &out)
        JSONWriter.append(#","text":"#, to: &out)
        JSONWriter.writeString(text, to: &out)
        JSONWriter.append(#","text_hash":"#, to: &out)
        JSONWriter.writeString(textHash, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The members before `text`, in canonical order: `{"id":…,"meta":…,"spans":[…]`.
    /// With `originSpans` (of `origins`), merged into `spans` as ``Span/merging(_:_:origins:)`` does.
    static func writeCanonicalJSON(
        id: DocumentID, meta: JSONObject, spans: [Span], originSpans: [OriginSpan] = [], origins: [SuggestionOrigin] = [],
        to out: inout [UInt8]
    ) {
        writeCanonicalJSON(id: id, meta: meta, hasSpans: !spans.isEmpty || !originSpans.isEmpty, to: &out) { out in
            Span.writeCanonicalJSON(spans, originSpans, origins: origins, to: &out)
        }
    }

    /// The members before `text`, the spans' JSON (comma-separated) written by `writeSpans`.
    @inline(__always)
    static func writeCanonicalJSON(
        id: DocumentID, meta: JSONObject, hasSpans: Bool, to out: inout [UInt8], writeSpans: (inout [UInt8]) -> Void
    ) {
        JSONWriter.append(#"{"id":"#, to: &out)
        JSONWriter.writeString(id.rawValue, to: &out)
        if !meta.entries.isEmpty {
            JSONWriter.append(#","meta":"#, to: &out)
            JSONWriter.write(.object(meta), to: &out)
        }
        if hasSpans {
            JSONWriter.append(#","spans":["#, to: &out)
            writeSpans(&out)
            out.append(UInt8(ascii: "]"))
        }
    }
}

extension TextRecord {
    /// Appends the canonical JSON of the record with `spans` (sorted canonically): exactly what
    /// its ``document(spans:)`` writes, without making the text a `String` — the text's literal
    /// is copied as the line had it when it had no escapes (the canonical writer would write
    /// the same bytes), and its hash is written from the bytes.
    public func writeCanonicalJSON(spans: [Span], to out: inout [UInt8]) {
        writeCanonicalJSON(spans: spans, originSpans: [], origins: [], to: &out)
    }

    /// ``writeCanonicalJSON(spans:to:)`` with the spans `originSpans` stand for (of `origins`,
    /// sorted canonically) merged in: the bytes of `writeCanonicalJSON(spans: Span.merging(spans,
    /// originSpans, origins: origins))`, without making those spans.
    public func writeCanonicalJSON(
        spans: [Span], originSpans: [OriginSpan], origins: [SuggestionOrigin], to out: inout [UInt8]
    ) {
        Document.writeCanonicalJSON(id: id, meta: meta, spans: spans, originSpans: originSpans, origins: origins, to: &out)
        writeTextMembers(to: &out)
    }

    /// ``writeCanonicalJSON(spans:originSpans:origins:to:)`` with the spans `written` holds
    /// (sorted canonically) in place of `spans`: the same bytes as for the spans they stand for.
    public func writeCanonicalJSON(
        written: WrittenSpans, originSpans: [OriginSpan], origins: [SuggestionOrigin], to out: inout [UInt8]
    ) {
        let hasSpans = !written.entries.isEmpty || !originSpans.isEmpty
        Document.writeCanonicalJSON(id: id, meta: meta, hasSpans: hasSpans, to: &out) { out in
            Span.writeCanonicalJSON(written, originSpans, origins: origins, to: &out)
        }
        writeTextMembers(to: &out)
    }

    /// The members from `text` to the closing brace: the text and its hash.
    private func writeTextMembers(to out: inout [UInt8]) {
        JSONWriter.append(#","text":"#, to: &out)
        if escaped {
            JSONWriter.writeString(utf8: utf8, to: &out)
        } else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
        }
        JSONWriter.append(#","text_hash":""#, to: &out)
        let utf8 = self.utf8
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textHashLength) { hash in
            writeTextHash(of: utf8, at: hash.baseAddress!)
            out.append(contentsOf: hash)
        }
        JSONWriter.append(#""}"#, to: &out)
    }
}

extension Span {
    /// Appends the canonical JSON of the span (exactly `JSONWriter.write(json)`).
    public func writeCanonicalJSON(to out: inout [UInt8]) {
        Self.writeCanonicalJSON([self], to: &out)
    }

    /// Appends the canonical JSON of each span, comma-separated: sized first, then written
    /// through a pointer into one scratch buffer and appended with one copy — a span is a dozen
    /// small pieces, and appending each to an array paid a capacity and uniqueness check.
    static func writeCanonicalJSON(_ spans: [Span], to out: inout [UInt8]) {
        writeCanonicalJSON(spans, [], origins: [], to: &out)
    }

    /// ``writeCanonicalJSON(_:to:)`` with `originSpans` (of `origins`) merged in canonical order.
    static func writeCanonicalJSON(
        _ spans: [Span], _ originSpans: [OriginSpan], origins: [SuggestionOrigin], to out: inout [UInt8]
    ) {
        // Through a pointer to each span, never the span itself: a copy of one (taken for a
        // method call on an element read through a buffer) costs five retains and releases.
        spans.withUnsafeBufferPointer { spans in
            var bound = 0
            for i in spans.indices { bound += canonicalJSONBound(spans.baseAddress! + i) }
            writeMerged(
                count: spans.count, bound: bound, originSpans, origins: origins, to: &out,
                before: { i, c, label in
                    let s = spans.baseAddress! + i
                    return canonicalOrder(s.pointee.start, s.pointee.end, s.pointee.label, c.start, c.end, label)
                },
                write: { i, p in p = writeCanonicalJSON(spans.baseAddress! + i, at: p) })
        }
    }

    /// ``writeCanonicalJSON(_:_:origins:to:)`` for spans already written (``WrittenSpans``):
    /// their bytes are copied, merged with `originSpans` in canonical order.
    static func writeCanonicalJSON(
        _ written: WrittenSpans, _ originSpans: [OriginSpan], origins: [SuggestionOrigin], to out: inout [UInt8]
    ) {
        written.entries.withUnsafeBufferPointer { entries in
            written.bytes.withUnsafeBufferPointer { bytes in
                writeMerged(
                    count: entries.count, bound: bytes.count, originSpans, origins: origins, to: &out,
                    before: { i, c, label in
                        let e = entries.baseAddress! + i
                        return canonicalOrder(e.pointee.start, e.pointee.end, e.pointee.label, c.start, c.end, label)
                    },
                    write: { i, p in
                        let e = entries[i]
                        p.update(from: bytes.baseAddress! + e.offset, count: e.count)
                        p += e.count
                    })
            }
        }
    }

    /// Appends `count` spans (sorted canonically; their JSON at most `bound` bytes in all, each
    /// put at a pointer by `write`) and `originSpans` (of `origins`), comma-separated, merged as
    /// ``OriginSpan/merge(count:_:origins:before:_:)`` merges them: sized first, then written
    /// through a pointer into one scratch buffer and appended with one copy.
    @inline(__always)
    static func writeMerged(
        count: Int, bound spansBound: Int, _ originSpans: [OriginSpan], origins: [SuggestionOrigin],
        to out: inout [UInt8], before: (Int, OriginSpan, String) -> Bool,
        write: (Int, inout UnsafeMutablePointer<UInt8>) -> Void
    ) {
        originSpans.withUnsafeBufferPointer { originSpans in
            origins.withUnsafeBufferPointer { origins in
                var bound = spansBound + count
                for c in originSpans { bound += originJSONBound(origins[c.origin].box) + 1 }
                // Scratch memory, not an array: a new array's storage type is looked up in the
                // runtime's metadata cache each time (several hundred instructions).
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buf in
                    let base = buf.baseAddress!
                    var p = base
                    OriginSpan.merge(count: count, originSpans, origins: origins, before: before) { m in
                        if p != base {
                            p.pointee = UInt8(ascii: ",")
                            p += 1
                        }
                        switch m {
                        case .span(let i): write(i, &p)
                        case .origin(let k): writeOriginSpan(originSpans[k], origins, &p)
                        }
                    }
                    let count = p - base
                    precondition(count <= bound, "span JSON bound too small")
                    out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
                }
            }
        }
    }

    /// Writes an origin span from its origin's pieces.
    @inline(__always)
    static func writeOriginSpan(
        _ c: OriginSpan, _ origins: UnsafeBufferPointer<SuggestionOrigin>, _ p: inout UnsafeMutablePointer<UInt8>
    ) {
        let box = origins[c.origin].box
        put(box.attributesHead, &p)
        writeInteger(c.end, at: &p)
        writeFromHead(box, start: c.start, text: nil, &p)
    }

    /// At least the bytes a span written from `box` (its attributes, label and origin) takes
    /// besides its text's value: 60 for the two offsets (20 bytes each) and the text's key.
    @inline(__always)
    static func originJSONBound(_ box: SuggestionOrigin.Box) -> Int {
        box.attributesHead.count + box.head.count + box.tail.count + 60
    }

    /// Writes a span's JSON from `"extractor":` to its end, from the pieces `box` keeps: its
    /// head, `start`, the text if any, its tail.
    @inline(__always)
    static func writeFromHead(_ box: SuggestionOrigin.Box, start: Int, text: String?, _ p: inout UnsafeMutablePointer<UInt8>) {
        put(box.head, &p)
        writeInteger(start, at: &p)
        if let t = text {
            put(#","text":"#, &p)
            p = JSONWriter.writeString(t, at: p)
        }
        put(box.tail, &p)
    }

    /// At least the bytes ``writeCanonicalJSON(_:at:)`` writes for the span at `s`.
    @inline(__always)
    static func canonicalJSONBound(_ s: UnsafePointer<Span>) -> Int {
        // As the writer goes: the attributes through `"end":`, the end, the rest.
        let head: Int
        if let box = s.pointee.origin?.box, !box.attributesHead.isEmpty, sameStorage(box.attributes, s.pointee.attributes) {
            head = box.attributesHead.count
        } else {
            head = attributesHeadBound(s.pointee.attributes)
        }
        return head + 20 + afterEndBound(label: s.pointee.label, origin: s.pointee.origin, text: s.pointee.text)
    }

    /// At least the bytes ``writeAttributesHead(_:_:)`` writes: the members of `attributes`,
    /// and `{"attributes":{` and `},"end":` around them.
    @inline(__always)
    static func attributesHeadBound(_ attributes: [String: AttributeValue]) -> Int { 32 + attributesBound(attributes) }

    /// At least the bytes the members of `attributes` take (keys, colons, values, commas).
    @inline(__always)
    static func attributesBound(_ attributes: [String: AttributeValue]) -> Int {
        var n = 0
        for (k, v) in attributes {
            n += JSONWriter.maxStringBytes(k) + 2
            switch v {
            case .string(let s): n += JSONWriter.maxStringBytes(s)
            case .number(let d): n += numberBound(d)
            }
        }
        return n
    }

    /// At least the bytes ``writeNumber(_:at:)`` writes for any number: 16 digits and a sign
    /// for an integer, at most 24 bytes for a `Double`'s shortest form (`-2.2250738585072014e-308`).
    @inline(__always)
    static func numberBound(_ d: Double) -> Int { 32 }

    /// Writes the canonical JSON of the span at `s` at `p` (room for ``canonicalJSONBound(_:)``
    /// bytes) and returns the position after it.
    @inline(__always)
    static func writeCanonicalJSON(_ s: UnsafePointer<Span>, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
    {
        var p = start
        // Keys in byte order: attributes, end, extractor, label, score, start, text, version.
        if let box = s.pointee.origin?.box, !box.attributesHead.isEmpty,
            sameStorage(box.attributes, s.pointee.attributes)
        {
            put(box.attributesHead, &p)
        } else {
            writeAttributesHead(s.pointee.attributes, &p)
        }
        writeInteger(s.pointee.end, at: &p)
        writeAfterEnd(label: s.pointee.label, origin: s.pointee.origin, start: s.pointee.start, text: s.pointee.text, &p)
        return p
    }

    /// Writes a span's JSON after its `end` value: from `,"extractor":` (or `,"label":`, with no
    /// origin) to the closing brace — copied from the origin's pieces when it keeps them for
    /// this label.
    @inline(__always)
    static func writeAfterEnd(
        label: String, origin: SuggestionOrigin?, start: Int, text: String?, _ p: inout UnsafeMutablePointer<UInt8>
    ) {
        if let box = origin?.box, let l = box.label, l == label {
            writeFromHead(box, start: start, text: text, &p)
            return
        }
        if let origin {
            put(#","extractor":"#, &p)
            p = JSONWriter.writeString(origin.extractor, at: p)
        }
        put(#","label":"#, &p)
        p = JSONWriter.writeString(label, at: p)
        if let score = origin?.score {
            put(#","score":"#, &p)
            writeNumber(score, at: &p)
        }
        put(#","start":"#, &p)
        writeInteger(start, at: &p)
        if let t = text {
            put(#","text":"#, &p)
            p = JSONWriter.writeString(t, at: p)
        }
        if let origin {
            put(#","version":"#, &p)
            p = JSONWriter.writeString(origin.version, at: p)
        }
        p.pointee = UInt8(ascii: "}")
        p += 1
    }

    /// At least the bytes ``writeAfterEnd(label:origin:start:text:_:)`` writes.
    @inline(__always)
    static func afterEndBound(label: String, origin: SuggestionOrigin?, text: String?) -> Int {
        var n = 0
        if let t = text { n += JSONWriter.maxStringBytes(t) }
        if let box = origin?.box, let l = box.label, l == label { return n + originJSONBound(box) }
        // Keys, quotes and punctuation take 60 bytes; start 20; the score 32.
        n += 120 + JSONWriter.maxStringBytes(label)
        if let origin { n += JSONWriter.maxStringBytes(origin.extractor) + JSONWriter.maxStringBytes(origin.version) }
        return n
    }

    /// Whether two dictionaries are one storage (so equal without a look at their contents): a
    /// dictionary is one reference to its storage, shared by its copies until one is changed.
    @inline(__always)
    static func sameStorage(_ a: [String: AttributeValue], _ b: [String: AttributeValue]) -> Bool {
        guard MemoryLayout<[String: AttributeValue]>.size == MemoryLayout<UInt>.size else { return false }
        return unsafeBitCast(a, to: UInt.self) == unsafeBitCast(b, to: UInt.self)
    }

    /// The canonical JSON of a span with `attributes` from its start through `"end":`.
    static func canonicalJSONHead(_ attributes: [String: AttributeValue]) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: attributesHeadBound(attributes)) { buf in
            let base = buf.baseAddress!
            var p = base
            writeAttributesHead(attributes, &p)
            return Array(UnsafeBufferPointer(start: base, count: p - base))
        }
    }

    /// Writes `{"end":` or `{"attributes":{…},"end":` for `attributes`, keys in byte order.
    @inline(__always)
    static func writeAttributesHead(_ attributes: [String: AttributeValue], _ p: inout UnsafeMutablePointer<UInt8>) {
        if attributes.isEmpty {
            put(#"{"end":"#, &p)
        } else {
            put(#"{"attributes":{"#, &p)
            if attributes.count == 1, let (k, v) = attributes.first {
                writeAttribute(k, v, &p)  // actors and stance: one attribute, nothing to sort
            } else {
                writeSortedAttributes(attributes, &p)
            }
            put(#"},"end":"#, &p)
        }
    }

    /// The pieces of a span's canonical JSON that ``SuggestionOrigin/init(extractor:version:score:forSpansLabelled:)``
    /// keeps: from the `extractor` member through `"start":`, and from `version` to the end.
    static func canonicalJSONPieces(extractor: String, version: String, score: Double?, label: String) -> ([UInt8], [UInt8]) {
        var head: [UInt8] = []
        head.append(contentsOf: #","extractor":"#.utf8)
        JSONWriter.writeString(extractor, to: &head)
        head.append(contentsOf: #","label":"#.utf8)
        JSONWriter.writeString(label, to: &head)
        if let score {
            head.append(contentsOf: #","score":"#.utf8)
            head.append(contentsOf: JSONNumber(score).literal.utf8)
        }
        head.append(contentsOf: #","start":"#.utf8)
        var tail: [UInt8] = []
        tail.append(contentsOf: #","version":"#.utf8)
        JSONWriter.writeString(version, to: &tail)
        tail.append(UInt8(ascii: "}"))
        return (head, tail)
    }

    @inline(__always)
    static func put(_ bytes: [UInt8], _ p: inout UnsafeMutablePointer<UInt8>) {
        bytes.withUnsafeBufferPointer { b in
            p.update(from: b.baseAddress!, count: b.count)
            p += b.count
        }
    }

    @inline(__always)
    static func put(_ s: StaticString, _ p: inout UnsafeMutablePointer<UInt8>) {
        p.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        p += s.utf8CodeUnitCount
    }

    @inline(__always)
    static func writeAttribute(_ k: String, _ v: AttributeValue, _ p: inout UnsafeMutablePointer<UInt8>) {
        p = JSONWriter.writeString(k, at: p)
        p.pointee = UInt8(ascii: ":")
        p += 1
        switch v {
        case .string(let s): p = JSONWriter.writeString(s, at: p)
        case .number(let d): writeNumber(d, at: &p)
        }
    }

    /// Writes the attributes in the byte order of their keys: gathered on the stack in one pass
    /// over the dictionary, each with its key's first eight bytes as a number, and sorted by
    /// insertion (a span has a handful) on those numbers — the keys' bytes are compared only
    /// when the first eight are the same. The stack holds dictionary positions, not the keys
    /// and values: a buffer of tuples with strings in them is emptied through the runtime's
    /// generic value witnesses, a call per string.
    static func writeSortedAttributes(_ attributes: [String: AttributeValue], _ p: inout UnsafeMutablePointer<UInt8>) {
        typealias Item = (prefix: UInt64, index: Dictionary<String, AttributeValue>.Index)
        withUnsafeTemporaryAllocation(of: Item.self, capacity: attributes.count) { items in
            var count = 0
            var index = attributes.startIndex
            while index != attributes.endIndex {
                let key = attributes[index].key
                let prefix = keyPrefix(key)
                var j = count
                while j > 0
                    && (prefix < items[j - 1].prefix
                        || (prefix == items[j - 1].prefix && utf8Precedes(key, attributes[items[j - 1].index].key)))
                {
                    items.initializeElement(at: j, to: items.moveElement(from: j - 1))
                    j -= 1
                }
                items.initializeElement(at: j, to: (prefix, index))
                count += 1
                attributes.formIndex(after: &index)
            }
            for k in 0..<count {
                if k > 0 {
                    p.pointee = UInt8(ascii: ",")
                    p += 1
                }
                let (key, value) = attributes[items[k].index]
                writeAttribute(key, value, &p)
            }
            _ = items.prefix(count).deinitialize()  // nothing to do: positions hold no references
        }
    }

    /// The first eight UTF-8 bytes of `key`, big-endian, zero-padded: keys whose prefixes differ
    /// are in the order of their prefixes.
    @inline(__always)
    static func keyPrefix(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { b in
            var x: UInt64 = 0
            for i in 0..<min(8, b.count) { x |= UInt64(b[i]) &<< UInt64(56 - 8 * i) }
            return x
        }
    }

    /// Whether `a` sorts before `b` by UTF-8 bytes (canonical key order).
    static func utf8Precedes(_ a: String, _ b: String) -> Bool { utf8Order(a, b) < 0 }

    /// Writes an integer's decimal digits at `p`.
    @inline(__always)
    static func writeInteger(_ v: Int, at p: inout UnsafeMutablePointer<UInt8>) {
        var x = v
        if x < 0 {
            p.pointee = UInt8(ascii: "-")
            p += 1
            x = -x  // offsets are never Int.min
        }
        if x < 10 {
            p.pointee = UInt8(48 + x)
            p += 1
            return
        }
        var digits = 0
        var y = x
        while y > 0 {
            digits += 1
            y /= 10
        }
        var q = p + digits
        p = q
        while x > 0 {
            q -= 1
            q.pointee = UInt8(48 + x % 10)
            x /= 10
        }
    }

    /// Writes a number as `JSONNumber(d).literal` does, at `p`: integers digit by digit, scores
    /// on a 0.05 step (all the built-in extractors use) from a table, anything else as its literal.
    static func writeNumber(_ d: Double, at p: inout UnsafeMutablePointer<UInt8>) {
        if d == d.rounded(), abs(d) < 9.0e15 {
            writeInteger(Int(d), at: &p)
            return
        }
        if d > 0 && d < 1 {
            let i = Int((d * 20).rounded())
            if i > 0 && i < 20 && scoreTable[i].value == d {
                scoreTable[i].bytes.withUnsafeBufferPointer { b in
                    p.update(from: b.baseAddress!, count: b.count)
                    p += b.count
                }
                return
            }
        }
        var literal = JSONNumber(d).literal
        literal.withUTF8 { b in
            p.update(from: b.baseAddress!, count: b.count)
            p += b.count
        }
    }

    /// (k/20, its JSON literal) for k in 0..<20.
    static let scoreTable: [(value: Double, bytes: [UInt8])] = (0..<20).map { k in
        let v = Double(k) / 20
        return (v, Array(JSONNumber(v).literal.utf8))
    }
}

/// Two strings in the byte order of their UTF-8 (the order of canonical keys and of record
/// ids): negative, 0 or positive.
public func utf8Order(_ a: String, _ b: String) -> Int {
    var x = a
    var y = b
    return x.withUTF8 { u in
        y.withUTF8 { v in
            let n = min(u.count, v.count)
            if n > 0, let ub = u.baseAddress, let vb = v.baseAddress {
                let c = Int(memcmp(ub, vb, n))
                if c != 0 { return c }
            }
            return u.count - v.count
        }
    }
}
