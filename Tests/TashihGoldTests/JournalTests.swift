import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

@Suite struct JournalTests {
    typealias F = JournalFixture

    /// One event of every kind about `doc` (its spans located by their text).
    static func oneOfEach(_ doc: Document) -> [(JournalAction, SuggestionRef?)] {
        let sg = F.suggestion("قســـد", in: doc, "ARMED_GROUP")
        let n = F.span("١٢", in: doc, "COUNT")
        return [
            (.accept, sg),
            (.reject, sg),
            (.relabel(span: sg.span, to: "COALITION"), sg),
            (.move(span: sg.span, start: sg.start - 1, end: sg.end), sg),
            (.setAttribute(span: n, name: "qualifier", value: .string("approx")), nil),
            (.setAttribute(span: n, name: "value", value: .number(12)), nil),
            (.setAttribute(span: n, name: "value", value: nil), nil),
            (.add(Span(start: n.start, end: n.end, label: "COUNT", attributes: ["value": .number(12)])), nil),
            (.delete(n), nil),
            (.done, nil),
            (.skip, nil),
            (.flag(note: "هل «قســـد» فاعل هنا؟ 🤔\n\"quoted\""), nil),
            (.undo(seq: 1), nil),
        ]
    }

    @Test func everyKindIsWrittenCanonicallyAndReadBack() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        var written: [JournalEvent] = []
        for (a, sg) in Self.oneOfEach(docs[0]) {
            written.append(try w.append(a, record: docs[0], suggestion: sg))
        }
        w.close()
        #expect(written.map(\.seq) == Array(1...written.count))
        var read: [JournalEvent] = []
        let report = try JournalReader.read(path: ds.journalPath(annotator: "amal"), annotator: "amal") { e, line, _ in
            #expect(e.seq == line)
            read.append(e)
        }
        #expect(report.errors.isEmpty && report.torn == nil)
        #expect(read == written)
        // Each line is canonical JSON: parsing and writing it again gives the same bytes.
        let text = String(decoding: F.bytes(ds.journalPath(annotator: "amal")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == written.count)
        for (l, e) in zip(lines, written) {
            #expect(JSONWriter.string(try JSONParser.parse(String(l))) == String(l))
            #expect(String(l) + "\n" == e.line)
            #expect(l.contains("\"kind\":\"\(e.kind.rawValue)\""))
        }
        #expect(text.contains(#""to":{"label":"COALITION"}"#))
        #expect(text.contains(#""undoes":1"#))
    }

    @Test func timeRoundTripsAndNeverGoesBack() throws {
        for ms: Int64 in [0, 1_795_332_600_123, 951_782_400_000 /* 2000-02-29 */, 4_102_444_799_999] {
            let t = JournalTime(milliseconds: ms)
            #expect(JournalTime(t.description) == t)
        }
        #expect(JournalTime("2026-11-22T07:30:00.123Z")?.milliseconds == 1_795_332_600_123)
        #expect(JournalTime("2026-11-22 07:30:00.123Z") == nil)
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        let late = JournalTime(milliseconds: JournalTime.now.milliseconds + 3_600_000)
        try w.append(.done, record: docs[0], time: late)
        let e = try w.append(.skip, record: docs[1])  // the clock is "behind" the last event
        #expect(e.time == late)
    }

