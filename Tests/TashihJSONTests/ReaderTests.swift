import Foundation
import Testing

@testable import TashihJSON

/// A second valid record, with a nested meta and spans.
let spanLine =
    #"{"id":"r2","meta":{"para":3,"source":"seed-002"},"spans":[{"end":14,"label":"ARMED_GROUP","start":9}],"text":"قصفت لـ«قسد» ١٢ 𝐀"}"#

@Suite("Reading whole files")
struct ReaderFileTests {
    @Test func emptyFileThrowsEmptyFile() throws {
        let dir = TempDir()
        let path = dir.write("empty.jsonl", [UInt8]())
        do {
            try JSONLReader.forEachRecord(path: path, displayName: "empty.jsonl") { _ in }
            Issue.record("an empty file was accepted")
        } catch let e as JSONLError {
            #expect(e.code == .emptyFile)
            #expect(e.line == 0)
            #expect(e.description == "empty.jsonl: error: the file holds no records (a JSONL file has one JSON object per line)")
        }
    }

    @Test func fileOfOnlyBlankLinesIsEmptyAndItsBlankLinesAreRecorded() throws {
        let dir = TempDir()
        let path = dir.write("blank.jsonl", "\n   \n\t\r\n\n")
        let reader = try JSONLReader(path: path)
        #expect(try reader.next() == nil)
        #expect(reader.blankLines == [1, 2, 3, 4])
        #expect(reader.recordCount == 0)
        #expect(throws: JSONLError.self) { try JSONLReader.forEachRecord(path: path) { _ in } }
        do {
            try JSONLReader.forEachRecord(path: path) { _ in }
        } catch let e as JSONLError {
            #expect(e.code == .emptyFile)
        }
    }

    @Test func missingFileIsAnIOErrorNamingThePath() {
        do {
            _ = try JSONLReader(path: "/nonexistent/tashih/x.jsonl")
            Issue.record("opened a missing file")
        } catch {
            #expect(error.code == .io)
            #expect(error.description.hasPrefix("/nonexistent/tashih/x.jsonl: error: cannot open the file: "))
        }
    }

    @Test func forEachRecordGivesEveryRecordWithItsLine() throws {
        let dir = TempDir()
        let path = dir.write("two.jsonl", goodLine + "\n\n" + spanLine + "\n")
        var lines: [Int] = []
        var ids: [String] = []
        try JSONLReader.forEachRecord(path: path) { r in
            lines.append(r.line)
            ids.append(r.object["id"]?.stringValue ?? "?")
        }
        #expect(lines == [1, 3])
        #expect(ids == ["r1", "r2"])
    }

