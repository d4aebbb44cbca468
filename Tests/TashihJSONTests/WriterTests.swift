import Testing

@testable import TashihJSON

/// Lines exactly as `json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))`
/// writes them (numbers aside: Python would not write `2e3`, but a literal is kept as read).
let canonicalLines: [String] = [
    #"{"id":"r1","meta":{"para":3,"source":"seed-002","tags":["حلب","🙂"]},"n":-3,"score":0.5,"text":"قصفت القوات الروسية مدينة حلب أمس وقتلت ١٢ مَدَنِيّاً لـ«قسد» 🙂 𝐀"}"#,
    #"{"arr":[],"big":2e3,"empty":{},"esc":"قال \"لا\"\nسطر\u001f\t/\\ ","neg":-0.25,"nested":{"a":{"b":{"c":[1,[2,[3]]]}}},"nil":null,"no":false,"yes":true}"#,
    #"{"label":"COUNT","start":40,"النص":"١٢","ملاحظة":"\u0000 و\b\f\r"}"#,
    "{\"del\":\"\u{7F}\",\"ls\":\"\u{2028}\u{2029}\u{85}\",\"ok\":1.5E+20}",
    #"{"spans":[{"attributes":{"qualifier":"approx","value":40},"end":42,"label":"COUNT","start":40},{"attributes":{"actor_id":"SDF"},"end":19,"label":"ARMED_GROUP","start":5}],"text":"قصفت القوات الروسية مدينة حلب أمس وقتلت 12 مدنياً","text_hash":"sha256:00"}"#,
]

@Suite("Canonical writing")
struct WriterTests {
    @Test func canonicalFileReadAndWrittenBackIsByteIdentical() throws {
        let file = Array(canonicalLines.joined(separator: "\n").utf8) + [0x0A]
        let result = readAll(file)
        #expect(result.error == nil)
        #expect(result.records.count == canonicalLines.count)
        var out: [UInt8] = []
        for r in result.records {
            JSONWriter.write(.object(r.object), to: &out)
            out.append(0x0A)
        }
        #expect(out == file)
        #expect(String(decoding: out, as: UTF8.self) == String(decoding: file, as: UTF8.self))
    }

    @Test func nonCanonicalInputIsWrittenCanonically() throws {
        let v = try JSONParser.parse(#" { "b" : [ 1 , 2 ] ,"a":"\u0645\u064e\/x" , "A" : { "z":1,"y":null } } "#)
        #expect(JSONWriter.string(v) == #"{"A":{"y":null,"z":1},"a":"مَ/x","b":[1,2]}"#)
    }

    @Test func keysAreSortedByUTF8BytesLikePythonSortKeys() {
        let v: JSONValue = ["ب": 1, "b": 2, "a": 3, "A": 4, "aa": 5, "_": 6, "𝐀": 7, "ي": 8]
        #expect(JSONWriter.string(v) == #"{"A":4,"_":6,"a":3,"aa":5,"b":2,"ب":1,"ي":8,"𝐀":7}"#)
    }

    @Test func stringsEscapeOnlyQuoteBackslashAndControls() {
        let s = "قال \"لا\" \\ / \n\r\t\u{8}\u{C}\u{0}\u{1F}\u{7F} 🙂\u{2028}"
        #expect(JSONWriter.string(.string(s)) == #""قال \"لا\" \\ / \n\r\t\b\f\u0000\u001f"# + "\u{7F} 🙂\u{2028}\"")
    }

    @Test func writeStringAppendsToExistingBytes() {
        var out = Array("x=".utf8)
        JSONWriter.writeString("حلب", to: &out)
        #expect(out == Array("x=\"حلب\"".utf8))
    }

    @Test func objectEditsKeepCanonicalOutput() {
        var o = JSONObject()
        o["text"] = "مَدَنِيّاً"
        o["id"] = 7
        o["gone"] = true
        o["gone"] = nil
        o["id"] = "r7"
        #expect(o.keys == ["text", "id"])
        #expect(JSONWriter.string(.object(o)) == #"{"id":"r7","text":"مَدَنِيّاً"}"#)
    }
}

@Suite("Value equality is exact")
struct ValueEqualityTests {
    // بَّ written shadda-then-fatha and fatha-then-shadda: canonically equivalent, not the same.
    static let shaddaFatha = "ب\u{651}\u{64E}"
    static let fathaShadda = "ب\u{64E}\u{651}"

