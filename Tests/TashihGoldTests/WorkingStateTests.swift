import Foundation
import TashihGold
import TashihJSON
import TashihModel
import Testing

@Suite struct WorkingStateTests {
    typealias F = JournalFixture
    static let doc = Document(id: "r1", text: F.texts[0].1)
    static let sg = F.suggestion("قســـد", in: doc, "ARMED_GROUP")
    static let num = F.suggestion("١٢", in: doc, "COUNT", extractor: "builtin.numbers")

    /// A state with `doc`, its two suggestions (the actor with an actor_id, the number with a value).
    static func state() -> WorkingState {
        let s = WorkingState()
        s.addRecord("r1", textHash: doc.textHash)
        s.addSuggestions(
            "r1",
            [
                Span(
                    start: sg.start, end: sg.end, label: sg.label, attributes: ["actor_id": .string("SDF")],
                    origin: SuggestionOrigin(extractor: sg.extractor, version: "1.0+lex.other", score: 0.9)),
                Span(
                    start: num.start, end: num.end, label: "COUNT", attributes: ["value": .number(12)],
                    origin: SuggestionOrigin(extractor: num.extractor, version: "1.0", score: 1)),
            ])
        return s
    }

    static func ev(
        _ seq: Int, _ action: JournalAction, _ sg: SuggestionRef? = nil, by annotator: String = "amal", at t: Int64? = nil
    ) -> JournalEvent {
        JournalEvent(
            seq: seq, time: JournalTime(milliseconds: t ?? (1_795_332_600_000 + Int64(seq) * 1000)), annotator: annotator,
            record: doc.id, textHash: doc.textHash, guidelines: "1.0", suggestion: sg, action: action)
    }

    static func fold(_ events: [JournalEvent]) -> RecordState {
        let s = state()
        s.fold([events])
        return s.records["r1"]!
    }

