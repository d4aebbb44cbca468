import Foundation
import TashihGold
import TashihModel
import Testing

@testable import TashihREPL

@Suite struct SessionTests {
    @Test func acceptRejectRelabelAndSetWriteTheirEventsAndChangeTheView() throws {
        let f = try REPLFixture()
        let s = try f.session()
        #expect(s.view?.doc.id.rawValue == "r1")
        #expect(s.view?.rows.count == 4)
        #expect(s.view?.rows.allSatisfy { $0.state == .open } == true)
        let d = f.docs[0]
        s.run("a 1", "r 3")
        // Relabelling to the same label (typed in lower case) is refused, nothing written.
        #expect(s.fail("l 2 armed_group").contains("span 2 is already ARMED_GROUP"))
        #expect(try f.journal().map(\.kind) == [.accept, .reject])
        s.run("l 3 COALITION")  // rows now: ١٢ gold, قســـد open, لداعش open (Sean Ryan rejected)
        let events = try f.journal()
        #expect(events.map(\.kind) == [.accept, .reject, .relabel])
        #expect(events[0].suggestion?.start == REPLFixture.range("١٢", in: d.text).lowerBound)
        #expect(events[1].suggestion?.label == "STATE")
        let r = REPLFixture.range("لداعش", in: d.text)
        #expect(
            events[2].action
                == .relabel(span: SpanRef(start: r.lowerBound, end: r.upperBound, label: "ARMED_GROUP"), to: "COALITION"))
        let (n, row) = try #require(s.row("لداعش"))
        #expect(row.state == .edited && row.span.label == "COALITION")
        #expect(s.row("Sean Ryan") == nil)
        // Attributes: a number typed in Arabic-Indic digits, a choice, an actor named in Arabic
        // with harakat and tatweel.
        let (c, _) = try #require(s.row("١٢"))
        s.run("= \(c) value=١٣ qualifier=APPROX category=killed", "= \(n) actor_id=قُســد")
        let g = try #require(s.row("١٢")).1
        #expect(g.span.attributes == ["value": .number(13), "qualifier": .string("approx"), "category": .string("killed")])
        #expect(g.state == .edited)
        #expect(try #require(s.row("لداعش")).1.span.attributes["actor_id"] == .string("SDF"))
        // Removing an attribute.
        s.run("= \(c) category=")
        #expect(try #require(s.row("١٢")).1.span.attributes["category"] == nil)
        // Bad values never reach the journal.
        let before = try f.journal().count
        #expect(s.fail("= \(c) qualifier=roughly").contains("one of exact, approx"))
        #expect(s.fail("= \(c) actor_id=SDF").contains("COUNT takes no attribute actor_id"))
        #expect(s.fail("= \(c) value=many").contains("must be a number"))
        #expect(s.fail("l 1 MILITIA").contains("unknown label MILITIA"))
        #expect(s.fail("a 9").contains("no span 9"))
        #expect(s.fail("a \(c)").contains("already gold"))
        #expect(try f.journal().count == before)
        s.writer.close()
    }

    @Test func relabellingAcrossFamiliesDropsTheAttributesTheNewLabelLacks() throws {
        let f = try REPLFixture()
        let s = try f.session()
        let (n, _) = try #require(s.row("قســـد"))
        s.run("l \(n) COUNT")
        let j = try f.journal()
        #expect(j.map(\.kind) == [.setAttribute, .relabel])
        #expect(j[0].action.span?.label == "ARMED_GROUP")
        #expect(try #require(s.row("قســـد")).1.span.attributes.isEmpty)
        s.writer.close()
        // Its release holds no attribute its label cannot carry: checked against the schema.
        let release = try Release.cut(dataset: f.ds, message: "t", guidelines: "1.0")
        let report = try RecordFile(path: release.recordsPath, schema: f.ws.schema).check()
        #expect(report.records == 1 && !report.hasErrors, "\(report.problems)")
    }

    @Test func eventsMadeOnAnotherTextAreShownAsStaleNotApplied() throws {
        let f = try REPLFixture()
        do {
            let s = try f.session()
            s.run("a 1 2")
            s.writer.close()
        }
        // The record's text is changed under the journal (same id, new text and hash).
        var out: [UInt8] = []
        for var d in f.docs {
            if d.id.rawValue == "r1" { d = Document(id: d.id, text: d.text + " 🙂") }
            d.writeCanonicalJSON(to: &out)
            out.append(0x0A)
        }
        try Data(out).write(to: URL(fileURLWithPath: f.ds.recordsPath))
        let s = try f.session()
        s.run("g r1")
        #expect(s.view?.rows.allSatisfy { $0.state == .open } == true)
        #expect(
            s.screenLines().contains("warning: 2 event(s) on this record were made on another text (not applied): amal#1, amal#2")
        )
        s.writer.close()
    }

    @Test func boundariesMoveByTokenAndByCharacterWithHarakat() throws {
        let f = try REPLFixture()
        let s = try f.session()
        let t = f.docs[0].text
        // لداعش: drop the proclitic ل by one character.
        var (n, _) = try #require(s.row("لداعش"))
        s.run("-sc \(n)")
        #expect(s.row("داعش") != nil)
        // Extend its end by a token: "داعش خسائر".
        n = try #require(s.row("داعش")).0
        s.run("+e \(n)")
        #expect(s.row("داعش خسائر") != nil)
        n = try #require(s.row("داعش خسائر")).0
        s.run("-e \(n)")
        s.run("+s \(try #require(s.row("داعش")).0)")
        // Back to the token's start (ل included), then the previous token.
        #expect(s.row("لداعش") != nil)
        s.run("+s \(try #require(s.row("لداعش")).0)")
        #expect(s.row("إن لداعش") != nil)
        // A character step keeps a letter with its harakat: قُتِلَ ends in لَ.
        s.run("m \(try #require(s.row("١٢")).0) 2-2")  // token 2 is قُتِلَ
        let q = try #require(s.row("قُتِلَ")).0
        s.run("-ec \(q)")
        #expect(s.row("قُتِ") != nil)
        s.run("+ec \(try #require(s.row("قُتِ")).0)")
        #expect(s.row("قُتِلَ") != nil)
        // Offsets form, and the empty span is refused.
        let r = REPLFixture.range("هجين", in: t)
        s.run("m \(try #require(s.row("قُتِلَ")).0) \(r.lowerBound)..\(r.upperBound)")
        #expect(s.row("هجين") != nil)
        #expect(s.fail("-e \(try #require(s.row("هجين")).0)").contains("would be empty"))
        #expect(try f.journal().allSatisfy { $0.kind == .move })
        s.writer.close()
    }

    @Test func addByTokensByTextWithOccurrenceAndByOffsets() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("g r2")
        let d = f.docs[1]
        // "لداعش" appears once; "قسد" once — typed with harakat and tatweel, matched without.
        s.run("n ARMED_GROUP \"قُســد\" actor_id=SDF")
        let (_, added) = try #require(s.row("وقسد") ?? s.row("قسد"))
        #expect(added.state == .added && added.span.attributes == ["actor_id": .string("SDF")])
        #expect(added.span.start == REPLFixture.range("قسد", in: d.text).lowerBound)
        // Token range: ١١.٣٠ is one token (a time, but a test of the form).
        let v = try #require(s.view)
        let tokenIndex = try #require(v.tokens.firstIndex { v.text($0.range) == "الساعة" })
        s.run("n COUNT \(tokenIndex + 1) value=١")
        #expect(try #require(s.row("الساعة")).1.span.label == "COUNT")
        // Second occurrence of a text that occurs twice in r1.
        s.run("g r1")
        let t1 = f.docs[0].text
        #expect(s.fail("n ARMED_GROUP \"داعش\" 2").contains("occurs 1 time"))
        s.run("n PERSON \"Sean\"")
        #expect(s.row("Sean") != nil)
        let r = REPLFixture.range("هجين", in: t1)
        s.run("n STATE \(r.lowerBound)..\(r.upperBound)")
        #expect(try #require(s.row("هجين")).1.state == .added)
        #expect(s.fail("n STATE \(r.lowerBound)..\(r.upperBound)").contains("gold already"))
        #expect(s.fail("n STATE \"غير موجود\"").contains("is not in the text"))
        // Adding exactly an open suggestion answers it: it is no longer open.
        let twelve = REPLFixture.range("١٢", in: t1)
        s.run("n COUNT \(twelve.lowerBound)..\(twelve.upperBound)")
        // (shown as edited: gold from a suggestion, without its attributes)
        #expect(s.view!.rows.filter { $0.span.start == twelve.lowerBound }.map(\.state) == [.edited])
        #expect(try f.journal().last?.suggestion?.label == "COUNT")
        s.writer.close()
    }

    @Test func undoAndRedoAreNewEventsAndFollowTheCommandAcrossRecords() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("aa")  // 4 accepts + done, then r2
        #expect(s.view?.doc.id.rawValue == "r2")
        s.run("u")  // undoes the whole command, back on r1
        #expect(s.view?.doc.id.rawValue == "r1")
        #expect(s.view?.rows.allSatisfy { $0.state == .open } == true)
        var j = try f.journal()
        #expect(j.count == 10)
        #expect(j[5...].map(\.action) == [.undo(seq: 5), .undo(seq: 4), .undo(seq: 3), .undo(seq: 2), .undo(seq: 1)])
        #expect(s.store.marks(for: "r1")?.doneBy.isEmpty == true)
        s.run("rd")
        #expect(s.view?.rows.allSatisfy { $0.state == .gold } == true)
        #expect(s.store.marks(for: "r1")?.doneBy == ["amal"])
        j = try f.journal()
        #expect(j[10...].map(\.action) == [.undo(seq: 10), .undo(seq: 9), .undo(seq: 8), .undo(seq: 7), .undo(seq: 6)])
        // Undo of the redo, then a new change clears the redo list.
        s.run("u")
        #expect(s.view?.rows.allSatisfy { $0.state == .open } == true)
        s.run("r 1")
        #expect(s.fail("rd").contains("nothing to redo"))
        // The working state as releases fold it agrees with the view.
        s.writer.close()
        let (state, _) = try WorkingState.load(dataset: f.ds)
        #expect(state.record("r1")?.goldSpans == s.view?.goldSpans)
        #expect(state.record("r1")?.openSuggestions.count == 3)
    }

    @Test func undoAfterARestartUndoesTheLatestChangeOnTheRecord() throws {
        let f = try REPLFixture()
        do {
            let s = try f.session()
            s.run("a 1", "l 2 COALITION")
            s.writer.close()
        }
        let s = try f.session()
        // Reopening continues on the record worked on, with the changes shown.
        #expect(s.view?.doc.id.rawValue == "r1")
        #expect(try #require(s.row("قســـد")).1.span.label == "COALITION")
        s.run("u")
        #expect(try #require(s.row("قســـد")).1.state == .open)
        #expect(try f.journal().last?.action == .undo(seq: 2))
        s.writer.close()
    }

    @Test func doneRefusesOpenSuggestionsAndTheQueueSkipsDoneRecords() throws {
        let f = try REPLFixture()
        let s = try f.session()
        #expect(s.fail("ok").contains("4 suggestion(s) still open (1 2 3 4)"))
        s.run("a 1 2", "r 3 4", "ok")
        #expect(s.view?.doc.id.rawValue == "r2")
        s.run("sk")
        #expect(s.view?.doc.id.rawValue == "r3")
        s.run("f هل هذه قوات سوريا؟ 🤔", "k", "k")
        #expect(s.view?.doc.id.rawValue == "r1")
        s.run("j")  // r1 done, r2 skipped: next unfinished after r1 is r3
        #expect(s.view?.doc.id.rawValue == "r3")
        s.writer.close()
        // A new session: the queue holds r3 and r4 only; r3 was the last record worked on.
        let t = try f.session()
        #expect(t.queue.map { t.store.records.idHashes[Int($0)] } == ["r3", "r4"].map { LineIndex.hash(id: $0) })
        #expect(t.view?.doc.id.rawValue == "r3")
        t.writer.close()
        let flagged = try f.session(queue: .flagged)
        #expect(flagged.queue.count == 1 && flagged.view?.doc.id.rawValue == "r3")
        #expect(flagged.screenLines().contains("flag: amal: هل هذه قوات سوريا؟ 🤔"))
        flagged.writer.close()
    }

    @Test func lowScoreLabelAndDisagreeQueues() throws {
        let f = try REPLFixture()
        let low = try f.session(queue: .lowScore)
        // Lowest open suggestion score first: r2 (0.3), r1 (0.5), r4 (0.7), r3 (0.95).
        #expect(low.queue.map(Int.init) == [1, 0, 3, 2])
        low.run("r 2")  // r2's 0.3 suggestion rejected; r2 now starts at 0.9
        low.writer.close()
        let again = try f.session(queue: .lowScore)
        #expect(again.queue.map(Int.init) == [0, 3, 1, 2])
        again.writer.close()
        let counts = try f.session(label: "COUNT")
        #expect(counts.queue.map(Int.init) == [0, 3])
        counts.writer.close()
        let coalition = try f.session(family: "actor")
        #expect(coalition.queue.map(Int.init) == [0, 1, 2])
        coalition.writer.close()
        // Two annotators decide r3 differently: it is in the disagree queue; r4 decided alike is not.
        for (who, cmd) in [("amal", "l 1 COALITION"), ("omar", "a 1")] {
            let s = try f.session(who)
            s.run("g r3", cmd, "g r4", "a 1")
            s.writer.close()
        }
        let dis = try f.session("lead", queue: .disagree)
        #expect(dis.queue.map(Int.init) == [2])
        let screen = dis.screenLines()
        #expect(screen.contains("also decided by: amal, omar"))
        // The lead (no decision yet) sees what each annotator has that they lack.
        let r = REPLFixture.range("قوات سوريا الديمقراطية", in: f.docs[2].text)
        #expect(screen.contains("  amal + COALITION \(r.lowerBound)..\(r.upperBound) actor_id=SDF قوات سوريا الديمقراطية"))
        #expect(screen.contains("  omar + ARMED_GROUP \(r.lowerBound)..\(r.upperBound) actor_id=SDF قوات سوريا الديمقراطية"))
        dis.writer.close()
    }

    @Test func navigationFindAndGoto() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("/المرصد")
        #expect(s.view?.doc.id.rawValue == "r4")
        s.run("/قوات سوريا")  // wraps around to r3
        #expect(s.view?.doc.id.rawValue == "r3")
        s.run("/مدنيا")  // harakat (مدنيّاً) ignored
        #expect(s.view?.doc.id.rawValue == "r4")
        #expect(s.fail("/غير موجود").contains("no record contains"))
        s.run("g #2")
        #expect(s.view?.doc.id.rawValue == "r2")
        #expect(s.fail("g r9").contains("no record \"r9\""))
        #expect(s.fail("g #9").contains("the queue has 4"))
        s.run("g #1")
        #expect(s.fail("k").contains("first record"))
        s.writer.close()
    }

    @Test func badCommandsNeverEndTheSessionAndScriptedModeCountsThem() throws {
        let f = try REPLFixture()
        let s = try f.session()
        struct Lines: LineReader {
            var it: IndexingIterator<[String]>
            mutating func readLine(prompt: String) -> String? { it.next() }
        }
        var reader = Lines(it: ["acept 1", "a 1", "bogus", "", "# a comment", "q", "a 2"].makeIterator())
        var errors: [String] = []
        let failures = s.run(reader: &reader, errors: { errors.append($0) })
        #expect(failures == 2)
        #expect(
            errors == [
                "stdin:1: error: unknown command \"acept\" — did you mean \"accept\"? (h lists the commands)",
                "stdin:3: error: unknown command \"bogus\" (h lists the commands)",
            ])
        // `q` ended the session: "a 2" was never read.
        #expect(try f.journal().count == 1)
        #expect(f.lastOutput.hasPrefix("session: 4 command(s) (2 failed), 1 journal event(s)"))
        s.writer.close()
    }

    @Test func summaryCountsCorrectionsInForcePerLabelAndKind() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("a 1", "l 3 PERSON", "r 4", "= 2 actor_id=ISIS", "u", "aa")  // the set is undone; aa accepts 2
        #expect(s.view?.doc.id.rawValue == "r2")
        s.run("f ما هذا؟", "sk")
        let sum = s.summary()
        #expect(sum.contains("8 command(s), 9 journal event(s), 1 record(s) done (1 done in all, 3 left)"), "\(sum)")
        let table = sum.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(table.contains("corrections accept reject relabel move set_attribute add delete"))
        #expect(table.contains("ARMED_GROUP 1 1 0 0 0 0 0"))
        #expect(table.contains("COUNT 1 0 0 0 0 0 0"))
        #expect(table.contains("STATE 0 0 1 0 0 0 0"))
        #expect(table.contains("total 2 1 1 0 0 0 0"))
        #expect(table.contains("undo: 1, flags: 1, skipped: 1"))
        s.writer.close()
    }

    @Test func guidelineAndHelp() throws {
        let f = try REPLFixture()
        let s = try f.session()
        s.run("gl COUNT")
        #expect(f.lastOutput.contains("## COUNT\n\nهو عدد: span the number only (`٤٠`)."))
        #expect(!f.lastOutput.contains("## PERCENT"))
        s.run("gl 1")  // span 1 is a COUNT
        #expect(f.lastOutput.contains("## COUNT"))
        #expect(s.fail("gl STANCE").contains("unknown label STANCE"))
        s.run("h")
        #expect(f.lastOutput.contains("accept-all") && f.lastOutput.contains("shrink-start-char"))
        s.run("h +sc")
        #expect(f.lastOutput.contains("+sc, extend-start-char: +sc N [K]"))
        s.writer.close()
    }

    @Test func completionOfCommandsLabelsAttributesAndArabicActorPrefixes() throws {
        let f = try REPLFixture()
        let s = try f.session()
        #expect(s.completions(line: "re", word: "re") == ["redo", "reject", "relabel"])
        #expect(s.completions(line: "l 2 AR", word: "AR") == ["ARMED_GROUP"])
        #expect(s.completions(line: "n co", word: "co") == ["COALITION", "COUNT"])
        #expect(s.completions(line: "= 1 q", word: "q") == ["qualifier="])
        #expect(
            s.completions(line: "= 1 qualifier=a", word: "qualifier=a") == [
                "qualifier=approx", "qualifier=at_least", "qualifier=at_most",
            ])
        // readline splits words at '=' by default: the word is the value alone.
        #expect(s.completions(line: "= 1 qualifier=mo", word: "mo") == ["more_than"])
        // An Arabic prefix without harakat completes to the actor id; with harakat and tatweel too.
        #expect(s.completions(line: "= 2 actor_id=قس", word: "قس") == ["SDF"])
        #expect(s.completions(line: "= 2 actor_id=قُســ", word: "actor_id=قُســ") == ["actor_id=SDF"])
        #expect(s.completions(line: "= 2 actor_id=ال", word: "ال") == ["COALITION", "SOHR"])
        #expect(s.completions(line: "= 2 actor_id=IS", word: "IS") == ["ISIS"])
        #expect(s.completions(line: "n HOSTILE 3 target=دا", word: "دا") == ["ISIS"])
        s.writer.close()
    }

    @Test func aSecondSessionOfTheSameAnnotatorIsRefused() throws {
        let f = try REPLFixture()
        let s = try f.session()
        #expect(throws: JournalError.self) { _ = try f.session() }
        s.writer.close()
    }
}
