import Testing

@testable import TashihJSON

/// `JSONLRecordParser.parse(_:line:byteOffset:leaving:)` leaves one top-level string as bytes
/// and parses everything else as the plain parse does.
@Suite struct RawMemberTests {
    /// Parses `line` leaving `text`; returns the object, the raw bytes as a string (decoded
    /// leniently, for comparing) and whether they were escaped.
    func parse(_ line: [UInt8]) throws(JSONLError) -> (JSONObject, [UInt8]?, Bool) {
        let parser = JSONLRecordParser(displayName: "t.jsonl")
        return try line.withUnsafeBufferPointer { (b) throws(JSONLError) -> (JSONObject, [UInt8]?, Bool) in
            let (object, raw) = try parser.parse(b, line: 1, byteOffset: 0, leaving: "text")
            return (object, raw.map { Array($0.bytes) }, raw?.escaped ?? false)
        }
    }

    @Test func aPlainTextIsTheLiteralAndIsLeftOutOfTheObject() throws {
        let text = "قُتِلَ ١٢ مدنيّاً 🙂 في غارة لـ«قسد»"
        let (object, raw, escaped) = try parse(Array(#"{"id":"r1","text":"\#(text)","meta":{"text":"كذا"}}"#.utf8))
        #expect(raw == Array(text.utf8))
        #expect(!escaped)
        #expect(object.entries.map(\.key) == ["id", "meta"])
        // Only the top level: a nested "text" is an ordinary member.
        #expect(object["meta"]?.objectValue?["text"] == .string("كذا"))
    }

    @Test func escapesAreDecoded() throws {
        let (_, raw, escaped) = try parse(Array(#"{"id":"r1","text":"قال \"المرصد\"\n\u0627\ud83d\ude42\\"}"#.utf8))
        #expect(raw == Array("قال \"المرصد\"\nا🙂\\".utf8))
        #expect(escaped)
    }

    @Test func aTextThatIsNotAStringStaysInTheObject() throws {
        let (object, raw, _) = try parse(Array(#"{"id":"r1","text":12}"#.utf8))
        #expect(raw == nil)
        #expect(object["text"] == .number(JSONNumber(12)))
    }

    @Test func aSecondTextIsADuplicateKey() {
        for line in [#"{"text":"أ","id":"r1","text":"ب"}"#, #"{"text":5,"text":"ب"}"#, #"{"text":"أ","text":5}"#] {
            #expect(throws: JSONLError.self) { try parse(Array(line.utf8)) }
            do {
                _ = try parse(Array(line.utf8))
            } catch {
                #expect(error.code == .duplicateKey, "\(line)")
            }
        }
    }

    @Test func onlyTheUTF8CheckIsLeftToTheCaller() throws {
        // Bytes that are not UTF-8 in the text pass here; the plain parse refuses the line.
        var line = Array(#"{"id":"r1","text":"مقاتل"#.utf8)
        line += [0xC1, 0x80]
        line += Array(#""}"#.utf8)
        let (_, raw, _) = try parse(line)
        #expect(raw?.suffix(2) == [0xC1, 0x80])
        let plain = JSONLRecordParser(displayName: "t.jsonl")
        #expect(throws: JSONLError.self) {
            try line.withUnsafeBufferPointer { try plain.parse($0, line: 1, byteOffset: 0) }
        }
        // Syntax errors are errors either way, at the same place.
        let broken = Array(#"{"id":"r1","text":"مقاتل\q"}"#.utf8)
        var left: JSONLError?
        var whole: String?
        do { _ = try parse(broken) } catch { left = error }
        do { _ = try broken.withUnsafeBufferPointer { try plain.parse($0, line: 1, byteOffset: 0) } } catch {
            whole = "\(error)"
        }
        #expect(left != nil && left?.description == whole)
    }
}
