#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A strict JSON parser over UTF-8 bytes (RFC 8259), built for JSONL records.
///
/// It validates UTF-8, decodes `\u` escapes with surrogate pairs, rejects lone surrogates, raw
/// control characters, duplicate keys (by bytes), numbers with no finite double or integers
/// past Int64, and trailing data, and reports each problem with its line, column (in scalars)
/// and byte offset; invalid UTF-8 is reported as such wherever on the line it is.
///
/// How it is fast (on Arabic JSONL about as fast as orjson and twice Python's `json`, see
/// `scripts/bench/jsonl`):
/// - strings are scanned eight bytes at a time for the quote, backslash or control byte that
///   ends a plain run, and each run goes to `String(decoding:)` once, which validates while it
///   copies; our own validator runs only to locate an error;
/// - strings of up to 16 bytes (keys, labels) come from a small cache keyed by their bytes;
/// - object members and array elements collect on shared stacks and move into exactly sized
///   arrays; the stacks, the escape buffer and the cache live in `ParseBuffers`, which
///   `JSONLReader` keeps for the whole file.
public struct JSONParser {
    /// The deepest nesting accepted; deeper input is `JSONLError.Code.tooDeep`.
    public static let maxDepth = 512

    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int
    @usableFromInline var pos: Int = 0
    let file: String
    let line: Int
    let lineStartByteOffset: Int
    var depth = 0
    /// Work buffers, reused from line to line by `JSONLReader`. The stacks and the scratch
    /// buffer are taken out of it for the parse (plain values: no reference counting on every
    /// push) and put back by `giveBack()`, whether the parse succeeds or throws.
    let buffers: ParseBuffers
    var entryStack: MoveStack<(key: String, value: JSONValue)>
    var valueStack: MoveStack<JSONValue>
    /// Decoded bytes of a string with escapes.
    var scratch: [UInt8]
    /// `buffers.recent`, the cache of short strings, and its slot count less one.
    let recent: UnsafeMutablePointer<RecentString>
    let recentMask: Int
    /// The bitwise OR of the string bytes scanned since it was last reset: bit 7 set means some
    /// byte was not ASCII.
    var scannedBits: UInt64 = 0
    /// The key of the top-level member whose string value is left as bytes, and where they are
    /// once parsed (escaped: copied to `buffers.rawBytes`).
    var rawKey: String?
    var raw: (start: Int, count: Int, escaped: Bool)?