    @Test func acceptTakesTheSuggestionWithItsAttributes() {
        let r = Self.fold([Self.ev(1, .accept, Self.sg)])
        #expect(r.gold.count == 1)
        #expect(
            r.gold[0].span
                == Span(start: Self.sg.start, end: Self.sg.end, label: "ARMED_GROUP", attributes: ["actor_id": .string("SDF")]))
        #expect(r.gold[0].suggestion == Self.sg)
        #expect(r.gold[0].events == [EventID(annotator: "amal", seq: 1)])
        #expect(r.openSuggestions.map(\.label) == ["COUNT"])
    }

    @Test func rejectClosesTheSuggestionAndUndoesAnAccept() {
        let r = Self.fold([Self.ev(1, .reject, Self.sg)])
        #expect(r.gold.isEmpty && r.openSuggestions.count == 1)
        let r2 = Self.fold([
            Self.ev(1, .accept, Self.sg, by: "amal"), Self.ev(1, .reject, Self.sg, by: "bilal", at: 1_795_332_700_000),
        ])
        #expect(r2.gold.isEmpty)
        #expect(r2.answered.values.first == EventID(annotator: "bilal", seq: 1))
    }

    @Test func relabelCorrectsASuggestionOrAGoldSpan() {
        let r = Self.fold([Self.ev(1, .relabel(span: Self.sg.span, to: "COALITION"), Self.sg)])
        #expect(r.goldSpans.map(\.label) == ["COALITION"])
        #expect(r.gold[0].suggestion == Self.sg)
        #expect(r.openSuggestions.count == 1)
        let r2 = Self.fold([
            Self.ev(1, .accept, Self.sg), Self.ev(2, .relabel(span: Self.sg.span, to: "STATE_FORCE")),
        ])
        #expect(r2.goldSpans.map(\.label) == ["STATE_FORCE"])
        #expect(r2.gold[0].events.map(\.seq) == [1, 2])
    }

    @Test func moveChangesTheBoundaries() {
        // Take the tatweel-stretched name with the preceding "من " (a deliberately wrong move).
        let r = Self.fold([
            Self.ev(1, .accept, Self.sg), Self.ev(2, .move(span: Self.sg.span, start: Self.sg.start - 3, end: Self.sg.end)),
        ])
        #expect(r.gold[0].span.start == Self.sg.start - 3 && r.gold[0].span.end == Self.sg.end)
    }

    @Test func setAttributeSetsAndRemoves() {
        let r = Self.fold([
            Self.ev(1, .accept, Self.num),
            Self.ev(2, .setAttribute(span: Self.num.span, name: "qualifier", value: .string("approx"))),
            Self.ev(3, .setAttribute(span: Self.num.span, name: "value", value: nil)),
        ])
        #expect(r.gold[0].span.attributes == ["qualifier": .string("approx")])
    }

    @Test func addAndDelete() {
        let h = F.span("هجين", in: Self.doc, "STATE")
        let r = Self.fold([Self.ev(1, .add(Span(start: h.start, end: h.end, label: "STATE")))])
        #expect(r.goldSpans == [Span(start: h.start, end: h.end, label: "STATE")])
        #expect(r.gold[0].suggestion == nil)
        let r2 = Self.fold([Self.ev(1, .add(Span(start: h.start, end: h.end, label: "STATE"))), Self.ev(2, .delete(h))])
        #expect(r2.gold.isEmpty && r2.conflicts.isEmpty)
        // Deleting what is not there is a conflict, not a guess.
        let r3 = Self.fold([Self.ev(1, .delete(h))])
        #expect(r3.conflicts.count == 1 && r3.conflicts[0].description.contains("amal#1"))
        // Deleting an open suggestion closes it like a reject.
        let r4 = Self.fold([Self.ev(1, .delete(Self.sg.span), Self.sg)])
        #expect(r4.openSuggestions.count == 1 && r4.conflicts.isEmpty)
    }

    @Test func doneSkipAndFlagAreRecordMarks() {
        let r = Self.fold([
            Self.ev(1, .skip), Self.ev(2, .flag(note: "هل «قســـد» هنا فاعل؟ 🤔")), Self.ev(3, .done),
            Self.ev(1, .skip, by: "bilal"),
        ])
        #expect(r.done.keys.sorted() == ["amal"] && r.skipped.keys.sorted() == ["bilal"])
        #expect(r.flags.map(\.note) == ["هل «قســـد» هنا فاعل؟ 🤔"])
    }

    @Test func undoIsACompensatingEventAndUndoOfUndoRedoes() {
        let accept = Self.ev(1, .accept, Self.sg)
        let r = Self.fold([accept, Self.ev(2, .undo(seq: 1))])
        #expect(r.gold.isEmpty && r.openSuggestions.count == 2)
        let r2 = Self.fold([accept, Self.ev(2, .undo(seq: 1)), Self.ev(3, .undo(seq: 2))])
        #expect(r2.gold.count == 1)
        // An undo of another annotator's event is a conflict and changes nothing.
        let r3 = Self.fold([accept, Self.ev(1, .undo(seq: 1), by: "bilal")])
        #expect(r3.gold.count == 1 && r3.conflicts.count == 1)
    }

    @Test func theOrderIsTimeThenAnnotatorThenSeqWhateverTheInputOrder() {
        let t: Int64 = 1_795_332_650_000
        let a = Self.ev(1, .relabel(span: Self.sg.span, to: "COALITION"), Self.sg, by: "amal", at: t)
        let b = Self.ev(7, .relabel(span: Self.sg.span, to: "STATE"), Self.sg, by: "bilal", at: t)
        // Same time: amal before bilal, so bilal's relabel (of the suggestion span, not the
        // relabelled gold span) is a conflict... unless it answers the suggestion: it does, but
        // the span is gold already under another label, so a second gold span appears.
        for events in [[a, b], [b, a]] {
            let s = Self.state()
            s.fold([events])
            let r = s.records["r1"]!
            #expect(r.gold.map(\.span.label) == ["COALITION", "STATE"])
        }
        // Positions per annotator.
        let s = Self.state()
        s.fold([[a], [b]])
        #expect(s.positions == ["amal": 1, "bilal": 7])
    }

    @Test func staleAndUnknownRecordEventsAreKeptApart() {
        var stale = Self.ev(1, .accept, Self.sg)
        stale.textHash = "sha256:old"
        var unknown = Self.ev(2, .done)
        unknown.record = "nope"
        let s = Self.state()
        s.fold([[stale, unknown]])
        #expect(s.records["r1"]!.gold.isEmpty && s.records["r1"]!.stale == [EventID(annotator: "amal", seq: 1)])
        #expect(s.unknownRecordEvents == [EventID(annotator: "amal", seq: 2)])
    }

    @Test func loadFoldsSuggestionFilesAndJournalsOfADataset() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sw = try SuggestionWriter(dataset: ds, extractor: "builtin.actors")
        let q = F.range(of: "قســـد", in: docs[0].text)
        let origin = SuggestionOrigin(extractor: "builtin.actors", version: "1.0", score: 0.9)
        try sw.add(docs[0], [Span(start: q.start, end: q.end, label: "ARMED_GROUP", origin: origin)])
        try sw.add(docs[1], [])
        try sw.add(docs[2], [])
        try sw.commit()
        let sgRef = SuggestionRef(extractor: "builtin.actors", version: "1.0", start: q.start, end: q.end, label: "ARMED_GROUP")
        let a = try JournalWriter(dataset: ds, annotator: "amal", guidelines: "1.0")
        try a.append(.accept, record: docs[0], suggestion: sgRef)
        try a.append(.done, record: docs[0])
        let b = try JournalWriter(dataset: ds, annotator: "bilal", guidelines: "1.0")
        let h = F.range(of: "هجين", in: docs[2].text)
        try b.append(.add(Span(start: h.start, end: h.end, label: "STATE")), record: docs[2])
        let (state, report) = try WorkingState.load(dataset: ds)
        #expect(report.records == 3 && report.suggestionFiles == 1 && report.events == 3 && report.journals.count == 2)
        #expect(state.records["r1"]!.goldSpans.map(\.label) == ["ARMED_GROUP"])
        #expect(state.records["r1"]!.done.keys.sorted() == ["amal"])
        #expect(state.records["r3"]!.goldSpans.map(\.label) == ["STATE"])
        #expect(state.order == ["r1", "r2", "r3"])
        #expect(state.positions == ["amal": 2, "bilal": 1])
        // As of journal positions (what a release records): amal's first event only, none of bilal's.
        try a.append(.flag(note: "بعد الإصدار"), record: docs[1])
        let (asOf, _) = try WorkingState.load(dataset: ds, positions: ["amal": 1])
        #expect(asOf.record("r1")!.goldSpans.map(\.label) == ["ARMED_GROUP"])
        #expect(asOf.record("r1")!.done.isEmpty && asOf.record("r2")!.flags.isEmpty)
        #expect(asOf.record("r3")!.gold.isEmpty)
        #expect(asOf.positions == ["amal": 1])
    }

    /// The fast line scanner of `WorkingState.load` and the full decoder (`JournalReader` +
    /// `fold`) must give the same state, on every kind, escapes, attributes, numbers and undo.
    @Test func theFastScannerAndTheFullDecoderAgree() throws {
        let (root, _, ds, docs) = try F.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var rng = SystemRandomNumberGenerator()
        let writers = try ["amal", "bilal", "chadi"].map { try JournalWriter(dataset: ds, annotator: $0, guidelines: "1.0") }
        let labels = ["STATE", "ARMED_GROUP", "COUNT", "COALITION"]
        for k in 0..<600 {
            let w = writers[Int.random(in: 0..<3, using: &rng)]
            let d = docs[k % docs.count]
            let n = d.text.unicodeScalars.count
            let s = Int.random(in: 0..<(n - 3), using: &rng)
            let e = s + Int.random(in: 1...3, using: &rng)
            let label = labels[Int.random(in: 0..<labels.count, using: &rng)]
            let ref = SpanRef(start: s, end: e, label: label)
            let sg = SuggestionRef(extractor: "builtin.actors", version: "1.0+lex.x", start: s, end: e, label: label)
            let action: JournalAction
            var suggestion: SuggestionRef? = nil
            switch k % 13 {
            case 0: action = .accept; suggestion = sg
            case 1: action = .reject; suggestion = sg
            case 2: action = .relabel(span: ref, to: "STATE"); suggestion = k % 2 == 0 ? sg : nil
            case 3: action = .move(span: ref, start: max(0, s - 1), end: e)
            case 4:
                action = .setAttribute(span: SpanRef(start: s, end: e, label: "COUNT"), name: "value", value: .number(Double(k)))
            case 5: action = .setAttribute(span: SpanRef(start: s, end: e, label: "COUNT"), name: "value", value: .number(2.5))
            case 6:
                action = .setAttribute(
                    span: SpanRef(start: s, end: e, label: "COUNT"), name: "counted",
                    value: k % 2 == 0 ? .string("مقاتلاً \"x\"") : nil)
            case 7: action = .add(Span(start: s, end: e, label: label))
            case 8:
                action = .add(
                    Span(start: s, end: e, label: "COUNT", attributes: ["qualifier": .string("approx"), "value": .number(12)]))
            case 9: action = .delete(ref)
            case 10: action = k % 2 == 0 ? .done : .skip
            case 11: action = .flag(note: k % 2 == 0 ? "سؤال ٣ 🤔" : "quote \" and \\ and \n")
            default: action = w.lastSeq > 0 ? .undo(seq: Int.random(in: 1...w.lastSeq, using: &rng)) : .done
            }
            try w.append(action, record: d, suggestion: suggestion)
        }
        for w in writers { w.close() }
        let (fast, report) = try WorkingState.load(dataset: ds)
        #expect(report.errors.isEmpty && report.events == 600)
        var events: [[JournalEvent]] = []
        for f in ds.journalFiles() {
            var list: [JournalEvent] = []
            _ = try JournalReader.read(path: f.path, annotator: f.annotator) { e, _, _ in list.append(e) }
            events.append(list.reversed())  // any input order
        }
        let slow = WorkingState()
        for d in docs { slow.addRecord(d.id.rawValue, textHash: d.textHash) }
        slow.fold(events)
        #expect(fast.positions == slow.positions && fast.eventCount == slow.eventCount)
        for d in docs {
            let a = try #require(fast.record(d.id.rawValue))
            let b = try #require(slow.record(d.id.rawValue))
            #expect(a.gold == b.gold)
            #expect(a.answered == b.answered)
            #expect(a.done == b.done && a.skipped == b.skipped)
            #expect(a.flags.map(\.note) == b.flags.map(\.note) && a.flags.map(\.event) == b.flags.map(\.event))
            #expect(a.conflicts == b.conflicts && a.stale == b.stale)
            #expect(a.applied == b.applied && a.eventCount == b.eventCount)
        }
    }
}
