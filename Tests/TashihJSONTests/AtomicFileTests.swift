import Foundation
import Testing

@testable import TashihJSON

@Suite("Atomic file writes")
struct AtomicFileTests {
    func contents(_ path: String) -> String? {
        guard let bytes = try? readFileBytes(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func commitReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let dir = TempDir()
        let path = dir.write("gold.jsonl", goodLine + "\n")
        let w = try AtomicFileWriter(path: path)
        try w.write(spanLine + "\n")
        // Until the commit, readers still see the old file.
        #expect(contents(path) == goodLine + "\n")
        try w.commit()
        #expect(contents(path) == spanLine + "\n")
        #expect(dir.names() == ["gold.jsonl"])
    }

    @Test func commitCreatesAFileThatDidNotExist() throws {
        let dir = TempDir()
        try writeFileAtomically(Array("مَدَنِيّاً 🙂\n".utf8), to: dir.path + "/new.jsonl")
        #expect(contents(dir.path + "/new.jsonl") == "مَدَنِيّاً 🙂\n")
        #expect(dir.names() == ["new.jsonl"])
    }

    @Test func abortLeavesTheOldFileAndNoTemporaryFile() throws {
        let dir = TempDir()
        let path = dir.write("gold.jsonl", goodLine + "\n")
        let w = try AtomicFileWriter(path: path)
        try w.write(Array(repeating: UInt8(ascii: "x"), count: 3 << 20))  // past the 1 MiB buffer
        #expect(dir.names().count == 2)  // the temporary file exists while writing
        w.abort()
        #expect(contents(path) == goodLine + "\n")
        #expect(dir.names() == ["gold.jsonl"])
    }

    @Test func writerDroppedWithoutCommitActsAsAbort() throws {
        let dir = TempDir()
        let path = dir.write("gold.jsonl", "old\n")
        do {
            let w = try AtomicFileWriter(path: path)
            try w.write("new\n")
        }
        #expect(contents(path) == "old\n")
        #expect(dir.names() == ["gold.jsonl"])
    }

    @Test func largeWritesArriveWhole() throws {
        let dir = TempDir()
        let path = dir.path + "/big.jsonl"
        let w = try AtomicFileWriter(path: path)
        var expected: [UInt8] = []
        for i in 0..<20_000 {
            let line = Array(#"{"i":\#(i),"text":"لـ«قسد» ١٢ مَدَنِيّاً 🙂"}"#.utf8) + [0x0A]
            expected += line
            try w.write(line)
        }
        try w.commit()
        #expect(try readFileBytes(path) == expected)
    }

    @Test func modeIsApplied() throws {
        let dir = TempDir()
        let path = dir.path + "/private.jsonl"
        try writeFileAtomically(Array("x".utf8), to: path, mode: 0o600)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
    }

    @Test func writingUnderAMissingDirectoryThrowsAndLeavesNothing() throws {
        let dir = TempDir()
        let path = dir.path + "/no-such-dir/gold.jsonl"
        do {
            _ = try AtomicFileWriter(path: path)
            Issue.record("created a file under a missing directory")
        } catch {
            #expect(error.path == path)
            #expect(error.message.hasPrefix("cannot create a temporary file beside it: "))
            #expect(error.hint == "check that the directory exists")
            #expect(error.description.hasPrefix("\(path): error: cannot create a temporary file"))
        }
        #expect(dir.names().isEmpty)
    }

    @Test func writingIntoAReadOnlyDirectoryThrowsAndLeavesNothing() throws {
        let dir = TempDir()
        let ro = dir.path + "/ro"
        try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: false)
        chmod(ro, 0o555)
        defer { chmod(ro, 0o755) }
        // Root ignores directory permissions: only run where they bite.
        let probe = ro + "/probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd >= 0 {
            close(fd)
            unlink(probe)
            #expect(geteuid() == 0, "permissions were ignored for a non-root user")
            return
        }
        #expect(throws: FileError.self) { try writeFileAtomically(Array("x".utf8), to: ro + "/gold.jsonl") }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: ro))?.isEmpty == true)
    }

    @Test func commitOverADirectoryThrowsAndRemovesTheTemporaryFile() throws {
        let dir = TempDir()
        let target = dir.path + "/gold.jsonl"
        try FileManager.default.createDirectory(atPath: target + "/inside", withIntermediateDirectories: true)
        let w = try AtomicFileWriter(path: target)
        try w.write("data\n")
        #expect(throws: FileError.self) { try w.commit() }
        #expect(dir.names() == ["gold.jsonl"])
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue)
    }

    @Test func readFileBytesOfAMissingFileThrowsFileError() {
        do {
            _ = try readFileBytes("/nonexistent/tashih.txt")
            Issue.record("read a missing file")
        } catch {
            #expect(error.path == "/nonexistent/tashih.txt")
            #expect(error.hint == "check that the directory exists")
        }
    }
}

@Suite("Error messages")
struct ErrorMessageTests {
    @Test func parseErrorReadsLikeACompilerDiagnostic() throws {
        let fixture = MarkedJSONL([goodLine, #"{"text":"مَدَنِيّاً ⏩\q"}"#])
        let e = try #require(readAll(fixture.bytes).error)
        #expect(
            e.description
                == #"in.jsonl:2:21: error: invalid escape '\q' (valid escapes are \" \\ \/ \b \f \n \r \t \uXXXX)"#)
    }

    @Test func unterminatedStringSaysWhereItOpened() throws {
        let fixture = MarkedJSONL([#"{"id":"r1","text":⏩"حلب"#])
        let e = try #require(readAll(fixture.bytes).error)
        #expect(e.description == "in.jsonl:1:19: error: unterminated string (close the string opened at column 19 with a '\"')")
    }

    @Test func duplicateKeyNamesTheKey() throws {
        let e = try #require(readAll(Array(#"{"نص":1,"نص":2}"#.utf8)).error)
        #expect(e.description == #"in.jsonl:1:9: error: duplicate key "نص" in one object (keep one of them)"#)
    }

    @Test func descriptionFormats() {
        let withHint = JSONLError(
            code: .badNumber, file: "a.jsonl", line: 3, column: 12, byteOffset: 40, message: "m", hint: "h")
        #expect(withHint.description == "a.jsonl:3:12: error: m (h)")
        var noHint = withHint
        noHint.hint = ""
        #expect(noHint.description == "a.jsonl:3:12: error: m")
        var noColumn = withHint
        noColumn.column = 0
        #expect(noColumn.description == "a.jsonl:3: error: m (h)")
        var wholeFile = withHint
        wholeFile.line = 0
        #expect(wholeFile.description == "a.jsonl: error: m (h)")
    }

    @Test func fileErrorDescription() {
        #expect(
            FileError(path: "/x/y", message: "write failed: No space left on device", hint: "free space").description
                == "/x/y: error: write failed: No space left on device (free space)")
        #expect(FileError(path: "/x/y", message: "m").description == "/x/y: error: m")
    }
}
