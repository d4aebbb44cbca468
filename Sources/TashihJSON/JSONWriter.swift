/// Writes JSON canonically: object keys sorted by their UTF-8 bytes (the order of Python's
/// `sort_keys` for these keys), no white space, strings as raw UTF-8 with only `"`, `\` and
/// control characters escaped (never `/`, never non-ASCII), numbers as their literal.
///
/// Output is byte-stable: the same value always gives the same bytes, so files diff cleanly and
/// hash reproducibly. A canonical file read and written again is byte-identical.
public enum JSONWriter {
    /// Appends the bytes of a literal: through its buffer, where appending a `String`'s UTF-8
    /// view goes element by element through the generic path (a hundred instructions and more
    /// for a key).
    @inlinable @inline(__always)
    public static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends the canonical form of `value` to `out`.
    public static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            var literal = n.literal
            literal.withUTF8 { out.append(contentsOf: $0) }
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let entries = object.entries
            // Objects read from canonical files are in order already: check before sorting.
            var inOrder = true
            for i in entries.indices.dropFirst() where !precedes(entries[i - 1].key, entries[i].key) {
                inOrder = false
                break
            }
            let sorted = inOrder ? entries : entries.sorted { precedes($0.key, $1.key) }
            for (i, e) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(e.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(e.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether key `a` sorts before `b` in canonical order (by UTF-8 bytes, which is code point
    /// order, Python's `sort_keys` order).
    @inline(__always)
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(utf8: $0, to: &out) }
    }

    /// Appends the UTF-8 bytes of a string (valid UTF-8) as a JSON string literal, as
    /// ``writeString(_:to:)`` does for their `String`.
    public static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        guard let p = bytes.baseAddress else {
            out.append(UInt8(ascii: "\""))
            return
        }
        let n = bytes.count
        var runStart = 0
        var i = nextEscape(p, 0, n)
        while i < n {
            if i > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
            let b = p[i]
            out.append(0x5C)
            switch b {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                // Other controls as \u00XX with lowercase hex, as Python writes them.
                let hex = (b >> 4, b & 0xF)
                out.append(UInt8(ascii: "u"))
                out.append(0x30)
                out.append(0x30)
                out.append(hex.0 + 0x30)
                out.append(hex.1 < 10 ? hex.1 + 0x30 : hex.1 - 10 + UInt8(ascii: "a"))
            }
            runStart = i + 1
            i = nextEscape(p, runStart, n)
        }
        if runStart < n { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: n - runStart)) }
        out.append(UInt8(ascii: "\""))
    }

    /// The most bytes ``writeString(_:at:)`` writes for `s`: the quotes and every byte escaped
    /// as `\u00XX`.
    @inlinable @inline(__always)
    public static func maxStringBytes(_ s: String) -> Int { s.utf8.count &* 6 &+ 2 }

    /// Writes `s` as a JSON string literal (as ``writeString(_:to:)``) at `p`, which has room for
    /// ``maxStringBytes(_:)`` bytes, and returns the position after it. For writers that fill a
    /// buffer sized in advance: no capacity or uniqueness check per piece.
    public static func writeString(_ s: String, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        // Native and small strings lend their bytes without a copy of the string (which
        // `withUTF8` needs, being mutating: a retain and a release per piece written).
        if let end = s.utf8.withContiguousStorageIfAvailable({ writeString(utf8: $0, at: p) }) { return end }
        var s = s
        return s.withUTF8 { writeString(utf8: $0, at: p) }
    }

    /// ``writeString(_:at:)`` for the UTF-8 bytes of a string.
    @inline(__always)
    public static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        var q = p
        q.pointee = 0x22
        q += 1
        guard let src = bytes.baseAddress else {
            q.pointee = 0x22
            return q + 1
        }
        let n = bytes.count
        // Short strings without escapes (labels, ids, extractor names: most of a span) are
        // copied in a few word moves, with no scan loop and no `memmove` call.
        if n <= 64, let end = copyIfPlain(src, n, to: q) {
            end.pointee = 0x22
            return end + 1
        }
        var runStart = 0
        var i = nextEscape(src, 0, n)
        while i < n {
            if i > runStart {
                q.update(from: src + runStart, count: i - runStart)
                q += i - runStart
            }
            let b = src[i]
            q[0] = 0x5C
            switch b {
            case 0x22: q[1] = 0x22
            case 0x5C: q[1] = 0x5C
            case 0x0A: q[1] = UInt8(ascii: "n")
            case 0x0D: q[1] = UInt8(ascii: "r")
            case 0x09: q[1] = UInt8(ascii: "t")
            case 0x08: q[1] = UInt8(ascii: "b")
            case 0x0C: q[1] = UInt8(ascii: "f")
            default:
                let lo = b & 0xF
                q[1] = UInt8(ascii: "u")
                q[2] = 0x30
                q[3] = 0x30
                q[4] = (b >> 4) + 0x30
                q[5] = lo < 10 ? lo + 0x30 : lo - 10 + UInt8(ascii: "a")
                q += 4
            }
            q += 2
            runStart = i + 1
            i = nextEscape(src, runStart, n)
        }
        if runStart < n {
            q.update(from: src + runStart, count: n - runStart)
            q += n - runStart
        }
        q.pointee = 0x22
        return q + 1
    }

    /// Copies the `n` bytes at `src` to `q` and returns the end, or returns nil (leaving `q`'s
    /// bytes undefined) if one needs escaping. Words are read and written whole, the last one
    /// overlapping the one before: every read and write stays within the `n` bytes.
    @inlinable @inline(__always)
    static func copyIfPlain(
        _ src: UnsafePointer<UInt8>, _ n: Int, to q: UnsafeMutablePointer<UInt8>
    ) -> UnsafeMutablePointer<UInt8>? {
        let raw = UnsafeRawPointer(src)
        let out = UnsafeMutableRawPointer(q)
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if needsEscape(x) { return nil }
                out.storeBytes(of: x, toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            let x = raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            if needsEscape(x) { return nil }
            out.storeBytes(of: x, toByteOffset: n &- 8, as: UInt64.self)
            return q + n
        }
        if n >= 4 {
            let a = raw.loadUnaligned(as: UInt32.self)
            let b = raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            if needsEscape(UInt64(a) | UInt64(b) << 32) { return nil }
            out.storeBytes(of: a, as: UInt32.self)
            out.storeBytes(of: b, toByteOffset: n &- 4, as: UInt32.self)
            return q + n
        }
        for i in 0..<n {
            let b = src[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return nil }
            q[i] = b
        }
        return q + n
    }

    /// Whether any of the eight bytes of `x` is `"`, `\` or below 0x20 (the classic zero-byte
    /// and less-than tests: exact as a whole, whichever byte flags).
    @inlinable @inline(__always)
    static func needsEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let q = x ^ 0x2222_2222_2222_2222
        let s = x ^ 0x5C5C_5C5C_5C5C_5C5C
        return (((q &- ones) & ~q) | ((s &- ones) & ~s) | ((x &- 0x2020_2020_2020_2020) & ~x)) & 0x8080_8080_8080_8080 != 0
    }

    /// The index of the first byte in `p[i..<n]` that must be escaped (`"`, `\\` or a control
    /// byte), or `n`. Tests eight bytes at a time, like the parser's string scan. Also where a
    /// plain (escape-free) JSON string ends, for readers of canonical lines.
    @inlinable @inline(__always)
    public static func nextEscape(_ p: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        let ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= n {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let q = x ^ 0x2222_2222_2222_2222
            let s = x ^ 0x5C5C_5C5C_5C5C_5C5C
            let t = (((q &- ones) & ~q) | ((s &- ones) & ~s) | ((x &- 0x2020_2020_2020_2020) & ~x)) & 0x8080_8080_8080_8080
            if t != 0 { return i &+ (t.trailingZeroBitCount &>> 3) }
            i &+= 8
        }
        while i < n {
            let b = p[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return i }
            i &+= 1
        }
        return n
    }

    /// The canonical form of `value` as bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, to: &out)
        return out
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }
}