    @Test func seqContinuesAfterReopen() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            for d in docs { try w.append(.done, record: d) }
            #expect(w.lastSeq == 3)
        }
        let w2 = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        #expect(w2.lastSeq == 3)
        #expect(w2.byteOffset == F.bytes(ds.journalPath(annotator: "amal")).count)
        let e = try w2.append(.flag(note: "٣"), record: docs[2])
        #expect(e.seq == 4)
        w2.close()
        let r = try JournalReader.read(path: ds.journalPath(annotator: "amal"), annotator: "amal") { _, _, _ in }
        #expect(r.events == 4 && r.lastSeq == 4 && r.errors.isEmpty)
    }

    @Test func aSecondWriterIsRefusedWithTheHoldersPid() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        try w.append(.done, record: docs[0])
        do {
            _ = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            Issue.record("a second writer was allowed")
        } catch {
            #expect(error.code == .locked)
            #expect(error.description.contains("the journal of amal is being written by this process (pid \(getpid()))"))
        }
        // Another annotator is not blocked.
        let other = try JournalWriter(dataset: ds, annotator: "bilal", guidelines: "1.0")
        try other.append(.done, record: docs[0])
        other.close()
        w.close()
        // Closed: the lock is free again.
        let again = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        #expect(again.lastSeq == 1)
    }

    @Test func aTornTailIsReportedSetAsideAndAppendsContinue() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = ds.journalPath(annotator: "amal")
        var acked: [JournalEvent] = []
        do {
            let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            for d in docs { acked.append(try w.append(.flag(note: "ـــ"), record: d)) }
        }
        let good = F.bytes(path)
        // A crash in the middle of the fourth append: half a line, no newline.
        var fourth: [UInt8] = []
        JournalEvent(
            seq: 4, time: .now, annotator: "amal", record: docs[0].id, textHash: docs[0].textHash, guidelines: "1.0",
            action: .flag(note: "مقطوع")
        ).writeLine(to: &fourth)
        let torn = Array(fourth[0..<(fourth.count / 2)])
        try Data(good + torn).write(to: URL(fileURLWithPath: path))

        // Readers report it, skip it, and still give every acknowledged event.
        var seen: [JournalEvent] = []
        let r = try JournalReader.read(path: path, annotator: "amal") { e, _, _ in seen.append(e) }
        #expect(seen == acked)
        #expect(r.errors.isEmpty)
        #expect(r.torn?.line == 4 && r.torn?.byteCount == torn.count && r.torn?.byteOffset == good.count)
        let (state, load) = try WorkingState.load(dataset: ds)
        #expect(load.torn.count == 1 && load.events == 3)
        #expect(state.records["r1"]?.flags.count == 1)
        let check = try JournalCheck(dataset: ds).run()
        #expect(!check.hasErrors && check.warnings.count == 1 && check.warnings[0].contains(":4: warning: torn last line"))

        // The writer sets it aside (bytes kept) and continues at seq 4.
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        #expect(w.tornLines.count == 1)
        let moved = try #require(w.tornLines.first?.movedTo)
        #expect(F.bytes(moved) == torn)
        #expect(w.tornLines[0].line == 4)
        #expect(F.bytes(path) == good)
        let e4 = try w.append(.done, record: docs[1])
        #expect(e4.seq == 4)
        w.close()
        let r2 = try JournalReader.read(path: path, annotator: "amal") { _, _, _ in }
        #expect(r2.events == 4 && r2.torn == nil && r2.errors.isEmpty)
        #expect(try JournalCheck(dataset: ds).run().setAside.count == 1)
    }

    @Test func aCompleteButUnreadableLastLineIsTornToo() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = ds.journalPath(annotator: "amal")
        do {
            let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            try w.append(.done, record: docs[0])
        }
        let good = F.bytes(path)
        try Data(good + [0, 0, 0, 0, 0x0A]).write(to: URL(fileURLWithPath: path))  // zeros after a power loss
        let r = try JournalReader.read(path: path, annotator: "amal") { _, _, _ in }
        #expect(r.events == 1 && r.torn?.line == 2 && r.errors.isEmpty)
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        #expect(w.tornLines.count == 1 && w.lastSeq == 1)
        #expect(F.bytes(path) == good)
    }

    @Test func aDamagedLineBeforeTheLastIsAnErrorWithItsLine() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = ds.journalPath(annotator: "amal")
        do {
            let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
            for d in docs { try w.append(.done, record: d) }
        }
        var lines = String(decoding: F.bytes(path), as: UTF8.self).split(separator: "\n").map(String.init)
        lines[1] = "{\"annotator\":\"amal\",\"kind\":"  // damaged
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let r = try JournalReader.read(path: path, annotator: "amal") { _, _, _ in }
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.line == 2)
        #expect(r.errors.first?.description.contains("amal.jsonl:2: error: not a journal event") == true)
        #expect(r.torn == nil && r.events == 2)
        // The dataset still opens; the damage is in the report.
        let (_, load) = try WorkingState.load(dataset: ds)
        #expect(load.errors.count == 1 && load.events == 2)
    }

    @Test func invalidEventsAreRefusedAndNothingIsWritten() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        try w.append(.done, record: docs[0])
        let before = F.bytes(ds.journalPath(annotator: "amal"))
        let n = docs[0].text.unicodeScalars.count
        let bad: [(JournalAction, SuggestionRef?, String?, String)] = [
            (.add(Span(start: 0, end: n + 1, label: "COUNT")), nil, nil, "not inside the text"),
            (.add(Span(start: 3, end: 3, label: "COUNT")), nil, nil, "not inside the text"),
            (.add(Span(start: 0, end: 2, label: "NOPE")), nil, nil, "unknown label NOPE"),
            (.accept, nil, nil, "needs the suggestion"),
            (.relabel(span: SpanRef(start: 0, end: 2, label: "STATE"), to: "WHAT"), nil, nil, "unknown label WHAT"),
            (
                .setAttribute(span: SpanRef(start: 0, end: 2, label: "COUNT"), name: "qualifier", value: .string("lots")),
                nil, nil, "must be one of"
            ),
            (.done, nil, "sha256:00", "the text changed"),
            (.undo(seq: 9), nil, nil, "no such event"),
            (.flag(note: ""), nil, nil, "needs a note"),
        ]
        for (a, sg, hash, message) in bad {
            #expect {
                try w.append(a, record: docs[0], suggestion: sg, textHash: hash)
            } throws: { e in
                guard let e = e as? JournalError else { return false }
                return e.code == .invalidEvent && e.description.contains(message) && e.description.contains("record \"r1\"")
            }
        }
        #expect(F.bytes(ds.journalPath(annotator: "amal")) == before)
        #expect(w.lastSeq == 1)
    }

    @Test func anUnwritableJournalsFolderGivesAClearError() throws {
        let (root, _, ds, _) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A file where the journals folder should be (root ignores permission bits, so a
        // read-only folder would not fail in CI).
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: ds.journalsDirectory))
        #expect {
            _ = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        } throws: { e in
            (e as? JournalError)?.description.contains("the journals folder is not a folder") == true
        }
        // A journal path under a regular file.
        #expect {
            _ = try JournalWriter(path: root + "/tashih.json/x/amal.jsonl", annotator: "amal", guidelines: "1.0", schema: nil)
        } throws: { e in
            guard let e = e as? JournalError else { return false }
            return e.code == .io && e.description.contains("cannot create the journals folder")
        }
        #expect(String(decoding: F.bytes(ds.journalsDirectory), as: UTF8.self) == "not a folder")
    }

    @Test(arguments: ["Amal", "-x", "a b", "أمل", "", "a/b"])
    func badAnnotatorNamesAreRefused(name: String) {
        #expect(throws: JournalError.self) { try JournalWriter.validateAnnotator(name) }
    }
}
