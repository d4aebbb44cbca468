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
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        // Keys in byte order: attributes, end, extractor, label, score, start, text, version.
        if !attributes.isEmpty {
            key("attributes")
            out.append(UInt8(ascii: "{"))
            func write(_ k: String, _ v: AttributeValue) {
                JSONWriter.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                switch v {
                case .string(let s): JSONWriter.writeString(s, to: &out)
                case .number(let d): Self.writeNumber(d, to: &out)
                }
            }
            if attributes.count == 1, let (k, v) = attributes.first {
                write(k, v)  // actors and stance: one attribute, nothing to sort
            } else {
                var pairs = Array(attributes)
                pairs.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for (i, (k, v)) in pairs.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    write(k, v)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
        key("end")
        Self.writeInteger(end, to: &out)
        if let origin {
            key("extractor")
            JSONWriter.writeString(origin.extractor, to: &out)
        }
        key("label")
        JSONWriter.writeString(label, to: &out)
        if let score = origin?.score {
            key("score")
            Self.writeNumber(score, to: &out)
        }
        key("start")
        Self.writeInteger(start, to: &out)
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

    /// Writes an integer's decimal digits without building a string.
    static func writeInteger(_ v: Int, to out: inout [UInt8]) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            writeInteger(-v, to: &out)  // offsets are never Int.min
            return
        }
        if v < 10 {
            out.append(UInt8(48 + v))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 {
                d[n] = UInt8(48 + x % 10)
                x /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    /// Writes a number as `JSONNumber(d).literal` does: integers digit by digit, scores on a
    /// 0.05 step (all the built-in extractors use) from a table, anything else as its literal.
    static func writeNumber(_ d: Double, to out: inout [UInt8]) {
        if d == d.rounded(), abs(d) < 9.0e15 {
            writeInteger(Int(d), to: &out)
            return
        }
        if d > 0 && d < 1 {
            let i = Int((d * 20).rounded())
            if i > 0 && i < 20 && scoreTable[i].value == d {
                out.append(contentsOf: scoreTable[i].bytes)
                return
            }
        }
        out.append(contentsOf: JSONNumber(d).literal.utf8)
    }

    /// (k/20, its JSON literal) for k in 0..<20.
    static let scoreTable: [(value: Double, bytes: [UInt8])] = (0..<20).map { k in
        let v = Double(k) / 20
        return (v, Array(JSONNumber(v).literal.utf8))
    }
}
