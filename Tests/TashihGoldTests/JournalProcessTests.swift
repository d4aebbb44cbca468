import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

/// The journal against real processes: SIGKILL mid-append, 8 concurrent annotators, a lock held
/// by another process, a file size limit. They run the built `tashih` binary's hidden `journal`
/// command (`JournalCommand` in the `tashih` target); `scripts/chaos/journal` is the long form
/// (200 kills).
@Suite(.serialized, .enabled(if: JournalFixture.binary != nil, "needs the tashih binary with its journal command"))
struct JournalProcessTests {
    typealias F = JournalFixture

    /// Starts `tashih journal append` as `annotator`; stdout (one seq per stored event) goes to a file.
    static func startAppender(
        _ root: String, annotator: String, events: Int, delayMs: Int = 0, out: String
    ) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: F.binary!)
        p.arguments = ["journal", "append", "demo", "--as", annotator, "--events", String(events), "--delay-ms", String(delayMs)]
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func acknowledged(_ out: String) -> [Int] {
        String(decoding: F.bytes(out), as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
    }

    @Test func everyAcknowledgedEventSurvivesSIGKILL() throws {
        let (root, _, ds, _) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = ds.journalPath(annotator: "amal")
        var acked = 0
        var injected = 0
        var pending = false
        for round in 1...20 {
            let out = root + "/out"
            let p = try Self.startAppender(root, annotator: "amal", events: 100_000_000, out: out)
            usleep(UInt32.random(in: 20_000...200_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            #expect(p.terminationReason == .uncaughtSignal)
            let thisRound = Self.acknowledged(out)
            acked = thisRound.last ?? acked
            var injectedNow = false
            if round % 5 == 0 && !pending {
                // A torn write (which SIGKILL cannot make of one write(2); a power loss can).
                // Not while an earlier one is still there (its writer was killed before it
                // opened the journal, as happens under load): the two would be set aside as one.
                let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try h.seekToEnd()
                // Different bytes each time, so each injection's set-aside copy can be told apart.
                try h.write(contentsOf: Data(#"{"annotator":"amal","kind":"fl\#(round)"#.utf8))
                try h.close()
                injected += 1
                injectedNow = true
            }
            var seqs: [Int] = []
            let r = try JournalReader.read(path: path, annotator: "amal") { e, _, _ in seqs.append(e.seq) }
            #expect(r.errors.isEmpty, "round \(round): \(r.errors)")
            #expect(seqs == Array(0..<seqs.count).map { $0 + 1 })
            #expect(r.lastSeq >= acked, "round \(round): seq \(acked) acknowledged, journal ends at \(r.lastSeq)")
            if injectedNow {
                #expect(r.torn != nil, "round \(round): the injected torn line was not found")
            } else if r.torn != nil {
                // Only if the last injection is still there because this round's child was
                // killed before it opened the journal, or while it was setting the line aside
                // (between saving the copy and truncating): either way it stored nothing.
                #expect(pending && thisRound.isEmpty, "round \(round): a torn line nobody injected")
            }
            pending = r.torn != nil
            let (code, _, err) = try F.run(["journal", "check", "demo"], in: root)
            #expect(code == 0)
            #expect(err.contains("torn last line") == (r.torn != nil))
            #expect(try F.run(["verify", "demo"], in: root).0 == 0, "round \(round): verify failed")
        }
        #expect(acked > 0)
        // The last injection is set aside by the next writer.
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        #expect(w.tornLines.count == (pending ? 1 : 0) && w.lastSeq >= acked)
        w.close()
        // Every injection set aside; a writer killed between saving the copy and truncating the
        // journal makes a second copy of the same bytes (documented), so copies are compared by
        // content.
        let copies = try JournalCheck(dataset: ds).run().setAside
        let contents = Set(copies.map { String(decoding: F.bytes(root + "/" + $0), as: UTF8.self) })
        #expect(contents.count == injected, "\(copies)")
        #expect(copies.count >= injected)
        #expect(try F.run(["verify", "demo"], in: root).0 == 0)
    }

    @Test func eightAnnotatorsAtOnceLoseNothing() throws {
        let (root, _, ds, _) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let names = (1...8).map { "ann\($0)" }
        let procs = try names.map { try Self.startAppender(root, annotator: $0, events: 150, out: root + "/out.\($0)") }
        for p in procs { p.waitUntilExit() }
        for p in procs { #expect(p.terminationStatus == 0) }
        let (state, report) = try WorkingState.load(dataset: ds)
        #expect(report.journals.count == 8 && report.events == 8 * 150)
        #expect(report.errors.isEmpty && report.torn.isEmpty)
        for n in names {
            #expect(state.positions[n] == 150)
            #expect(Self.acknowledged(root + "/out.\(n)") == Array(1...150))
            // Every line whole: each ends in a newline and parses (the reader checks seq == line).
            let text = String(decoding: F.bytes(ds.journalPath(annotator: n)), as: UTF8.self)
            #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 150)
        }
    }

    @Test func aLockHeldByAnotherProcessNamesItsPid() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let p = try Self.startAppender(root, annotator: "amal", events: 100_000, delayMs: 20, out: root + "/out")
        defer {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        // Wait until the child holds the lock (it has stored an event): up to 30 s, as a
        // loaded CI machine can take seconds to start a process.
        for _ in 0..<3000 where Self.acknowledged(root + "/out").isEmpty { usleep(10_000) }
        try #require(!Self.acknowledged(root + "/out").isEmpty, "the child never stored an event")
        do {
            let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            try w.append(.done, record: docs[0])
            Issue.record("a second writer was allowed")
        } catch {
            #expect(error.code == .locked)
            #expect(error.description.contains("the journal of amal is being written by process \(p.processIdentifier)"))
        }
    }

    @Test func aFileSizeLimitFailsClearlyAndLeavesTheJournalWhole() throws {
        let (root, _, ds, _) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (code, out, err) = try F.run(
            [], in: root, shell: "ulimit -f 8; exec \"$TASHIH\" journal append demo --as amal --events 1000")
        #expect(code == 1)
        #expect(err.contains("file size limit"), "\(err)")
        #expect(err.contains("the journal is intact"))
        let acked = out.split(separator: "\n").compactMap { Int($0) }
        #expect(!acked.isEmpty && acked.count < 1000)
        let r = try JournalReader.read(path: ds.journalPath(annotator: "amal"), annotator: "amal") { _, _, _ in }
        #expect(r.errors.isEmpty && r.torn == nil)
        #expect(r.lastSeq == acked.last && r.events == acked.count)
        #expect(F.bytes(ds.journalPath(annotator: "amal")).last == 0x0A)
    }
}
