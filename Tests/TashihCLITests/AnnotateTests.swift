import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tashih annotate` end to end, in scripted mode (stdin not a terminal).
@Suite struct AnnotateTests {
    /// A workspace holding a copy of the shipped dataset (records and suggestions, no journals),
    /// the guidelines and the lexicons.
    static func seedWorkspace() throws -> URL {
        let dir = try CLI.workspace()
        let fm = FileManager.default
        let src = CLI.repoRoot.appendingPathComponent("datasets")
        try fm.createDirectory(
            at: dir.appendingPathComponent("datasets/hajin-2018/suggestions"), withIntermediateDirectories: true)
        for f in ["hajin-2018/records.jsonl", "hajin-2018/suggestions/builtin.jsonl"] {
            try fm.copyItem(at: src.appendingPathComponent(f), to: dir.appendingPathComponent("datasets/" + f))
        }
        try fm.copyItem(at: src.appendingPathComponent("lexicons"), to: dir.appendingPathComponent("datasets/lexicons"))
        try fm.copyItem(at: CLI.repoRoot.appendingPathComponent("guidelines"), to: dir.appendingPathComponent("guidelines"))
        return dir
    }

    /// A seed record corrected from its suggestions — with the detours an annotator takes (a
    /// wrong relabel undone, an edge moved and moved back, an attribute changed and restored, a
    /// span added, undone, redone and deleted, a mistyped command) — ends as the gold the
    /// guidelines give for it (guidelines/actors.md and numbers.md, the seed 001 rows), byte
    /// for byte in the release.
    @Test func aScriptedSessionCorrectsASeedRecordToTheExpectedGold() throws {
        let dir = try Self.seedWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            g 001_c95e10aa802ba0b4:p1
            l 1 STATE
            u
            a 1 2
            +e 3
            -e 3
            = 5 counted=مقاتل
            gl COUNT
            = 5 counted=حي
            n PERSON "مقاتلاً سورياً"
            u
            rd
            acept 4
            d 4
            aa
            q

            """
        let r = try CLI.run(["annotate", "hajin-2018", "--as", "amal"], in: dir, stdin: Data(script.utf8))
        // The mistyped command is reported with its line and a suggestion; the session went on.
        #expect(r.status == 1)
        #expect(r.stderr == "stdin:13: error: unknown command \"acept\" — did you mean \"accept\"? (h lists the commands)\n")
        #expect(r.stdout.contains("ok #1 relabel 6..15 STATE_FORCE → STATE"))
        #expect(r.stdout.contains("ok #2 undo #1"))
        #expect(r.stdout.contains("ok #5 move 43..45 → 43..53 COUNT"))
        #expect(r.stdout.contains("## COUNT"))
        #expect(r.stdout.contains("ok #9 add 46..60 PERSON"))
        #expect(r.stdout.contains("ok #11 undo #10"))
        #expect(r.stdout.contains("ok #12 delete 46..60 PERSON"))
        #expect(r.stdout.contains("ok #14 done 001_c95e10aa802ba0b4:p1"))
        #expect(r.stdout.contains("record 001_c95e10aa802ba0b4:p2"))  // aa went on to the next record
        #expect(r.stdout.contains("1 record(s) done (1 done in all, 56 left)"))
        let rel = try CLI.run(["release", "hajin-2018", "-m", "one record"], in: dir)
        #expect(rel.status == 0, "\(rel.stderr)")
        let got = try Data(contentsOf: dir.appendingPathComponent("datasets/hajin-2018/releases/v1/records.jsonl"))
        let want = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("Tests/TashihCLITests/Golden/annotate-001-p1.jsonl"))
        #expect(got == want, "\(String(decoding: got, as: UTF8.self))")
        // Reopening continues after the finished record.
        let again = try CLI.run(["annotate", "hajin-2018", "--as", "amal"], in: dir, stdin: Data("q\n".utf8))
        #expect(again.status == 0)
        #expect(again.stdout.contains("queue unfinished 1/56 · done 1/57, 56 left"))
        #expect(again.stdout.contains("record 000_05fc8e077b5a9adb:p1"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let dir = try Self.seedWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try CLI.run(["annotate", "hajin-2018", "--as", "Amal Z"], in: dir, stdin: Data())
        #expect(a.status == 1 && a.stderr.contains("is not a valid annotator name"))
        let b = try CLI.run(["annotate", "hajin-2018", "--as", "amal", "--label", "MILITIA"], in: dir, stdin: Data())
        #expect(b.status == 64 && b.stderr.contains("unknown label MILITIA"))
        let c = try CLI.run(["annotate", "hajin-2018", "--as", "amal", "--queue", "later"], in: dir, stdin: Data())
        #expect(c.status == 64)
        let d = try CLI.run(["annotate", "nosuch", "--as", "amal"], in: dir, stdin: Data())
        #expect(d.status == 1 && d.stderr.contains("nosuch"))
    }

    /// kill -9 in the middle of a session: every correction acknowledged on stdout is in the
    /// journal, the journal is sound, and the next session opens where the first one stopped.
    @Test func sigkillLosesNoAcknowledgedCorrection() throws {
        let dir = try Self.seedWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let child = try Child(args: ["annotate", "hajin-2018", "--as", "amal"], in: dir)
        try child.waitFor("record 000_05fc8e077b5a9adb:p1")
        var expected = 0
        // Acknowledged commands: each waits for its last event's acknowledgement.
        for (command, events) in [("aa", 14), ("a 1", 1), ("r 2", 1), ("l 3 COALITION", 1), ("= 3 actor_id=US", 1), ("+e 4", 1)] {
            child.send(command)
            expected += events
            try child.waitFor("ok #\(expected) ")
        }
        // Commands in flight when the process dies.
        child.send("aa")
        child.send("a 1")
        child.kill()
        let printed = child.drain()
        var acked: [Int: String] = [:]
        for line in printed.split(separator: "\n") where line.hasPrefix("ok #") {
            let rest = line.dropFirst(4)
            let seq = Int(rest.prefix { $0.isNumber })!
            acked[seq] = String(rest.drop { $0.isNumber }.dropFirst())
        }
        #expect(acked.count >= expected)
        // Every acknowledged event is in the journal, as acknowledged (seq n on line n).
        let journal = dir.appendingPathComponent("datasets/hajin-2018/journals/amal.jsonl")
        let lines = String(decoding: try Data(contentsOf: journal), as: UTF8.self).split(separator: "\n")
        #expect(lines.count >= acked.count)
        for (seq, what) in acked {
            let line = String(lines[seq - 1])
            #expect(line.contains("\"seq\":\(seq),"), "\(line)")
            let kind = what.split(separator: " ").first.map(String.init) ?? ""
            #expect(line.contains("\"kind\":\"\(kind)\""), "#\(seq) \(what): \(line)")
        }
        let check = try CLI.run(["verify", "hajin-2018"], in: dir)
        #expect(check.status == 0, "\(check.stderr)")
        // Reopen: the record of the last event, unless it was finished, else the next unfinished.
        let reopened = try CLI.run(["annotate", "hajin-2018", "--as", "amal"], in: dir, stdin: Data("q\n".utf8))
        #expect(reopened.status == 0, "\(reopened.stderr)")
        let p2Done = lines.contains { $0.contains("\"kind\":\"done\"") && $0.contains("000_05fc8e077b5a9adb:p2") }
        let expectedRecord = p2Done ? "000_05fc8e077b5a9adb:p3" : "000_05fc8e077b5a9adb:p2"
        #expect(reopened.stdout.contains("record \(expectedRecord) "), "\(reopened.stdout.prefix(300))")
        // The acknowledged decisions are the working state: 000:p1 fully accepted, 000:p2 edited.
        let blame = try CLI.run(["blame", "hajin-2018", "000_05fc8e077b5a9adb:p1"], in: dir)
        #expect(blame.stdout.hasPrefix("hajin-2018 000_05fc8e077b5a9adb:p1: 13 gold span(s), 0 open suggestion(s)"))
        let blame2 = try CLI.run(["blame", "hajin-2018", "000_05fc8e077b5a9adb:p2"], in: dir)
        #expect(blame2.stdout.contains("relabel") && blame2.stdout.contains("set_attribute") && blame2.stdout.contains("move"))
    }
}

/// A `tashih` child process fed line by line, its stdout read as it comes.
final class Child {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var seen = ""

    init(args: [String], in dir: URL) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = args
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TASHIH_WORKSPACE")
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data((line + "\n").utf8)) }

    /// Reads stdout until `text` has been printed (20 s at most).
    func waitFor(_ text: String) throws {
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(20)
        var buf = [UInt8](repeating: 0, count: 65536)
        while !seen.contains(text) {
            guard Date() < deadline else { throw CLIError("timed out waiting for \(text); got: \(seen.suffix(500))") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 200) > 0 {
                let n = read(fd, &buf, buf.count)
                if n <= 0 { throw CLIError("the process ended before printing \(text); got: \(seen.suffix(500))") }
                seen += String(decoding: buf[0..<n], as: UTF8.self)
            }
        }
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
    }

    /// Everything the process printed, up to its death.
    func drain() -> String {
        seen += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return seen
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
