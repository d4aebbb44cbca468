import Foundation
import Testing

/// Each malformed input gives the documented error (file:line, what is wrong) and exit code 1;
/// the tolerated ones (BOM, CRLF, blank lines, a 10 MB line) give exit 0 and, where the file
/// is not canonical, a warning. See docs/ERRORS.md.
@Suite struct MalformedInputTests {
    /// Writes `bytes` as `input.jsonl` in a temp folder and runs `tashih verify` on it.
    func verify(_ bytes: [UInt8], extra: [String] = []) throws -> CLIResult {
        let dir = try CLI.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(bytes).write(to: dir.appendingPathComponent("input.jsonl"))
        return try CLI.run(["verify", "input.jsonl"] + extra, in: dir)
    }

    func verify(lines: [String], extra: [String] = []) throws -> CLIResult {
        try verify(Array((lines.joined(separator: "\n") + "\n").utf8), extra: extra)
    }

    @Test func validRecordsPass() throws {
        let r = try verify(lines: [Fixture.validRecord(id: "a"), Fixture.validRecord(id: "b")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 record(s), 6 span(s), 0 error(s), 0 warning(s)"))
    }

    @Test func truncatedLine() throws {
        let full = Fixture.validRecord()
        let cut = String(full.unicodeScalars.prefix(60))
        let r = try verify(lines: [Fixture.validRecord(id: "ok"), cut])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input.jsonl:2:"))
        #expect(r.stderr.contains("unterminated string") || r.stderr.contains("truncated"))
    }

    @Test func badEscape() throws {
        let r = try verify(lines: [#"{"id":"x","text":"قال \q المصدر"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input.jsonl:1:"))
        #expect(r.stderr.contains("invalid escape '\\q'"))
    }

    @Test func loneSurrogate() throws {
        let r = try verify(lines: [#"{"id":"x","text":"داعش \ud83d هنا"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("lone high surrogate"))
    }

    @Test func invalidUTF8ReportsItsBytePosition() throws {
        var bytes = Array(#"{"id":"x","text":"قسد "#.utf8)
        let at = bytes.count
        bytes.append(0xFF)
        bytes += Array("\"}\n".utf8)
        let r = try verify(bytes)
        #expect(r.status == 1)
        #expect(r.stderr.contains("invalid UTF-8 at byte \(at)"))
        #expect(r.stderr.contains("iconv"))
    }

    @Test func numberOverflowInAnOffset() throws {
        let r = try verify(lines: [#"{"id":"x","text":"نحو ٢٠٠ عنصر","spans":[{"start":1e400,"end":3,"label":"COUNT"}]}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("out of range"))
    }

    @Test func integerTooBigForAnOffset() throws {
        let r = try verify(lines: [
            #"{"id":"x","text":"نحو ٢٠٠ عنصر","spans":[{"start":99999999999999999999,"end":3,"label":"COUNT"}]}"#
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not fit in 64 bits"))
    }

    @Test func offsetPastTheEnd() throws {
        let n = Fixture.text.unicodeScalars.count
        let r = try verify(lines: [
            Fixture.record(id: "x", spans: ["{\"start\":\(n - 2),\"end\":\(n + 1),\"label\":\"ARMED_GROUP\"}"])
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"x\" span 1"))
        #expect(r.stderr.contains("past the end of the text (\(n) scalars)"))
    }

    @Test func startNotBeforeEnd() throws {
        let r = try verify(lines: [Fixture.record(id: "x", spans: [#"{"start":7,"end":7,"label":"COUNT"}"#])])
        #expect(r.status == 1)
        #expect(r.stderr.contains("start 7 is not before end 7"))
    }

    @Test func unknownLabel() throws {
        let r = try verify(lines: [Fixture.record(id: "x", spans: [Fixture.span("قسد", "MILITIA")])])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown label MILITIA"))
        #expect(r.stderr.contains("ARMED_GROUP"))  // the hint lists the schema's labels
    }

    @Test func attributeOfTheWrongType() throws {
        let r = try verify(lines: [Fixture.record(id: "x", spans: [Fixture.span("١٢", "COUNT", attrs: #"{"value":"twelve"}"#)])])
        #expect(r.status == 1)
        #expect(r.stderr.contains("attribute value must be a number, found a string"))
    }

    @Test func attributeValueNotAllowed() throws {
        let r = try verify(lines: [
            Fixture.record(id: "x", spans: [Fixture.span("١٢", "COUNT", attrs: #"{"qualifier":"roughly"}"#)])
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("attribute qualifier cannot be \"roughly\""))
        #expect(r.stderr.contains("at_least"))
    }

    @Test func attributeTheLabelDoesNotTake() throws {
        let r = try verify(lines: [
            Fixture.record(id: "x", spans: [Fixture.span("١٢", "PERCENT", attrs: #"{"category":"killed"}"#)])
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("label PERCENT has no attribute category"))
    }

    @Test func duplicateID() throws {
        let r = try verify(lines: [
            Fixture.validRecord(id: "same"), Fixture.validRecord(id: "other"), Fixture.validRecord(id: "same"),
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input.jsonl:3: error: record \"same\": duplicate id (first on line 1)"))
    }

    @Test func emptyFile() throws {
        let r = try verify([])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the file holds no records"))
    }

    @Test func byteOrderMarkIsToleratedWithAWarning() throws {
        let r = try verify([0xEF, 0xBB, 0xBF] + Array((Fixture.validRecord() + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("byte-order mark"))
        #expect(r.stdout.contains("1 record(s), 3 span(s)"))
        let strict = try verify([0xEF, 0xBB, 0xBF] + Array((Fixture.validRecord() + "\n").utf8), extra: ["--strict"])
        #expect(strict.status == 1)
    }

    @Test func crlfIsToleratedWithAWarning() throws {
        let r = try verify(Array((Fixture.validRecord(id: "a") + "\r\n" + Fixture.validRecord(id: "b") + "\r\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("CRLF"))
        #expect(r.stdout.contains("2 record(s)"))
    }

    @Test func blankLinesAreSkippedAndNamed() throws {
        let r = try verify(lines: [Fixture.validRecord(id: "a"), "", "   ", Fixture.validRecord(id: "b")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("input.jsonl:2: warning: blank line skipped"))
        #expect(r.stderr.contains("input.jsonl:3: warning: blank line skipped"))
        #expect(r.stdout.contains("2 record(s)"))
    }

    @Test func aTenMegabyteLineReads() throws {
        let body = String(repeating: "قُتِلَ ١٢ مدنيّاً 🙂 ", count: 280_000)
        let line =
            "{\"id\":\"big\",\"text\":\"\(body)\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"COUNT\",\"text\":\"قُتِلَ\"}]}"
        #expect(line.utf8.count > 10_000_000)
        let r = try verify(lines: [line, Fixture.validRecord(id: "after")])
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        #expect(r.stdout.contains("2 record(s), 4 span(s)"))
    }

    @Test func spanTextThatDoesNotMatchItsOffsets() throws {
        // UTF-16 offsets after the emoji are one too far: the text check catches it.
        let (s, e) = Fixture.range(of: "قسد")
        let r = try verify(lines: [
            Fixture.record(id: "x", spans: ["{\"start\":\(s + 1),\"end\":\(e + 1),\"label\":\"ARMED_GROUP\",\"text\":\"قسد\"}"])
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("span text \"قسد\" differs from the document's"))
        #expect(r.stderr.contains("UTF-16"))
    }

    @Test func textHashMismatch() throws {
        let r = try verify(lines: [#"{"id":"x","text":"قسد","text_hash":"sha256:0000"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\"text_hash\" does not match the text"))
    }

    @Test func missingTextAndID() throws {
        let r = try verify(lines: [#"{"id":"x"}"#, #"{"text":"قسد"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input.jsonl:1: error: record \"x\": the record has no \"text\""))
        #expect(r.stderr.contains("input.jsonl:2: error: the record has no \"id\""))
    }

    @Test func aLineThatIsNotAnObject() throws {
        let r = try verify(lines: [#"["قسد", 1]"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("a record must be a JSON object, found an array"))
    }

    @Test func duplicateKey() throws {
        let r = try verify(lines: [#"{"id":"x","text":"قسد","id":"y"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("duplicate key \"id\""))
    }

    @Test func everyBadLineIsReportedNotOnlyTheFirst() throws {
        let r = try verify(lines: [#"{"id":"a","text":"#, Fixture.validRecord(id: "b"), #"{"id":"c","text":"x\q"}"#])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input.jsonl:1:"))
        #expect(r.stderr.contains("input.jsonl:3:"))
        #expect(r.stderr.contains("1 record(s), 3 span(s), 2 error(s)"))
    }

    @Test func aSpanEdgeBetweenALetterAndItsHarakaIsAWarning() throws {
        // "قُتِلَ": ending the span after ق splits ق from its damma.
        let (s, _) = Fixture.range(of: "قُتِلَ")
        let r = try verify(lines: [Fixture.record(id: "x", spans: ["{\"start\":\(s),\"end\":\(s + 1),\"label\":\"COUNT\"}"])])
        #expect(r.status == 0)
        #expect(r.stderr.contains("splits a character from its mark (U+064F)"))
    }

    @Test func badUsageExits64() throws {
        let dir = try CLI.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["stats", "x.jsonl", "--format", "yaml"], in: dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown format 'yaml'"))
    }
}