    @Test func byteOrderMarkIsSkippedAndRecorded() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((goodLine + "\n" + spanLine + "\n").utf8)
        let result = readAll(bytes)
        #expect(result.error == nil)
        #expect(result.reader?.sawBOM == true)
        #expect(result.records.map(\.line) == [1, 2])
        // Offsets are file offsets: the first record starts after the 3 BOM bytes.
        #expect(result.records[0].byteOffset == 3)
        #expect(result.records[1].byteOffset == 3 + goodLine.utf8.count + 1)
        #expect(result.records[0].object["id"] == "r1")
    }

    @Test func byteOrderMarkDoesNotCountAsAColumn() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"نص":x}"#.utf8) + [0x0A]
        let e = try #require(readAll(bytes).error)
        #expect(e.code == .unexpectedCharacter)
        #expect(e.line == 1)
        #expect(e.column == 7)
        #expect(e.byteOffset == 3 + 8)
    }

    @Test func byteOrderMarkLaterInTheFileIsAnError() {
        let bytes = Array((goodLine + "\n").utf8) + [0xEF, 0xBB, 0xBF] + Array(spanLine.utf8)
        let e = readAll(bytes).error
        #expect(e?.code == .unexpectedCharacter)
        #expect(e?.line == 2)
        #expect(e?.message == "expected a value, found '\u{FEFF}'")
    }

    @Test func noByteOrderMarkIsReportedAsNone() {
        let result = readAll(Array((goodLine + "\n").utf8))
        #expect(result.reader?.sawBOM == false)
        #expect(result.reader?.sawCRLF == false)
    }

    @Test func crlfLineEndsAreToleratedAndDropped() throws {
        let text = #"{"text":"سطر أول"}"# + "\r\n" + #"{"text":"مَدَنِيّاً"}"# + "\r\n\r\n" + spanLine + "\r\n"
        let result = readAll(Array(text.utf8))
        #expect(result.error == nil)
        #expect(result.reader?.sawCRLF == true)
        #expect(result.records.map(\.line) == [1, 2, 4])
        #expect(result.reader?.blankLines == [3])
        for r in result.records {
            let t = try #require(r.object["text"]?.stringValue)
            #expect(!t.unicodeScalars.contains("\r"))
        }
        #expect(result.records[2].byteOffset == text.utf8.count - spanLine.utf8.count - 2)
    }

    @Test func crlfLineErrorsStillHaveTheRightColumn() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, #"{"text":"حلب"⏩"#], lineEnd: "\r\n"))
        expectError(.badEscape, MarkedJSONL([goodLine, #"{"text":"حلب ⏩\x"}"#], lineEnd: "\r\n"))
    }

    @Test func blankLinesInTheMiddleAreSkippedAndLaterLineNumbersStayRight() {
        let fixture = MarkedJSONL(["", goodLine, "", "   \t", spanLine, "", #"{"id":⏩}"#])
        let result = readAll(fixture.bytes)
        #expect(result.records.map(\.line) == [2, 5])
        #expect(result.reader?.blankLines == [1, 3, 4, 6])
        #expect(result.error?.line == 7)
        #expect(result.error?.column == fixture.column)
        #expect(result.error?.byteOffset == fixture.byteOffset)
    }

    @Test func lastLineWithoutANewlineIsRead() {
        let result = readAll(Array((goodLine + "\n" + spanLine).utf8))
        #expect(result.error == nil)
        #expect(result.records.map(\.line) == [1, 2])
        #expect(result.records[1].object["id"] == "r2")
    }

    @Test func truncatedLastLineWithoutANewlineIsReportedOnItsLine() {
        expectError(.unexpectedEnd, MarkedJSONL([goodLine, spanLine, #"{"text":⏩"مدنياً"#], finalNewline: false))
    }

    @Test func unicodeLineSeparatorsInsideStringsAreNotLineEnds() throws {
        // U+2028, U+2029 and U+0085 are line breaks to Unicode but not to JSONL.
        let text = "{\"text\":\"أ\u{2028}ب\u{2029}ج\u{85}د 🙂\"}\n" + goodLine + "\n"
        let result = readAll(Array(text.utf8))
        #expect(result.error == nil)
        #expect(result.records.count == 2)
        let t = try #require(result.records[0].object["text"]?.stringValue)
        #expect(t.unicodeScalars.elementsEqual("أ\u{2028}ب\u{2029}ج\u{85}د 🙂".unicodeScalars))
        #expect(result.records[1].line == 2)
    }

    @Test func nextLineReturnsBlankLinesAndStripsLineEnds() throws {
        let dir = TempDir()
        let path = dir.write("raw.jsonl", "a\r\n\n  \nب")
        let reader = try JSONLReader(path: path)
        var got: [(Int, Int, [UInt8])] = []
        while let l = try reader.nextLine() { got.append((l.line, l.byteOffset, Array(l.bytes))) }
        #expect(got.map(\.0) == [1, 2, 3, 4])
        #expect(got.map(\.1) == [0, 3, 4, 7])
        #expect(got.map(\.2) == [Array("a".utf8), [], Array("  ".utf8), Array("ب".utf8)])
        #expect(reader.bytesRead == 9)
    }

    @Test func readingGoesOnAfterABadLine() throws {
        // A caller that reports every bad line calls next() again after an error. The bad line
        // stops deep inside nested containers; what the parse had collected must not leak into
        // the next record.
        let bad = #"{"meta":{"a":[{"b":1},{"c":[1,2,{"d":"مَدَنِيّاً"#
        let dir = TempDir()
        let path = dir.write("many.jsonl", [goodLine, bad, spanLine, "[1]", goodLine].joined(separator: "\n"))
        let reader = try JSONLReader(path: path)
        var seen: [String] = []
        for _ in 0..<5 {
            do {
                guard let r = try reader.next() else { break }
                seen.append("\(r.line):" + JSONWriter.string(.object(r.object)))
            } catch {
                seen.append("\(error.line):\(error.code)")
            }
        }
        let expected: [String] = [
            "1:" + goodLine, "2:unexpectedEnd", "3:" + spanLine, "4:notAnObject", "5:" + goodLine,
        ]
        #expect(seen == expected)
        #expect(try reader.next() == nil)
    }

    @Test func readsFromAFileDescriptor() throws {
        let dir = TempDir()
        let path = dir.write("fd.jsonl", goodLine + "\n" + spanLine + "\n")
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = JSONLReader(fileDescriptor: fd, displayName: "<fd>", chunkSize: 7)
        var ids: [String] = []
        while let r = try reader.next() { ids.append(r.object["id"]?.stringValue ?? "?") }
        #expect(ids == ["r1", "r2"])
    }
}

@Suite("Long lines")
struct LongLineTests {
    /// A 10 MB record of Arabic with harakat, tatweel, digits and emoji.
    static let bigText: String = {
        let piece = "مَدَنِيّاً لـ«قسد» ١٢ 🙂 𝐀 "
        let n = 10_000_000 / piece.utf8.count + 1
        return String(repeating: piece, count: n)
    }()
    static let bigLine = #"{"id":"big","text":""# + bigText + #""}"#

    @Test func tenMegabyteLineReadsWithDefaultLimits() throws {
        #expect(Self.bigLine.utf8.count > 10_000_000)
        let result = readAll(Array((goodLine + "\n" + Self.bigLine + "\n" + spanLine + "\n").utf8))
        #expect(result.error == nil)
        #expect(result.records.map(\.line) == [1, 2, 3])
        let t = try #require(result.records[1].object["text"]?.stringValue)
        #expect(t.utf8.count == Self.bigText.utf8.count)
        #expect(t.unicodeScalars.elementsEqual(Self.bigText.unicodeScalars))
    }

    @Test func tenMegabyteLineReadsWithSmallChunks() {
        let result = readAll(Array((Self.bigLine + "\n" + spanLine).utf8), chunkSize: 4096)
        #expect(result.error == nil)
        #expect(result.records.count == 2)
    }

    @Test func tenMegabyteLineIsTooLongForAOneMegabyteLimit() throws {
        let bytes = Array((goodLine + "\n" + Self.bigLine + "\n" + spanLine + "\n").utf8)
        let result = readAll(bytes, chunkSize: 64 * 1024, maxLineBytes: 1 << 20)
        let e = try #require(result.error)
        #expect(e.code == .lineTooLong)
        #expect(e.line == 2)
        #expect(e.byteOffset == goodLine.utf8.count + 1)
        #expect(e.description.hasPrefix("in.jsonl:2: error: line is longer than 1048576 bytes"))
        #expect(result.records.count == 1)
    }

    /// Reads every line of `bytes`, going on after errors: "line:id" or "line:code".
    static func readOn(_ bytes: [UInt8], chunkSize: Int, maxLineBytes: Int) throws -> [String] {
        let dir = TempDir()
        let path = dir.write("on.jsonl", bytes)
        let reader = try JSONLReader(path: path, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        var seen: [String] = []
        while seen.count < 20 {
            do {
                guard let r = try reader.next() else { break }
                seen.append("\(r.line):\(r.object["id"]?.stringValue ?? "?")")
            } catch {
                seen.append("\(error.line):\(error.code)")
            }
        }
        return seen
    }

    @Test(arguments: [16, 1000, 64 * 1024])
    func readingGoesOnAfterATooLongLine(_ chunkSize: Int) throws {
        let limit = 4000
        // Far past the limit (dropped as it streams in), just past it (caught when the line
        // ends), one at the end of the file without a newline.
        let far = #"{"id":"far","t":""# + String(repeating: "مَدَنِيّاً ", count: 2000) + #""}"#
        let near = #"{"id":"near","t":""# + String(repeating: "x", count: limit - 19) + #""}"#
        #expect(near.utf8.count == limit + 1)
        let lines = [goodLine, far, spanLine, near, "", goodLine, far]
        let seen = try Self.readOn(Array(lines.joined(separator: "\r\n").utf8), chunkSize: chunkSize, maxLineBytes: limit)
        #expect(seen == ["1:r1", "2:lineTooLong", "3:r2", "4:lineTooLong", "6:r1", "7:lineTooLong"])
    }

    @Test func tooLongFirstLineAfterABOMIsSkippedWhole() throws {
        let far = #"{"id":"far","t":""# + String(repeating: "🙂", count: 3000) + #""}"#
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((far + "\n" + goodLine + "\n").utf8)
        let seen = try Self.readOn(bytes, chunkSize: 100, maxLineBytes: 1000)
        #expect(seen == ["1:lineTooLong", "2:r1"])
    }

    @Test func lineExactlyAtTheLimitIsAccepted() {
        let line = #"{"t":""# + String(repeating: "ب", count: 100) + #""}"#
        let n = line.utf8.count
        #expect(readAll(Array((line + "\n").utf8), chunkSize: 16, maxLineBytes: n).error == nil)
        #expect(readAll(Array((line + "\r\n").utf8), chunkSize: 16, maxLineBytes: n).error == nil)
        #expect(readAll(Array((line + "\n").utf8), chunkSize: 16, maxLineBytes: n - 1).error?.code == .lineTooLong)
        #expect(readAll(Array(line.utf8), chunkSize: 16, maxLineBytes: n - 1).error?.code == .lineTooLong)
    }
}

@Suite("Chunk boundaries")
struct ChunkBoundaryTests {
    /// A file whose lines cover the cases a boundary can split: BOM, CRLF, blank lines, a long
    /// line, multi-byte scalars, escapes, and a last line without a newline.
    static let file: [UInt8] = {
        var rng = SplitMix64(seed: 0x7A5_419)
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        let pieces = ["مَدَنِيّاً", "لـ«قسد»", "١٢", "🙂", "𝐀", "\\n", "\\\"", "a", " ", "\\u0645", "\u{2028}"]
        for i in 0..<60 {
            if rng.next() % 7 == 0 { bytes += Array((rng.next() % 2 == 0 ? "\n" : "  \r\n").utf8) }
            let words = Int(rng.next() % (i == 30 ? 3000 : 40))
            var text = ""
            for _ in 0..<words { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let line = #"{"i":\#(i),"meta":{"k":[1,-2.5,true,null]},"text":"\#(text)"}"#
            bytes += Array(line.utf8)
            if i < 59 { bytes += Array((rng.next() % 3 == 0 ? "\r\n" : "\n").utf8) }
        }
        return bytes
    }()

    struct Snapshot: Equatable {
        var lines: [Int]
        var offsets: [Int]
        var written: [[UInt8]]
        var blankLines: [Int]
        var sawBOM: Bool
        var sawCRLF: Bool
    }

    static func snapshot(chunkSize: Int) -> Snapshot? {
        let result = readAll(file, chunkSize: chunkSize)
        guard result.error == nil, let r = result.reader else { return nil }
        return Snapshot(
            lines: result.records.map(\.line), offsets: result.records.map(\.byteOffset),
            written: result.records.map { JSONWriter.bytes(.object($0.object)) },
            blankLines: r.blankLines, sawBOM: r.sawBOM, sawCRLF: r.sawCRLF)
    }

    static let reference = snapshot(chunkSize: 1 << 20)

    @Test func referenceReadIsSane() throws {
        let ref = try #require(Self.reference)
        #expect(ref.lines.count == 60)
        #expect(ref.sawBOM && ref.sawCRLF)
        #expect(!ref.blankLines.isEmpty)
        #expect(ref.offsets[0] == 3)
        // Every offset points at the '{' that starts its line.
        for o in ref.offsets { #expect(Self.file[o] == UInt8(ascii: "{")) }
    }

    /// Every chunk size from 1 to 300, the sizes around powers of two, and some primes: the
    /// records, their lines and offsets must not depend on where the reads split the file.
    @Test(arguments: Array(1...300) + [509, 1021, 2039, 4093, 4095, 4096, 4097, 8191, 8192, 8193, 65_537])
    func sameRecordsWhateverTheChunkSize(_ chunkSize: Int) throws {
        let ref = try #require(Self.reference)
        let got = Self.snapshot(chunkSize: chunkSize)
        // Compared field by field, so a failure says what differs without printing the file.
        #expect(got != nil, "the file did not read")
        guard let got else { return }
        #expect(got.lines == ref.lines)
        #expect(got.offsets == ref.offsets)
        #expect(got.blankLines == ref.blankLines)
        #expect(got.sawBOM == ref.sawBOM && got.sawCRLF == ref.sawCRLF)
        let firstDifferent = zip(got.written, ref.written).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(got.written.count == ref.written.count && firstDifferent == nil, "record \(firstDifferent ?? -1) differs")
    }

    @Test(arguments: [1, 2, 3, 5, 64, 4096])
    func errorOnTheLastLineHasTheSameLocationWhateverTheChunkSize(_ chunkSize: Int) throws {
        let fixture = MarkedJSONL([goodLine, "", spanLine, #"{"text":"مَدَنِيّاً ⏩\q"}"#], lineEnd: "\r\n")
        let e = try #require(readAll(fixture.bytes, chunkSize: chunkSize).error)
        #expect(e.code == .badEscape)
        #expect(e.line == 4)
        #expect(e.column == fixture.column)
        #expect(e.byteOffset == fixture.byteOffset)
    }
}