    @Test func stringsCompareByScalarsNotCanonicalEquivalence() {
        #expect(Self.shaddaFatha == Self.fathaShadda)  // Swift's String says equal...
        #expect(JSONValue.string(Self.shaddaFatha) != .string(Self.fathaShadda))  // ...the JSON value does not
        #expect(JSONValue.string(Self.shaddaFatha) == .string("ب\u{651}\u{64E}"))
        let set: Set<JSONValue> = [.string(Self.shaddaFatha), .string(Self.fathaShadda)]
        #expect(set.count == 2)
    }

    @Test func objectKeysCompareByScalars() {
        let a: JSONValue = .object(JSONObject([(key: Self.shaddaFatha, value: 1)]))
        let b: JSONValue = .object(JSONObject([(key: Self.fathaShadda, value: 1)]))
        #expect(a != b)
        #expect(a.objectValue?[Self.shaddaFatha] == 1)
        #expect(a.objectValue?[Self.fathaShadda] == nil)
    }

    @Test func equalValuesHashEqually() throws {
        let text = #"{"id":"r1","meta":{"tags":["حلب","🙂"],"n":[1,2.5,null,true]},"text":"مَدَنِيّاً"}"#
        let x = try JSONParser.parse(text)
        let y = try JSONParser.parse(text)
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(Set([x, y]).count == 1)
    }

    @Test func numbersCompareByLiteralAndKeyOrderMatters() throws {
        #expect(try JSONParser.parse("1.0") != JSONParser.parse("1"))
        #expect(try JSONParser.parse(#"{"a":1,"b":2}"#) != JSONParser.parse(#"{"b":2,"a":1}"#))
    }
}

/// Builds random JSON values from a seed: Arabic with harakat and tatweel, emoji and other
/// non-BMP scalars, characters that need escaping, and every kind of number literal.
struct RandomJSON {
    var rng: SplitMix64

    static let pieces: [String] = [
        "ب", "ق", "سد", "\u{64E}", "\u{651}", "\u{64B}", "ـ", "«", "»", "١", "٢", "٠", "🙂", "𝐀", "🕊️",
        "a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{85}",
        "é", "e\u{301}", "\u{FEFF}", "\u{10FFFF}",
    ]

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func string() -> String {
        var s = ""
        for _ in 0..<below(12) { s += Self.pieces[below(Self.pieces.count)] }
        return s
    }

    mutating func number() -> JSONNumber {
        switch below(6) {
        case 0: return JSONNumber(Int(truncatingIfNeeded: rng.next()))
        case 1: return JSONNumber(below(1000) - 500)
        case 2: return JSONNumber(validatedLiteral: "\(below(2) == 0 ? "-" : "")\(below(100)).\(below(1000))")
        case 3: return JSONNumber(validatedLiteral: "\(below(10))\(["e", "E", "e+", "E-", "e-"][below(5)])\(below(300))")
        case 4: return JSONNumber([Int.min, Int.max, 0, -1][below(4)])
        default: return JSONNumber(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (below(2) == 0 ? 1 : -1))
        }
    }

    mutating func value(depth: Int) -> JSONValue {
        switch below(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .number(number())
        case 3, 4: return .string(string())
        case 5: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        default: return .object(object(depth: depth + 1))
        }
    }

