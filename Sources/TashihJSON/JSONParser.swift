/// A strict JSON parser over UTF-8 bytes (RFC 8259), built for JSONL records.
///
/// It validates UTF-8 as it goes, decodes `\u` escapes with surrogate pairs, rejects lone
/// surrogates, raw control characters, duplicate keys, non-finite numbers and trailing data,
/// and reports each problem with its line, column (in scalars) and byte offset.
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
    var scratch: [UInt8] = []

    /// Parses `bytes` as exactly one JSON value (whitespace around it is allowed).
    /// - Parameters:
    ///   - file: the file name used in errors.
    ///   - line: the 1-based line the bytes come from, for errors.
    ///   - byteOffset: the offset of `bytes` in the file, for errors.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String = "<string>", line: Int = 1, byteOffset: Int = 0
    ) throws(JSONLError) -> JSONValue {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONLError(
                code: .unexpectedEnd, file: file, line: line, column: 1, byteOffset: byteOffset,
                message: "expected a JSON value, found the end of the line", hint: "")
        }
        var p = JSONParser(base: base, count: bytes.count, file: file, line: line, lineStartByteOffset: byteOffset)
        p.skipWhitespace()
        let v = try p.parseValue()
        p.skipWhitespace()
        if p.pos < p.count {
            throw p.error(.trailingData, "unexpected data after the JSON value", hint: "a JSONL line holds exactly one value")
        }
        return v
    }

    /// Parses a JSON text held in a string.
    public static func parse(_ text: String, file: String = "<string>") throws(JSONLError) -> JSONValue {
        var copy = Array(text.utf8)
        return try copy.withUnsafeMutableBufferPointer { (buf) throws(JSONLError) -> JSONValue in
            try parse(UnsafeBufferPointer(buf), file: file)
        }
    }

    init(base: UnsafePointer<UInt8>, count: Int, file: String, line: Int, lineStartByteOffset: Int) {
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

    func describeByte(at p: Int) -> String {
        if p >= count { return "the end of the line" }
        let b = base[p]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
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
            throw error(.unexpectedEnd, "expected a value, found the end of the line",
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
        default:
            throw error(.unexpectedCharacter, "expected a value, found \(describeByte(at: pos))")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONLError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            if pos + i >= count {
                throw error(.unexpectedEnd, "expected '\(word)', found the end of the line", hint: "the line looks truncated", at: pos + i)
            }
            if base[pos + i] != w[i] {
                throw error(.unexpectedCharacter, "expected '\(word)', found \(describeByte(at: pos + i))", at: pos + i)
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

    mutating func parseObject() throws(JSONLError) -> JSONObject {
        try enter()
        pos += 1  // {
        var entries: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if pos < count && base[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return JSONObject(entries)
        }
        while true {
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected a key or '}', found the end of the line", hint: "the line looks truncated")
            }
            guard base[pos] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter, "expected a quoted key, found \(describeByte(at: pos))",
                            hint: "object keys are strings in double quotes")
            }
            let keyStart = pos
            let key = try parseString()
            for e in entries where e.key.utf8.elementsEqual(key.utf8) {
                throw error(.duplicateKey, "duplicate key \"\(key)\" in one object", hint: "keep one of them", at: keyStart)
            }
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected ':' after a key, found the end of the line", hint: "the line looks truncated")
            }
            guard base[pos] == UInt8(ascii: ":") else {
                throw error(.unexpectedCharacter, "expected ':' after a key, found \(describeByte(at: pos))")
            }
            pos += 1
            skipWhitespace()
            let v = try parseValue()
            entries.append((key, v))
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected ',' or '}', found the end of the line", hint: "the line looks truncated")
            }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            throw error(.unexpectedCharacter, "expected ',' or '}' after an object member, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
        depth -= 1
        return JSONObject(entries)
    }

    mutating func parseArray() throws(JSONLError) -> [JSONValue] {
        try enter()
        pos += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < count && base[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return items
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < count else {
                throw error(.unexpectedEnd, "expected ',' or ']', found the end of the line", hint: "the line looks truncated")
            }
            let b = base[pos]
            pos += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            throw error(.unexpectedCharacter, "expected ',' or ']' after an array element, found \(describeByte(at: pos - 1))", at: pos - 1)
        }
        depth -= 1
        return items
    }

    /// Parses a string starting at the opening quote. Fast path: no escapes, ASCII or valid
    /// multi-byte UTF-8 copied straight into the String.
    mutating func parseString() throws(JSONLError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast scan: stop at quote, backslash, control byte or non-ASCII (validated below).
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            if b >= 0x80 {
                try validateUTF8Sequence()
                continue
            }
            pos += 1
        }
        // Slow path: escapes present.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: pos - start))
        while true {
            guard pos < count else {
                throw error(.unexpectedEnd, "unterminated string", hint: "close the string opened at column \(column(at: open)) with a '\"'", at: open)
            }
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 {
                throw error(.controlCharacter, "raw control character U+00\(b < 16 ? "0" : "")\(String(b, radix: 16, uppercase: true)) inside a string",
                            hint: "write it escaped, e.g. \\n or \\u0009")
            }
            if b == UInt8(ascii: "\\") {
                try parseEscape()
                continue
            }
            if b >= 0x80 {
                let s = pos
                try validateUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + s, count: pos - s))
                continue
            }
            scratch.append(b)
            pos += 1
        }
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
                    throw error(.loneSurrogate, "lone high surrogate \\u\(String(hi, radix: 16, uppercase: true)) is not followed by a low surrogate",
                                hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
                }
                let lowEsc = pos
                pos += 2
                let lo = try parseHex4(escapeAt: lowEsc)
                guard lo >= 0xDC00 && lo <= 0xDFFF else {
                    throw error(.loneSurrogate, "high surrogate \\u\(String(hi, radix: 16, uppercase: true)) is followed by \\u\(String(lo, radix: 16, uppercase: true)), not a low surrogate",
                                hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
                }
                scalarValue = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            } else if hi >= 0xDC00 && hi <= 0xDFFF {
                throw error(.loneSurrogate, "lone low surrogate \\u\(String(hi, radix: 16, uppercase: true))",
                            hint: "write the character itself, or a full \\uD8xx\\uDCxx pair", at: esc)
            } else {
                scalarValue = hi
            }
            let scalar = Unicode.Scalar(scalarValue)!
            for u in UTF8.encode(scalar)! { scratch.append(u) }
        default:
            throw error(.badEscape, "invalid escape '\\\(c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "?")'",
                        hint: "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: esc)
        }
    }

    mutating func parseHex4(escapeAt esc: Int) throws(JSONLError) -> UInt32 {
        // pos is just past "\u"
        var v: UInt32 = 0
        for i in 0..<4 {
            guard pos + i < count else {
                throw error(.badEscape, "\\u escape needs four hex digits", hint: "write \\u followed by exactly four hex digits", at: esc)
            }
            let b = base[pos + i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default:
                throw error(.badEscape, "\\u escape needs four hex digits, found \(describeByte(at: pos + i))",
                            hint: "write \\u followed by exactly four hex digits", at: esc)
            }
            v = v << 4 | d
        }
        pos += 4
        return v
    }

    /// Validates one multi-byte UTF-8 sequence at `pos` (lead byte ≥ 0x80) and advances past it.
    @inline(__always)
    mutating func validateUTF8Sequence() throws(JSONLError) {
        let b0 = base[pos]
        var need: Int
        var minScalar: UInt32
        var v: UInt32
        switch b0 {
        case 0xC2...0xDF: need = 1; minScalar = 0x80; v = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: need = 2; minScalar = 0x800; v = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: need = 3; minScalar = 0x10000; v = UInt32(b0 & 0x07)
        default: throw invalidUTF8(at: pos)
        }
        guard pos + need < count else { throw invalidUTF8(at: pos) }
        for i in 1...need {
            let b = base[pos + i]
            guard b & 0xC0 == 0x80 else { throw invalidUTF8(at: pos) }
            v = v << 6 | UInt32(b & 0x3F)
        }
        if v < minScalar || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { throw invalidUTF8(at: pos) }
        pos += need + 1
    }

    func invalidUTF8(at p: Int) -> JSONLError {
        error(.invalidUTF8, "invalid UTF-8 at byte \(lineStartByteOffset + p) (0x\(String(base[p], radix: 16, uppercase: true)))",
              hint: "convert the file to UTF-8, e.g. with iconv", at: p)
    }

    mutating func parseNumber() throws(JSONLError) -> JSONNumber {
        let start = pos
        if base[pos] == UInt8(ascii: "-") { pos += 1 }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard pos < count, isDigit(base[pos]) else {
            throw error(.badNumber, "a number needs a digit after '-'", at: start)
        }
        if base[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < count && isDigit(base[pos]) {
                throw error(.badNumber, "numbers may not have leading zeros", hint: "write 7, not 07", at: start)
            }
        } else {
            while pos < count && isDigit(base[pos]) { pos += 1 }
        }
        var isInteger = true
        if pos < count && base[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < count, isDigit(base[pos]) else {
                throw error(.badNumber, "a number needs digits after '.'", hint: "write 1.0 or 1, not 1.", at: start)
            }
            while pos < count && isDigit(base[pos]) { pos += 1 }
        }
        if pos < count && (base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < count && (base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < count, isDigit(base[pos]) else {
                throw error(.badNumber, "a number needs digits in its exponent", at: start)
            }
            while pos < count && isDigit(base[pos]) { pos += 1 }
        }
        let literal = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        let digits = pos - start
        if !isInteger || digits > 15 {
            // Reject numbers with no finite double value (1e400); big integers too (> Int64).
            if let d = Double(literal), d.isFinite {
                if isInteger && Int64(literal) == nil {
                    throw error(.numberOverflow, "integer \(literal) does not fit in 64 bits",
                                hint: "offsets and counts must be below 2^63", at: start)
                }
            } else {
                throw error(.numberOverflow, "number \(literal) is out of range", hint: "use a finite number", at: start)
            }
        }
        return JSONNumber(validatedLiteral: literal)
    }
}
