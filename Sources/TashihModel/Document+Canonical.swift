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
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.writeString(id.rawValue, to: &out)
        if !meta.entries.isEmpty {
            out.append(contentsOf: #","meta":"#.utf8)
            JSONWriter.write(.object(meta), to: &out)
        }
        if !spans.isEmpty {
            out.append(contentsOf: #","spans":["#.utf8)
            Span.writeCanonicalJSON(spans, to: &out)
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
        Self.writeCanonicalJSON([self], to: &out)
    }

    /// Appends the canonical JSON of each span, comma-separated: sized first, then written
    /// through a pointer into one scratch buffer and appended with one copy — a span is a dozen
    /// small pieces, and appending each to an array paid a capacity and uniqueness check.
    static func writeCanonicalJSON(_ spans: [Span], to out: inout [UInt8]) {
        // Through a buffer pointer: iterating the array would copy each span.
        spans.withUnsafeBufferPointer { spans in
            var bound = 0
            for i in spans.indices { bound += spans[i].canonicalJSONBound + 1 }
            // Scratch memory, not an array: a new array's storage type is looked up in the
            // runtime's metadata cache each time (several hundred instructions).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buf in
                let base = buf.baseAddress!
                var p = base
                for i in spans.indices {
                    if i > 0 {
                        p.pointee = UInt8(ascii: ",")
                        p += 1
                    }
                    p = spans[i].writeCanonicalJSON(at: p)
                }
                let count = p - base
                precondition(count <= bound, "span JSON bound too small")
                out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
            }
        }
    }

    /// At least the bytes ``writeCanonicalJSON(at:)`` writes. Inlined, like the writer: called
    /// out of line on a span read through a buffer pointer, it took a copy of the span (five
    /// retains and releases).
    @inline(__always)
    var canonicalJSONBound: Int {
        // Keys, quotes and punctuation take 90 bytes; start and end 20 each; the score 40.
        var n = 200 + JSONWriter.maxStringBytes(label)
        if let origin {
            n += JSONWriter.maxStringBytes(origin.extractor) + JSONWriter.maxStringBytes(origin.version)
            if let score = origin.score { n += Self.numberBound(score) }
        }
        if let text { n += JSONWriter.maxStringBytes(text) }
        for (k, v) in attributes {
            n += JSONWriter.maxStringBytes(k) + 2
            switch v {
            case .string(let s): n += JSONWriter.maxStringBytes(s)
            case .number(let d): n += Self.numberBound(d)
            }
        }
        return n
    }

    /// At least the bytes ``writeNumber(_:at:)`` writes for any number: 16 digits and a sign
    /// for an integer, at most 24 bytes for a `Double`'s shortest form (`-2.2250738585072014e-308`).
    @inline(__always)
    static func numberBound(_ d: Double) -> Int { 32 }

    /// Writes the span's canonical JSON at `p` (room for ``canonicalJSONBound`` bytes) and
    /// returns the position after it.
    @inline(__always)
    func writeCanonicalJSON(at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = start
        // Keys in byte order: attributes, end, extractor, label, score, start, text, version.
        if attributes.isEmpty {
            Self.put(#"{"end":"#, &p)
        } else {
            Self.put(#"{"attributes":{"#, &p)
            if attributes.count == 1, let (k, v) = attributes.first {
                Self.writeAttribute(k, v, &p)  // actors and stance: one attribute, nothing to sort
            } else {
                Self.writeSortedAttributes(attributes, &p)
            }
            Self.put(#"},"end":"#, &p)
        }
        Self.writeInteger(end, at: &p)
        if let origin {
            Self.put(#","extractor":"#, &p)
            p = JSONWriter.writeString(origin.extractor, at: p)
        }
        Self.put(#","label":"#, &p)
        p = JSONWriter.writeString(label, at: p)
        if let score = origin?.score {
            Self.put(#","score":"#, &p)
            Self.writeNumber(score, at: &p)
        }
        Self.put(#","start":"#, &p)
        Self.writeInteger(self.start, at: &p)
        if let t = text {
            Self.put(#","text":"#, &p)
            p = JSONWriter.writeString(t, at: p)
        }
        if let origin {
            Self.put(#","version":"#, &p)
            p = JSONWriter.writeString(origin.version, at: p)
        }
        p.pointee = UInt8(ascii: "}")
        return p + 1
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

    /// Writes the attributes in the byte order of their keys, sorting their dictionary indices
    /// on the stack (a span has a handful).
    static func writeSortedAttributes(_ attributes: [String: AttributeValue], _ p: inout UnsafeMutablePointer<UInt8>) {
        typealias Index = Dictionary<String, AttributeValue>.Index
        let n = attributes.count
        withUnsafeTemporaryAllocation(of: Index.self, capacity: n) { order in
            var count = 0
            var i = attributes.startIndex
            while i != attributes.endIndex {
                // Insertion sort: n is small.
                var j = count
                while j > 0 && utf8Precedes(attributes[i].key, attributes[order[j - 1]].key) {
                    order.initializeElement(at: j, to: order.moveElement(from: j - 1))
                    j -= 1
                }
                order.initializeElement(at: j, to: i)
                count += 1
                attributes.formIndex(after: &i)
            }
            for k in 0..<count {
                if k > 0 {
                    p.pointee = UInt8(ascii: ",")
                    p += 1
                }
                let (key, value) = attributes[order[k]]
                writeAttribute(key, value, &p)
            }
            _ = order.prefix(count).deinitialize()
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
