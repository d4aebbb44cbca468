import TashihJSON

extension Document {
    /// Appends the canonical JSON of the record (exactly `JSONWriter.write(json)`), written
    /// straight from the fields in their sorted key order rather than through a `JSONValue`
    /// tree — the hot path of `pretag --stdin` and of imports.
    public func writeCanonicalJSON(to out: inout [UInt8]) {
        guard extra.entries.isEmpty else {
            JSONWriter.write(json, to: &out)  // unknown keys may sort anywhere: the general path
            return
        }
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.writeString(id.rawValue, to: &out)
        if !meta.entries.isEmpty {
            out.append(contentsOf: #","meta":"#.utf8)
            JSONWriter.write(.object(meta), to: &out)
        }
        if !spans.isEmpty {
            out.append(contentsOf: #","spans":["#.utf8)
            for (i, s) in spans.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                s.writeCanonicalJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: #","text":"#.utf8)
        JSONWriter.writeString(text, to: &out)
        out.append(contentsOf: #","text_hash":"#.utf8)
        JSONWriter.writeString(textHash, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

extension Span {
    /// Appends the canonical JSON of the span (exactly `JSONWriter.write(json)`).
    public func writeCanonicalJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ k: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }
        // Keys in byte order: attributes, end, extractor, label, score, start, text, version.
        if !attributes.isEmpty {
            key("attributes")
            out.append(UInt8(ascii: "{"))
            let sorted = attributes.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, a) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(a.key, to: &out)
                out.append(UInt8(ascii: ":"))
                switch a.value {
                case .string(let s): JSONWriter.writeString(s, to: &out)
                case .number(let d): out.append(contentsOf: JSONNumber(d).literal.utf8)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
        key("end")
        out.append(contentsOf: String(end).utf8)
        if let origin {
            key("extractor")
            JSONWriter.writeString(origin.extractor, to: &out)
        }
        key("label")
        JSONWriter.writeString(label, to: &out)
        if let score = origin?.score {
            key("score")
            out.append(contentsOf: JSONNumber(score).literal.utf8)
        }
        key("start")
        out.append(contentsOf: String(start).utf8)
        if let t = text {
            key("text")
            JSONWriter.writeString(t, to: &out)
        }
        if let origin {
            key("version")
            JSONWriter.writeString(origin.version, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
