import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

@Suite struct JournalBatchTests {
    @Test func appendAllWritesConsecutiveEventsOnceAndRefusesAllIfOneIsInvalid() throws {
        let (root, _, ds, docs) = try JournalFixture.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let w = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        let d = docs[0]
        let a = JournalFixture.suggestion("قســـد", in: d, "ARMED_GROUP")
        let b = JournalFixture.suggestion("١٢", in: d, "COUNT", extractor: "builtin.numbers")
        try w.append(.flag(note: "أولاً"), record: d)
        // One invalid event (an unknown label): nothing of the batch is written.
        #expect(throws: JournalError.self) {
            try w.appendAll([(.accept, a), (.relabel(span: a.span, to: "MILITIA"), a)], record: d)
        }
        #expect(w.lastSeq == 1)
        let events = try w.appendAll([(.accept, a), (.reject, b), (.done, nil)], record: d)
        #expect(events.map(\.seq) == [2, 3, 4])
        #expect(w.lastSeq == 4)
        w.close()
        var read: [JournalEvent] = []
        let report = try JournalReader.read(path: ds.journalPath(annotator: "amal"), annotator: "amal") { e, _, _ in
            read.append(e)
        }
        #expect(report.errors.isEmpty && report.torn == nil)
        #expect(read.map(\.kind) == [.flag, .accept, .reject, .done])
        #expect(Array(read.dropFirst()) == events)
        let (state, _) = try WorkingState.load(dataset: ds)
        #expect(state.record("r1")?.goldSpans.map(\.label) == ["ARMED_GROUP"])
        #expect(state.record("r1")?.done["amal"] != nil)
    }
}