    mutating func object(depth: Int) -> JSONObject {
        var o = JSONObject()
        for _ in 0..<below(6) {
            let k = string()
            if o.entries.contains(where: { $0.key.utf8.elementsEqual(k.utf8) }) { continue }
            o.entries.append((k, value(depth: depth)))
        }
        return o
    }
}

/// `v` with every object's keys in canonical (UTF-8 byte) order.
func sortedKeys(_ v: JSONValue) -> JSONValue {
    switch v {
    case .array(let a): return .array(a.map(sortedKeys))
    case .object(let o):
        return .object(
            JSONObject(
                o.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    .map { (key: $0.key, value: sortedKeys($0.value)) }))
    default: return v
    }
}

@Suite("Round-trip properties")
struct RoundTripPropertyTests {
    @Test(arguments: 0..<8)
    func writeParseWriteIsStable(_ seed: UInt64) throws {
        var gen = RandomJSON(rng: SplitMix64(seed: seed))
        for _ in 0..<100 {
            let v = JSONValue.object(gen.object(depth: 0))
            let bytes = JSONWriter.bytes(v)
            let parsed = try bytes.withUnsafeBufferPointer { (b) throws(JSONLError) -> JSONValue in
                try JSONParser.parse(b)
            }
            #expect(sameValue(parsed, sortedKeys(v)), "\(JSONWriter.string(v))")
            #expect(JSONWriter.bytes(parsed) == bytes)
        }
    }

    @Test(arguments: 0..<4)
    func randomRecordsSurviveAJSONLFileReadInRandomChunks(_ seed: UInt64) throws {
        var gen = RandomJSON(rng: SplitMix64(seed: 1000 + seed))
        var records: [JSONValue] = []
        var file: [UInt8] = []
        for _ in 0..<150 {
            let v = JSONValue.object(gen.object(depth: 0))
            records.append(sortedKeys(v))
            JSONWriter.write(v, to: &file)
            file.append(0x0A)
        }
        let chunk = 1 + gen.below(300)
        let result = readAll(file, chunkSize: chunk)
        #expect(result.error == nil)
        #expect(result.records.count == records.count)
        for (r, v) in zip(result.records, records) {
            #expect(sameValue(.object(r.object), v))
        }
    }

    @Test func splitMix64IsTheReferenceSequence() {
        // First outputs for seed 0 (Vigna's reference splitmix64.c).
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}

/// `writeString(_:at:)` writes what `writeString(_:to:)` appends, within `maxStringBytes`.
@Suite struct PointerWriterTests {
    @Test(arguments: [
        "", "حلب", "قال \"لا\"\n\t\\ / 🙂 𝐀", String(repeating: "\u{1}", count: 50), "مَدَنِيّاً ١٢ لـ«قسد»", "\u{7F}\u{2028}x",
    ])
    func pointerAndArrayWritersAgree(s: String) {
        var expected: [UInt8] = []
        JSONWriter.writeString(s, to: &expected)
        let bound = JSONWriter.maxStringBytes(s)
        let written = [UInt8](unsafeUninitializedCapacity: bound) { buf, count in
            count = JSONWriter.writeString(s, at: buf.baseAddress!) - buf.baseAddress!
        }
        #expect(written == expected)
        #expect(written.count <= bound)
    }

    /// Every length up to 70 bytes (the short-string path copies words, the last overlapping),
    /// plain and with each escape at each position.
    @Test func shortStringsOfEveryLengthAndEscapePosition() {
        // Harakat, tatweel, Arabic-Indic digits, an emoji: 1-, 2- and 4-byte scalars.
        let pieces = ["ق", "ُ", "ـ", "٤", "0", " ", "😢", "ل"]
        var mismatches: [String] = []
        for length in 0...70 {
            var plain = ""
            var k = 0
            while plain.utf8.count < length {
                plain += pieces[k % pieces.count]
                k += 1
            }
            var cases = [plain]
            let scalars = Array(plain.unicodeScalars)
            for position in 0...scalars.count {
                for escape in ["\"", "\\", "\n", "\u{1}"] {
                    var v = String.UnicodeScalarView()
                    v.append(contentsOf: scalars[..<position])
                    v.append(contentsOf: escape.unicodeScalars)
                    v.append(contentsOf: scalars[position...])
                    cases.append(String(v))
                }
            }
            for s in cases {
                var expected: [UInt8] = []
                JSONWriter.writeString(s, to: &expected)
                let written = [UInt8](unsafeUninitializedCapacity: JSONWriter.maxStringBytes(s)) { buf, count in
                    count = JSONWriter.writeString(s, at: buf.baseAddress!) - buf.baseAddress!
                }
                if written != expected { mismatches.append(s) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}