    /// Parses `bytes` as exactly one JSON value (whitespace around it is allowed).
    /// - Parameters:
    ///   - file: the file name used in errors.
    ///   - line: the 1-based line the bytes come from, for errors.
    ///   - byteOffset: the offset of `bytes` in the file, for errors.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String = "<string>", line: Int = 1, byteOffset: Int = 0
    ) throws(JSONLError) -> JSONValue {
        try parse(bytes, file: file, line: line, byteOffset: byteOffset, buffers: nil)
    }

    /// `parse`, with work buffers kept from an earlier call (after an error they may hold
    /// leftovers; `ParseBuffers.reset` is called first).
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int, byteOffset: Int, buffers: ParseBuffers?
    ) throws(JSONLError) -> JSONValue {
        var raw: JSONLRawString?
        return try parse(bytes, file: file, line: line, byteOffset: byteOffset, buffers: buffers, leaving: nil, raw: &raw)
    }

    /// `parse`, leaving the string value of the top-level member `leaving` (if it has one) as
    /// bytes in `raw` instead of in the object: see ``JSONLRecordParser/parse(_:line:byteOffset:leaving:)``.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int, byteOffset: Int, buffers: ParseBuffers?,
        leaving rawKey: String?, raw: inout JSONLRawString?
    ) throws(JSONLError) -> JSONValue {
        buffers?.reset()
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONLError(
                code: .unexpectedEnd, file: file, line: line, column: 1, byteOffset: byteOffset,
                message: "expected a JSON value, found the end of the line", hint: "")
        }
        var p = JSONParser(
            base: base, count: bytes.count, file: file, line: line, lineStartByteOffset: byteOffset,
            buffers: buffers ?? ParseBuffers(recentSlots: 16))
        p.rawKey = rawKey
        p.skipWhitespace()
        let v: JSONValue
        do {
            v = try p.parseValue()
        } catch {
            p.giveBack()
            throw error
        }
        p.giveBack()
        if let r = p.raw {
            if r.escaped {
                raw = JSONLRawString(bytes: UnsafeBufferPointer(start: p.buffers.rawBytes, count: r.count), escaped: true)
            } else {
                raw = JSONLRawString(bytes: UnsafeBufferPointer(start: base + r.start, count: r.count), escaped: false)
            }
        }
        p.skipWhitespace()
        if p.pos < p.count {
            throw p.unexpected(
                "unexpected data after the JSON value", code: .trailingData,
                hint: "a JSONL line holds exactly one value; put each record on its own line", at: p.pos)
        }
        return v
    }

    /// Returns the work buffers (possibly grown, possibly holding an interrupted parse's
    /// leftovers, which the next `reset` drops) to `buffers`.
    func giveBack() {
        buffers.entryStack = entryStack
        buffers.valueStack = valueStack
        buffers.scratch = scratch
    }

    /// Parses a JSON text held in a string.
    public static func parse(_ text: String, file: String = "<string>") throws(JSONLError) -> JSONValue {
        var copy = Array(text.utf8)
        return try copy.withUnsafeMutableBufferPointer { (buf) throws(JSONLError) -> JSONValue in
            try parse(UnsafeBufferPointer(buf), file: file)
        }
    }

    init(
        base: UnsafePointer<UInt8>, count: Int, file: String, line: Int, lineStartByteOffset: Int,
        buffers: ParseBuffers
    ) {
        self.buffers = buffers
        entryStack = buffers.entryStack
        valueStack = buffers.valueStack
        scratch = buffers.scratch
        buffers.scratch = []
        recent = buffers.recent
        recentMask = buffers.recentSlots - 1
        self.base = base
        self.count = count
        self.file = file
        self.line = line
        self.lineStartByteOffset = lineStartByteOffset
    }

    // MARK: errors

    /// The 1-based column of byte `at`, counted in scalars (UTF-8 lead bytes) from the line start.
    func column(at: Int) -> Int {
        var c = 1
        var i = 0
        let end = min(at, count)
        while i < end {
            if base[i] & 0xC0 != 0x80 { c += 1 }
            i += 1
        }
        return c
    }

    func error(_ code: JSONLError.Code, _ message: String, hint: String = "", at: Int? = nil) -> JSONLError {
        let p = at ?? pos
        return JSONLError(
            code: code, file: file, line: line, column: column(at: p), byteOffset: lineStartByteOffset + p,
            message: message, hint: hint)
    }

    /// What is at byte `p`, for messages: `'x'`, `'،'`, `byte 0x1F`, or the end of the line.
    func describeByte(at p: Int) -> String {
        if p >= count { return "the end of the line" }
        let b = base[p]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b >= 0x80 {
            let n = JSONParser.utf8SequenceLength(base, p, count)
            if n > 0 {
                let s = String(decoding: UnsafeBufferPointer(start: base + p, count: n), as: UTF8.self)
                return "'\(s)'"
            }
        }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    /// The error for an unexpected byte at `p`: `.invalidUTF8` if the bytes there are not UTF-8
    /// (a file in another encoding says so, wherever it breaks), else `code` with `message`
    /// followed by what was found.
    func unexpected(
        _ message: String, code: JSONLError.Code = .unexpectedCharacter, hint: String = "", at p: Int
    ) -> JSONLError {
        if p < count && base[p] >= 0x80 && JSONParser.utf8SequenceLength(base, p, count) == 0 {
            return invalidUTF8(at: p)
        }
        return error(code, "\(message), found \(describeByte(at: p))", hint: hint, at: p)
    }

    // MARK: values

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { pos += 1 } else { break }
        }
    }

    mutating func parseValue() throws(JSONLError) -> JSONValue {
        guard pos < count else {
            throw error(
                .unexpectedEnd, "expected a value, found the end of the line",
                hint: "the line looks truncated")
        }
        switch base[pos] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "."):
            throw error(.badNumber, "a number must start with a digit", hint: "write 0.5, not .5")
        case UInt8(ascii: "+"):
            throw error(.badNumber, "a number may not start with '+'", hint: "write 5, not +5")
        default:
            throw unexpected("expected a value", at: pos)
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONLError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            if pos + i >= count {
                throw error(
                    .unexpectedEnd, "expected '\(word)', found the end of the line", hint: "the line looks truncated", at: pos + i
                )
            }
            if base[pos + i] != w[i] {
                throw unexpected("expected '\(word)'", at: pos + i)
            }
        }
        pos += n
    }

    mutating func enter() throws(JSONLError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw error(.tooDeep, "nesting deeper than \(JSONParser.maxDepth) levels", hint: "flatten the record")
        }
    }

    /// Parses an object. Members collect on `entryStack` (shared by all nesting levels) and move
    /// into an exactly sized array at the `}`: one allocation per object, not one per doubling.
    mutating func parseObject() throws(JSONLError) -> JSONObject {
        try enter()
        pos += 1  // {
        skipWhitespace()
        if pos < count && base[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return JSONObject()
        }
        let first = entryStack.count
        while true {
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected a key or '}', found the end of the line", hint: "the line looks truncated")
            }
            guard base[pos] == UInt8(ascii: "\"") else {
                throw unexpected("expected a quoted key", hint: "object keys are strings in double quotes", at: pos)
            }
            let keyStart = pos
            let key = try parseString()
            var i = first
            while i < entryStack.count {
                if JSONParser.sameUTF8(entryStack.base[i].key, key) {
                    throw error(.duplicateKey, "duplicate key \"\(key)\" in one object", hint: "keep one of them", at: keyStart)
                }
                i += 1
            }
            skipWhitespace()
            guard pos < count else {
                throw error(
                    .unexpectedEnd, "expected ':' after a key, found the end of the line", hint: "the line looks truncated")
            }
            guard base[pos] == UInt8(ascii: ":") else {
                throw unexpected("expected ':' after a key", at: pos)
            }
            pos += 1
            skipWhitespace()
            if depth == 1, let rawKey, JSONParser.sameUTF8(key, rawKey) {
                if raw != nil {
                    throw error(.duplicateKey, "duplicate key \"\(key)\" in one object", hint: "keep one of them", at: keyStart)
                }
                if pos < count && base[pos] == UInt8(ascii: "\"") {
                    let r = try parseRawString()
                    if r.escaped { scratch.withUnsafeBufferPointer { buffers.keepRaw($0) } }
                    raw = r
                } else {
                    entryStack.push((key, try parseValue()))  // not a string: the caller's checks say so
                }
            } else {
                let v = try parseValue()
                entryStack.push((key, v))
            }
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected ',' or '}', found the end of the line", hint: "the line looks truncated")
            }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw unexpected("expected ',' or '}' after an object member", at: pos - 1)
        }
        depth -= 1
        return JSONObject(entryStack.popArray(from: first))
    }

    /// Whether two strings have the same UTF-8 bytes (not canonical equivalence: keys are bytes).
    @inline(__always)
    static func sameUTF8(_ a: String, _ b: String) -> Bool {
        let n = a.utf8.count
        guard n == b.utf8.count else { return false }
        if n == 0 { return true }
        // Native and small strings have contiguous UTF-8; others compare element by element.
        let fast = a.utf8.withContiguousStorageIfAvailable { ua in
            b.utf8.withContiguousStorageIfAvailable { ub in memcmp(ua.baseAddress!, ub.baseAddress!, n) == 0 }
        }
        if let same = fast ?? nil { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Parses an array; elements collect on `valueStack` like object members on `entryStack`.
    mutating func parseArray() throws(JSONLError) -> [JSONValue] {
        try enter()
        pos += 1  // [
        skipWhitespace()
        if pos < count && base[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return []
        }
        let first = valueStack.count
        while true {
            skipWhitespace()
            let v = try parseValue()
            valueStack.push(v)
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected ',' or ']', found the end of the line", hint: "the line looks truncated")
            }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw unexpected("expected ',' or ']' after an array element", at: pos - 1)
        }
        depth -= 1
        return valueStack.popArray(from: first)
    }

    /// Parses a string starting at the opening quote.
    ///
    /// Runs of plain bytes are found eight at a time (`scanPlain`) and handed whole to the
    /// standard library, which validates UTF-8 while it builds the `String`; our own validator
    /// runs only when that fails, to say where. Escapes go through `scratch`.
    mutating func parseString() throws(JSONLError) -> String {
        let open = pos
        let start = pos + 1
        scannedBits = 0
        let p = scanPlain(from: start)
        if p < count && base[p] == UInt8(ascii: "\"") {
            pos = p + 1
            let n = p - start
            if n <= 16 && start + 16 <= count {
                return try shortString(start, n)
            }
            let bytes = UnsafeBufferPointer(start: base + start, count: n)
            if scannedBits & 0x8080_8080_8080_8080 == 0 { return String(decoding: bytes, as: UTF8.self) }
            if let s = JSONParser.makeString(bytes) {
                return s
            }
            throw invalidUTF8(in: start, p)
        }
        let end = try unescape(open: open, from: p)
        let made = scratch.withUnsafeBufferPointer { JSONParser.makeString($0) }
        if let s = made { return s }
        throw invalidUTF8(in: start, end)
    }

    /// Parses a string like ``parseString()`` but leaves it as bytes, unescaped and not yet
    /// checked as UTF-8 (escapes and control bytes are checked): the bytes are
    /// `base[start ..< start + count]` when the literal has no escapes, else `scratch`.
    mutating func parseRawString() throws(JSONLError) -> (start: Int, count: Int, escaped: Bool) {
        let open = pos
        let start = pos + 1
        let p = scanPlain(from: start)
        if p < count && base[p] == UInt8(ascii: "\"") {
            pos = p + 1
            return (start, p - start, false)
        }
        _ = try unescape(open: open, from: p)
        return (0, scratch.count, true)
    }

    /// The rest of a string with escapes (or an error) from `p`, the first byte that ends its
    /// plain start: its decoded bytes go to `scratch` and `pos` past the closing quote, whose
    /// index is returned.
    mutating func unescape(open: Int, from p: Int) throws(JSONLError) -> Int {
        let start = open + 1
        var p = p
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            guard p < count else {
                try checkUTF8(start, p)
                throw error(
                    .unexpectedEnd, "unterminated string",
                    hint: "close the string opened at column \(column(at: open)) with a '\"'", at: open)
            }
            let b = base[p]
            if b == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: p - runStart))
                pos = p + 1
                return p
            }
            if b == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: p - runStart))
                pos = p
                do { try parseEscape() } catch {
                    try checkUTF8(start, p)
                    throw error
                }
                p = pos
                runStart = p
                p = scanPlain(from: p)
                continue
            }
            // b < 0x20
            try checkUTF8(start, p)
            pos = p
            throw self.error(
                .controlCharacter,
                "raw control character U+00\(b < 16 ? "0" : "")\(String(b, radix: 16, uppercase: true)) inside a string",
                hint: "write it escaped, e.g. \\n or \\u0009")
        }
    }

    /// A string of at most 16 bytes without escapes, through `ParseBuffers.recent`: keys and
    /// labels repeat on every line, and a hit costs two word compares instead of building a
    /// String (a hit's bytes equal ones already validated, so it needs no check). Needs 16
    /// readable bytes from `start` (the caller checks).
    @inline(__always)
    mutating func shortString(_ start: Int, _ n: Int) throws(JSONLError) -> String {
        let raw = UnsafeRawPointer(base + start)
        // The n bytes as two little-endian words, the bytes past n zeroed.
        var w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if n < 8 {
            w0 &= (1 &<< (UInt64(n) &<< 3)) &- 1
            w1 = 0
        } else if n < 16 {
            w1 &= (1 &<< (UInt64(n - 8) &<< 3)) &- 1
        }
        let h = (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        let slot = recent + (Int(truncatingIfNeeded: h ^ (h &>> 29)) & recentMask)
        if slot.pointee.w0 == w0 && slot.pointee.w1 == w1 && slot.pointee.count == n {
            return slot.pointee.string
        }
        let bytes = UnsafeBufferPointer(start: base + start, count: n)
        let made: String
        if scannedBits & 0x8080_8080_8080_8080 == 0 {
            made = String(decoding: bytes, as: UTF8.self)
        } else if let s = JSONParser.makeString(bytes) {
            made = s
        } else {
            throw invalidUTF8(in: start, start + n)
        }
        slot.pointee = RecentString(w0: w0, w1: w1, count: n, string: made)
        return made
    }

    /// The string of `bytes` if they are valid UTF-8, else nil.
    ///
    /// `String(decoding:)` validates as it copies but repairs bad bytes instead of failing, and
    /// the failing `String(validating:as:)` is generic and unspecialised here (a metadata lookup
    /// per call, slower than the work itself). A repair always changes the bytes (it writes
    /// U+FFFD where the input had something else), so comparing the result with the input
    /// tells valid from repaired, at memcmp speed.
    @inline(__always)
    static func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "" }
        var s = String(decoding: bytes, as: UTF8.self)
        if s.utf8.count != bytes.count { return nil }
        let same = s.withUTF8 { u in memcmp(u.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
        return same ? s : nil
    }

    /// The index of the first byte at or after `i` that ends a plain run of string bytes: a quote,
    /// a backslash or a control byte (or `count`). Tests eight bytes at a time.
    @inline(__always)
    mutating func scanPlain(from i: Int) -> Int {
        var i = i
        var bits: UInt64 = 0
        defer { scannedBits |= bits }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i &+ 8 <= count {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let q = x ^ 0x2222_2222_2222_2222  // zero where '"'
            let s = x ^ 0x5C5C_5C5C_5C5C_5C5C  // zero where '\\'
            // High bit set in each byte that is zero in q or s, or below 0x20 in x. Bytes above
            // a true hit may be flagged falsely (borrows), but the lowest flag is always a hit.
            let t = ((q &- ones) & ~q) | ((s &- ones) & ~s) | ((x &- 0x2020_2020_2020_2020) & ~x)
            let hits = t & highs
            if hits != 0 {
                let k = hits.trailingZeroBitCount &>> 3
                bits |= x & ((1 &<< (UInt64(k) &<< 3)) &- 1)
                return i &+ k
            }
            bits |= x
            i &+= 8
        }
        while i < count {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return i }
            bits |= UInt64(b)
            i &+= 1
        }
        return count
    }

    /// Throws `.invalidUTF8` at the first bad sequence in `base[from..<to]`, if there is one.
    func checkUTF8(_ from: Int, _ to: Int) throws(JSONLError) {
        if let bad = JSONParser.firstInvalidUTF8(base, from, to) { throw invalidUTF8(at: bad) }
    }

    /// The `.invalidUTF8` error for a string whose bytes the standard library rejected.
    func invalidUTF8(in from: Int, _ to: Int) -> JSONLError {
        invalidUTF8(at: JSONParser.firstInvalidUTF8(base, from, to) ?? from)
    }

    /// The index of the first byte in `p[from..<to]` that does not start a valid UTF-8 sequence
    /// lying wholly inside the range (RFC 3629: no overlongs, no surrogates, nothing past
    /// U+10FFFF), or nil if the range is valid.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var i = from
        while i < to {
            let n = utf8SequenceLength(p, i, to)
            if n == 0 { return i }
            i += n
        }
        return nil
    }

    /// The length of the valid UTF-8 sequence starting at `p[i]` and ending before `end`, or 0.
    @inline(__always)
    static func utf8SequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b0 = p[i]
        if b0 < 0x80 { return 1 }
        let need: Int
        let minScalar: UInt32
        var v: UInt32
        switch b0 {
        case 0xC2...0xDF: need = 1; minScalar = 0x80; v = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: need = 2; minScalar = 0x800; v = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: need = 3; minScalar = 0x10000; v = UInt32(b0 & 0x07)
        default: return 0
        }
        guard i + need < end else { return 0 }
        for k in 1...need {
            let b = p[i + k]
            guard b & 0xC0 == 0x80 else { return 0 }
            v = v << 6 | UInt32(b & 0x3F)
        }
        if v < minScalar || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return 0 }
        return need + 1
    }

    mutating func parseEscape() throws(JSONLError) {
        let esc = pos
        pos += 1
        guard pos < count else {
            throw error(.unexpectedEnd, "unterminated escape at the end of the line", hint: "the line looks truncated", at: esc)
        }
        let c = base[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let hi = try parseHex4(escapeAt: esc)
            var scalarValue: UInt32
            if hi >= 0xD800 && hi <= 0xDBFF {
                // Must be followed by \uDC00-\uDFFF.
                guard pos + 1 < count, base[pos] == UInt8(ascii: "\\"), base[pos + 1] == UInt8(ascii: "u") else {
                    throw error(
                        .loneSurrogate,
                        "lone high surrogate \\u\(String(hi, radix: 16, uppercase: true)) is not followed by a low surrogate",
                        hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
                }
                let lowEsc = pos
                pos += 2
                let lo = try parseHex4(escapeAt: lowEsc)
                guard lo >= 0xDC00 && lo <= 0xDFFF else {
                    throw error(
                        .loneSurrogate,
                        "high surrogate \\u\(String(hi, radix: 16, uppercase: true)) is followed by \\u\(String(lo, radix: 16, uppercase: true)), not a low surrogate",
                        hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
                }
                scalarValue = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            } else if hi >= 0xDC00 && hi <= 0xDFFF {
                throw error(
                    .loneSurrogate, "lone low surrogate \\u\(String(hi, radix: 16, uppercase: true))",
                    hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
            } else {
                scalarValue = hi
            }
            let scalar = Unicode.Scalar(scalarValue)!
            for u in UTF8.encode(scalar)! { scratch.append(u) }
        default:
            throw error(
                .badEscape, "invalid escape '\\\(c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "?")'",
                hint: "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: esc)
        }
    }

    mutating func parseHex4(escapeAt esc: Int) throws(JSONLError) -> UInt32 {
        // pos is just past "\u"
        var v: UInt32 = 0
        for i in 0..<4 {
            guard pos + i < count else {
                throw error(
                    .badEscape, "\\u escape needs four hex digits", hint: "write \\u followed by exactly four hex digits", at: esc
                )
            }
            let b = base[pos + i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default:
                throw error(
                    .badEscape, "\\u escape needs four hex digits, found \(describeByte(at: pos + i))",
                    hint: "write \\u followed by exactly four hex digits", at: esc)
            }
            v = v << 4 | d
        }
        pos += 4
        return v
    }

    func invalidUTF8(at p: Int) -> JSONLError {
        // The lead byte and the continuation bytes after it: the sequence that is wrong.
        var n = 1
        while n < 4 && p + n < count && base[p + n] & 0xC0 == 0x80 { n += 1 }
        let bytes = (0..<n).map { "0x" + String(base[p + $0], radix: 16, uppercase: true) }
        return error(
            .invalidUTF8, "invalid UTF-8 at byte \(lineStartByteOffset + p) (\(bytes.joined(separator: " ")))",
            hint: "the file must be UTF-8; Arabic in Windows-1256 converts with iconv -f WINDOWS-1256 -t UTF-8",
            at: p)
    }

    /// Parses a number and keeps its literal. Rejects what RFC 8259 does not allow (`01`, `1.`,
    /// `-`, `1e`) and values with no finite double or integers past Int64 (`1e400`, `2^63`).
    mutating func parseNumber() throws(JSONLError) -> JSONNumber {
        let start = pos
        if base[pos] == UInt8(ascii: "-") { pos += 1 }
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
        guard pos < count, isDigit(base[pos]) else {
            throw error(.badNumber, "a number needs a digit after '-'", hint: "write -1, not -", at: start)
        }
        let intStart = pos
        if base[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < count && isDigit(base[pos]) {
                throw error(.badNumber, "numbers may not have leading zeros", hint: "write 7, not 07", at: start)
            }
        } else {
            while pos < count && isDigit(base[pos]) { pos += 1 }
        }
        let intDigits = pos - intStart
        var isInteger = true
        if pos < count && base[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < count, isDigit(base[pos]) else {
                throw error(.badNumber, "a number needs digits after '.'", hint: "write 1.0 or 1, not 1.", at: start)
            }
            while pos < count && isDigit(base[pos]) { pos += 1 }
        }
        var exponent = 0
        if pos < count && (base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            var negative = false
            if pos < count && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) {
                negative = base[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < count, isDigit(base[pos]) else {
                throw error(.badNumber, "a number needs digits in its exponent", hint: "write 1e3, not 1e", at: start)
            }
            while pos < count && isDigit(base[pos]) {
                exponent = min(exponent * 10 + Int(base[pos] - 0x30), 1_000_000)
                pos += 1
            }
            if negative { exponent = -exponent }
        }
        let literal = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        if isInteger {
            // Up to 18 digits always fits in Int64; longer ones are checked.
            if intDigits > 18 && Int64(literal) == nil {
                throw error(
                    .numberOverflow, "integer \(literal) does not fit in 64 bits",
                    hint: "offsets and counts must be below 2^63; write a measure as a float, e.g. 1.5e19",
                    at: start)
            }
        } else if intDigits + exponent > 300 {
            // The value is below 10^(intDigits + exponent), so surely finite up to 10^300;
            // near or past Double's range, ask Double.
            if let d = Double(literal), d.isFinite {
            } else {
                throw error(.numberOverflow, "number \(literal) is out of range", hint: "use a finite number", at: start)
            }
        }
        return JSONNumber(validatedLiteral: literal)
    }
}

/// A cached short string and its bytes, as two zero-padded little-endian words.
struct RecentString {
    var w0: UInt64
    var w1: UInt64
    var count: Int
    var string: String
}

/// The parser's reusable work memory: decoded string bytes and the container stacks.
final class ParseBuffers {
    /// Decoded bytes of a string with escapes.
    var scratch: [UInt8] = []
    /// The decoded bytes of the last raw member with escapes (``JSONParser/raw``).
    private(set) var rawBytes: UnsafeMutablePointer<UInt8> = .allocate(capacity: 1024)
    private var rawCapacity = 1024
    /// Members of the objects being parsed, innermost last.
    var entryStack = MoveStack<(key: String, value: JSONValue)>(capacity: 16)
    /// Elements of the arrays being parsed, innermost last.
    var valueStack = MoveStack<JSONValue>(capacity: 16)

    /// Recently parsed short strings by their bytes (direct-mapped, `recentSlots` a power of 2).
    let recent: UnsafeMutablePointer<RecentString>
    let recentSlots: Int

    /// - Parameter recentSlots: the short-string cache size: 256 for a file's worth of lines,
    ///   fewer for a single parse, where filling the cache costs more than it saves.
    init(recentSlots: Int = 256) {
        precondition(recentSlots > 0 && recentSlots & (recentSlots - 1) == 0)
        self.recentSlots = recentSlots
        recent = .allocate(capacity: recentSlots)
        // count -1 never matches.
        recent.initialize(repeating: RecentString(w0: 0, w1: 0, count: -1, string: ""), count: recentSlots)
    }

    /// Copies `bytes` to ``rawBytes``, growing it when needed.
    func keepRaw(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.count > rawCapacity {
            rawBytes.deallocate()
            rawCapacity = max(bytes.count, 2 * rawCapacity)
            rawBytes = .allocate(capacity: rawCapacity)
        }
        if let b = bytes.baseAddress { rawBytes.update(from: b, count: bytes.count) }
    }

    deinit {
        rawBytes.deallocate()
        recent.deinitialize(count: recentSlots)
        recent.deallocate()
        entryStack.free()
        valueStack.free()
    }

    /// Drops anything an interrupted parse left behind.
    func reset() {
        entryStack.removeAll()
        valueStack.removeAll()
    }
}

/// A stack whose top elements move out into an exactly sized array without being copied
/// (no retain/release per element, no growth of the result): the parser's container buffer.
///
/// A plain value over manually managed memory: copies share the memory, so exactly one copy
/// is used at a time (the parser's, then `ParseBuffers`'s again), and its owner calls `free()`.
struct MoveStack<Element> {
    var base: UnsafeMutablePointer<Element>
    var count = 0
    var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    @inline(__always)
    mutating func push(_ element: __owned Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Moves the elements from index `first` to the top into a new array and pops them.
    @inline(__always)
    mutating func popArray(from first: Int) -> [Element] {
        let n = count - first
        // reserveCapacity + append specialise fully; Array(unsafeUninitializedCapacity:) ends in
        // an unspecialised stdlib call that looks up the array's metadata at run time, which
        // cost more than the moves.
        var result = [Element]()
        result.reserveCapacity(n)
        for k in first..<count { result.append((base + k).move()) }
        count = first
        return result
    }
}
