import Testing

@testable import TashihJSON

/// A valid record on line 1 of most fixtures, so the bad line is line 2 and records before an
/// error are seen to come through.
let goodLine = #"{"id":"r1","text":"قتل ١٢ مَدَنِيّاً في هجوم لـ«قسد» 🙂"}"#

@Suite("Truncated lines")
struct TruncatedLineTests {
    @Test func unterminatedStringIsReportedAtItsOpeningQuote() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"id":"r2","text":⏩"قتل ١٢ مَدَنِيّاً لـ«قسد"#]))
    }

    @Test func missingClosingBraceIsReportedAtTheEndOfTheLine() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"id":"r2","text":"مَدَنِيّاً 🙂"⏩"#]))
    }

    @Test func lineCutAfterAKeyIsUnexpectedEnd() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"id":"r2","text"⏩"#]))
    }

    @Test func lineCutInsideAnArrayIsUnexpectedEnd() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"tags":["حلب","𝐀"⏩"#]))
    }

    @Test func lineCutInsideAWordIsUnexpectedEnd() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"ok":tr⏩"#]))
    }
}

@Suite("Escapes and surrogates")
struct EscapeTests {
    @Test func unknownEscapeIsBadEscape() {
        expectError(.badEscape, MarkedJSONL([goodLine, #"{"text":"مَدَنِيّاً ⏩\q"}"#]))
    }

    @Test func nonHexDigitInUnicodeEscapeIsBadEscape() {
        expectError(.badEscape, MarkedJSONL([goodLine, #"{"text":"𝐀 لـ«قسد» ⏩\u12G4"}"#]))
    }

    @Test func shortUnicodeEscapeIsBadEscape() {
        expectError(.badEscape, MarkedJSONL([goodLine, #"{"text":"١٢ ⏩\u12"}"#]))
    }

    @Test func loneHighSurrogateIsReported() {
        expectError(.loneSurrogate, MarkedJSONL([goodLine, #"{"text":"حلب ⏩\ud83d"}"#]))
    }

    @Test func loneHighSurrogateBeforeAnotherEscapeIsReported() {
        expectError(.loneSurrogate, MarkedJSONL([goodLine, #"{"text":"حلب ⏩\ud83d\n"}"#]))
    }

    @Test func loneLowSurrogateIsReported() {
        expectError(.loneSurrogate, MarkedJSONL([goodLine, #"{"text":"⏩\ude42 مَدَنِيّاً"}"#]))
    }

    @Test func highSurrogateFollowedByANonLowEscapeIsReported() {
        expectError(.loneSurrogate, MarkedJSONL([goodLine, #"{"text":"🙂 ⏩\ud83d\u0041"}"#]))
    }

    @Test func twoHighSurrogatesAreReportedAtTheFirst() {
        expectError(.loneSurrogate, MarkedJSONL([goodLine, #"{"text":"⏩\ud83d\ud83d"}"#]))
    }

    @Test func surrogatePairDecodesToOneNonBMPScalar() throws {
        let v = try JSONParser.parse(#"{"t":"لـ«قسد» \ud83d\ude42 \uD835\uDC00 \u0645\u064e"}"#)
        #expect(v.objectValue?["t"]?.stringValue?.unicodeScalars.elementsEqual("لـ«قسد» 🙂 𝐀 مَ".unicodeScalars) == true)
    }

    @Test func everySimpleEscapeDecodes() throws {
        let v = try JSONParser.parse(#"["\"\\\/\b\f\n\r\t\u001f"]"#)
        #expect(v == .array([.string("\"\\/\u{8}\u{C}\n\r\t\u{1F}")]))
    }
}

@Suite("Invalid UTF-8 is reported at its byte")
struct InvalidUTF8Tests {
    @Test func strayFFByte() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"حلب ⏩⟨FF⟩ دير الزور"}"#]))
    }

    @Test func overlongEncodingOfSlash() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"مَدَنِيّاً⏩⟨C0⟩⟨AF⟩"}"#]))
    }

    @Test func truncatedSequenceAtTheEndOfTheLine() {
        // The first byte of "ح" (0xD8 0xAD) and then the line ends.
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"قتل ١٢ ⏩⟨D8⟩"#]))
    }

    @Test func truncatedSequenceBeforeTheClosingQuote() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"🙂 ⏩⟨F0⟩⟨9F⟩⟨99⟩"}"#]))
    }

    @Test func encodedSurrogate() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"١٢ ⏩⟨ED⟩⟨A0⟩⟨80⟩ مدنياً"}"#]))
    }

    @Test func scalarBeyondU10FFFF() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"⏩⟨F4⟩⟨90⟩⟨80⟩⟨80⟩"}"#]))
    }

    @Test func windows1256ArabicIsInvalidUTF8() {
        // "الق" in Windows-1256.
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"⏩⟨C7⟩⟨E1⟩⟨DE⟩"}"#]))
    }

    @Test func invalidByteInAKey() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"⏩⟨C3⟩":1}"#]))
    }

    @Test func invalidByteOutsideAStringIsStillInvalidUTF8() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"id":1⏩⟨FF⟩}"#]))
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"id":1}⏩⟨FF⟩"#]))
    }

    @Test func invalidByteAfterAnEscapeInTheSameString() {
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"سطر\nسطر ⏩⟨FF⟩"}"#]))
    }

    @Test func theFirstProblemInAStringWins() {
        // Bad UTF-8 before a bad escape, a control byte or the end of the line is reported first.
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"⏩⟨FF⟩ \q"}"#]))
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"⏩⟨FF⟩ ⟨09⟩"}"#]))
        expectError(.invalidUTF8, MarkedJSONL([goodLine, #"{"text":"⏩⟨FF⟩ "#]))
        expectError(.badEscape, MarkedJSONL([goodLine, #"{"text":"⏩\q ⟨FF⟩"}"#]))
    }

    @Test func messageGivesTheFileByteOffsetAndTheBytes() throws {
        let fixture = MarkedJSONL([goodLine, #"{"text":"حلب ⏩⟨ED⟩⟨A0⟩⟨80⟩"}"#])
        let e = try #require(readAll(fixture.bytes).error)
        #expect(e.byteOffset == fixture.byteOffset)
        #expect(e.message == "invalid UTF-8 at byte \(fixture.byteOffset) (0xED 0xA0 0x80)")
        #expect(e.hint.contains("iconv"))
    }
}

@Suite("Numbers")
struct NumberTests {
    @Test(arguments: [
        #"{"n":⏩1e400}"#, #"{"n":⏩-1e309}"#, #"{"n":⏩9223372036854775808}"#,
        #"{"n":⏩-9223372036854775809}"#, #"{"n":⏩123456789012345678901234567890}"#,
    ])
    func overflowIsNumberOverflow(_ line: String) {
        expectError(.numberOverflow, MarkedJSONL([goodLine, line]))
    }

    @Test(arguments: [
        #"{"n":⏩01}"#, #"{"n":⏩-01}"#, #"{"n":⏩1.}"#, #"{"n":⏩1.e5}"#, #"{"n":⏩-}"#, #"{"n":⏩-x}"#,
        #"{"n":⏩.5}"#, #"{"n":⏩+1}"#, #"{"n":⏩1e}"#, #"{"n":⏩1e+}"#,
    ])
    func malformedNumberIsBadNumber(_ line: String) {
        expectError(.badNumber, MarkedJSONL([goodLine, line]))
    }

    @Test(arguments: [
        "9223372036854775807", "-9223372036854775808", "1e-400", "1.5e308", "-0", "0.5", "-3", "2e3",
        "123456789012345678901234567890.5", "1E+2", "0e0",
    ])
    func edgeNumbersParseAndKeepTheirLiteral(_ literal: String) throws {
        let v = try JSONParser.parse(#"{"n":\#(literal)}"#)
        #expect(v.objectValue?["n"]?.numberValue?.literal == literal)
    }

    @Test func numberAccessors() {
        #expect(JSONNumber(validatedLiteral: "2e3").intValue == 2000)
        #expect(JSONNumber(validatedLiteral: "40").intValue == 40)
        #expect(JSONNumber(validatedLiteral: "40.5").intValue == nil)
        #expect(JSONNumber(validatedLiteral: "0.5").doubleValue == 0.5)
        #expect(JSONNumber(2000.0).literal == "2000")
        #expect(JSONNumber(0.25).literal == "0.25")
    }
}

@Suite("Structure")
struct StructureErrorTests {
    @Test func rawControlCharacterInAString() {
        expectError(.controlCharacter, MarkedJSONL([goodLine, #"{"text":"حلب⏩⟨09⟩دير"}"#]))
        expectError(.controlCharacter, MarkedJSONL([goodLine, #"{"text":"مَدَنِيّاً ⏩⟨1F⟩"}"#]))
        expectError(.controlCharacter, MarkedJSONL([goodLine, #"{"text":"\n⏩⟨00⟩"}"#]))
    }

    @Test func controlCharacterMessageNamesIt() throws {
        let e = try #require(parseError(MarkedJSONL([#"{"t":"a⏩⟨1F⟩"}"#]).markedLineBytes))
        #expect(e.message == "raw control character U+001F inside a string")
    }

    @Test func duplicateKeyIsReportedAtTheSecondKey() {
        expectError(.duplicateKey, MarkedJSONL([goodLine, #"{"نص":"أ","id":1,⏩"نص":"ب"}"#]))
    }

    @Test func duplicateKeyWrittenWithAnEscapeIsStillADuplicate() {
        expectError(.duplicateKey, MarkedJSONL([goodLine, #"{"a":1,⏩"\u0061":2}"#]))
    }

    @Test func duplicateKeysInNestedObjectsAreFoundAndSiblingsAreNot() throws {
        expectError(.duplicateKey, MarkedJSONL([goodLine, #"{"meta":{"a":{"x":1},⏩"a":2}}"#]))
        // The same key in two different objects is fine.
        let v = try JSONParser.parse(#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#)
        #expect(v.objectValue?.count == 2)
    }

    @Test func canonicallyEquivalentKeysWithDifferentBytesAreNotDuplicates() throws {
        // بَّ written shadda-then-fatha and fatha-then-shadda: equal as Swift Strings, not as bytes.
        let v = try JSONParser.parse("{\"ب\u{651}\u{64E}\":1,\"ب\u{64E}\u{651}\":2}")
        #expect(v.objectValue?.count == 2)
    }

    @Test func secondValueOnALineIsTrailingData() {
        expectError(.trailingData, MarkedJSONL([goodLine, #"{"id":"r2"} ⏩{"id":"r3"}"#]))
        expectError(.trailingData, MarkedJSONL([goodLine, #"{"id":"r2"}⏩x"#]))
    }

    @Test(arguments: [#"⏩[1,2]"#, #"⏩"مَدَنِيّاً""#, "⏩12", "⏩null", "⏩  []"])
    func lineThatIsNotAnObject(_ line: String) {
        // Reported at column 1 and the line's first byte, whatever the value.
        let fixture = MarkedJSONL([goodLine, line])
        let e = readAll(fixture.bytes).error
        #expect(e?.code == .notAnObject)
        #expect(e?.line == 2)
        #expect(e?.column == 1)
        #expect(e?.byteOffset == fixture.markedLineStart)
    }

    @Test func nestingDeeperThanTheLimitIsTooDeep() {
        // The object is level 1, so the 512th '[' opens level 513.
        let limit = JSONParser.maxDepth
        let line = #"{"a":"# + String(repeating: "[", count: limit - 1) + "⏩" + String(repeating: "[", count: 100)
        expectError(.tooDeep, MarkedJSONL([goodLine, line]))
    }

    @Test func nestingAtTheLimitIsAccepted() throws {
        let limit = JSONParser.maxDepth
        let line = #"{"a":"# + String(repeating: "[", count: limit - 1) + String(repeating: "]", count: limit - 1) + "}"
        let result = readAll(Array((goodLine + "\n" + line + "\n").utf8))
        #expect(result.error == nil)
        #expect(result.records.count == 2)
    }

    @Test func unexpectedCharacterNamesWhatWasFound() throws {
        let e = try #require(parseError(Array(#"{"a" 1}"#.utf8)))
        #expect(e.code == .unexpectedCharacter)
        #expect(e.message == "expected ':' after a key, found '1'")
        let e2 = try #require(parseError(Array(#"{"a":1،"b":2}"#.utf8)))
        #expect(e2.message == "expected ',' or '}' after an object member, found '،'")
        #expect(e2.column == 7)
    }

    @Test func emptyInputIsUnexpectedEnd() {
        #expect(parseError([])?.code == .unexpectedEnd)
        #expect(parseError(Array("   ".utf8))?.code == .unexpectedEnd)
    }

    @Test func parseFromAStringReportsLineOneAndAColumnInScalars() {
        do {
            _ = try JSONParser.parse(#"{"نص":"مَدَنِيّاً",}"#, file: "x.json")
            Issue.record("accepted a trailing comma")
        } catch {
            #expect(error.code == .unexpectedCharacter)
            #expect(error.file == "x.json")
            #expect(error.line == 1)
            // {"نص":"مَدَنِيّاً",  is 19 scalars; the '}' is column 20.
            #expect(error.column == 20)
        }
    }
}
