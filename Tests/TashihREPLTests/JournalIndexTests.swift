import Foundation
import TashihGold
import TashihModel
import Testing

@testable import TashihREPL

@Suite struct JournalIndexTests {
    /// The heads scanned from canonical lines and the events decoded per record are exactly what
    /// the full journal reader gives: every kind, Arabic notes with quotes and backslashes,
    /// attributes, undos, two annotators, and a hand-written line in another key order.
    @Test func theFastScanAgreesWithTheFullReader() throws {
        let f = try REPLFixture()
        for who in ["amal", "omar"] {
            let s = try f.session(who)
            s.run(
                "g r1", "a 1", "l 2 COALITION", "= 1 value=٤٠ qualifier=approx", "f سؤال: \"قسد\" أم \\ «داعش»؟ 🤔", "+e 2", "u",
                "rd",
                "n PERSON \"Sean\" actor_id=X_1", "r 4", "aa", "sk", "g r1", "d 2", "u")
            s.writer.close()
        }
        // A line written by another tool: valid JSON, keys in another order, spaces.
        let path = f.ds.journalPath(annotator: "omar")
        let last = try f.journal("omar").last!
        let d = f.docs[3]
        let line =
            "{\"seq\": \(last.seq + 1), \"kind\": \"flag\", \"note\": \"يدوي\", \"record\": \"r4\", \"annotator\": \"omar\", "
            + "\"text_hash\": \"\(d.textHash)\", \"guidelines\": \"1.0\", \"time\": \"\(JournalTime(milliseconds: last.time.milliseconds + 5))\"}\n"
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data(line.utf8))
        try h.close()

        let store = try AnnotationStore(dataset: f.ds)
        #expect(store.warnings.isEmpty)
        var all: [JournalEvent] = []
        for (_, list) in try JournalReader.readAll(dataset: f.ds) { all += list }
        #expect(store.grouped.count == all.count)
        for doc in f.docs {
            let id = doc.id.rawValue
            let full = all.filter { $0.record.rawValue == id }
            #expect(Set(store.events(for: id)) == Set(full), "\(id)")
            #expect(store.marks(for: id) == (full.isEmpty ? nil : RecordMarks.of(full)), "\(id)")
        }
        #expect(store.marks(for: "r4")?.flags.contains("omar: يدوي") == true)
        #expect(store.marks(for: "r1")?.flags.contains("amal: سؤال: \"قسد\" أم \\ «داعش»؟ 🤔") == true)
        // Every flag's note is kept once, whichever path read it.
        #expect(store.journals.notes.count == all.filter { $0.kind == .flag }.count)
        #expect(store.grouped.filter { $0.note >= 0 }.count == all.filter { $0.kind == .flag }.count)
    }

    @Test func canonicalLinesTakeTheFastPath() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("a 1", "u", "f ملاحظة 🤔", "f قال \"لا\"", "n COUNT \"هجين\" value=1 category=other")
        s.writer.close()
        let events = try f.journal()
        let raw = try String(contentsOfFile: f.ds.journalPath(annotator: "amal"), encoding: .utf8).split(separator: "\n")
        func fast(_ k: Int) -> (EventHead, String?)? {
            Array(raw[k].utf8).withUnsafeBufferPointer { JournalIndex.Part.fast($0, journal: 3) }
        }
        let accept = try #require(fast(0)).0
        #expect(accept.kind == .accept && accept.seq == 1 && accept.journal == 3)
        #expect(accept.time == events[0].time.milliseconds && accept.record == LineIndex.hash(id: "r1"))
        let undo = try #require(fast(1)).0
        #expect(undo.kind == .undo && undo.undoes == 1 && undo.seq == 2)
        #expect(fast(2)?.1 == "ملاحظة 🤔")
        #expect(fast(3) == nil)  // a note with escapes (\") goes to the full decoder
        let add = try #require(fast(4)).0
        #expect(add.kind == .add && add.seq == 5 && add.time == events[4].time.milliseconds)
    }

    @Test func aTornLastLineIsAWarningNotAnEvent() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("a 1")
        s.writer.close()
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: f.ds.journalPath(annotator: "amal")))
        h.seekToEndOfFile()
        h.write(Data("{\"annotator\":\"amal\",\"guidel".utf8))
        try h.close()
        let store = try AnnotationStore(dataset: f.ds)
        #expect(store.grouped.count == 1)
        #expect(
            store.warnings == [
                "datasets/demo/journals/amal.jsonl:2: warning: torn last line (27 bytes): an append that did not complete"
            ])
    }
}
