import Foundation
import Testing

/// `tashih verify DATASET` checks the records, every suggestions file, and the lexicons.
@Suite struct VerifyDatasetTests {
    func pretagged() throws -> URL {
        let ws = try CLI.workspace()
        let records = [
            Fixture.record(id: "r1", text: "قُتِلَ ١٢ مدنيّاً 🙂 في غارة لـ«داعش»"),
            Fixture.record(id: "r2", text: "وقال المرصد إن «قسد» استعادت الباغوز"),
        ]
        try Data((records.joined(separator: "\n") + "\n").utf8).write(to: ws.appendingPathComponent("in.jsonl"))
        #expect(try CLI.run(["import", "demo", "in.jsonl"], in: ws).status == 0)
        let script = CLI.repoRoot.appendingPathComponent("scripts/extractors/example_gazetteer.py").path
        let r = try CLI.run(["pretag", "demo", "--extractor", "cmd:python3 \(script)", "--name", "ex"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        return ws
    }

    func suggestions(_ ws: URL) -> URL { ws.appendingPathComponent("datasets/demo/suggestions/ex.jsonl") }

    @Test func freshSuggestionsVerify() throws {
        let ws = try pretagged()
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["verify", "demo"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("datasets/demo/suggestions/ex.jsonl: 3 suggestion(s), 0 error(s), 0 warning(s) — ok"))
    }

    @Test func aTamperedSuggestionIsAnErrorNamingTheFile() throws {
        let ws = try pretagged()
        defer { try? FileManager.default.removeItem(at: ws) }
        var text = try String(contentsOf: suggestions(ws), encoding: .utf8)
        let first = try #require(text.range(of: #""end":"#))
        text.replaceSubrange(first, with: #""end":600"#)  // "end":600 + the old digits: past any text here
        try Data(text.utf8).write(to: suggestions(ws))
        let r = try CLI.run(["verify", "demo"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("datasets/demo/suggestions/ex.jsonl:1: error: record \"r1\" span 1"))
        #expect(r.stderr.contains("past the end of the text"))
    }

    @Test func suggestionsForAChangedTextAreStale() throws {
        let ws = try pretagged()
        defer { try? FileManager.default.removeItem(at: ws) }
        var text = try String(contentsOf: suggestions(ws), encoding: .utf8)
        text = text.replacingOccurrences(of: #""text_hash":"sha256:"#, with: #""text_hash":"sha256:00"#)
        try Data(text.utf8).write(to: suggestions(ws))
        let r = try CLI.run(["verify", "demo"], in: ws)
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: record \"r1\": the suggestions were made for another version of the text (stale)"))
        #expect(try CLI.run(["verify", "demo", "--strict"], in: ws).status == 1)
    }

    @Test func aBrokenLexiconFailsVerify() throws {
        let ws = try pretagged()
        defer { try? FileManager.default.removeItem(at: ws) }
        let dir = ws.appendingPathComponent("datasets/lexicons")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(#"{"id":"SDF","type":"ARMED_GROUP","names_ar":["قسد"],"parent":"PKK"}"#.utf8).write(
            to: dir.appendingPathComponent("actors.jsonl"))
        let r = try CLI.run(["verify", "demo"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("datasets/lexicons/actors.jsonl:1: error: actor SDF: parent PKK is not in the lexicon"))
    }
}

extension VerifyDatasetTests {
    @Test func journalsAreVerifiedTooTornTailsWarnDamagedLinesFail() throws {
        let ws = try pretagged()
        defer { try? FileManager.default.removeItem(at: ws) }
        let append = try CLI.run(["journal", "append", "demo", "--as", "amal", "--events", "4"], in: ws)
        #expect(append.status == 0, "\(append.stderr)")
        let ok = try CLI.run(["verify", "demo"], in: ws)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("datasets/demo/journals: 1 journal(s), 4 event(s), 0 error(s), 0 warning(s) — ok"))
        // A torn last line (a power loss mid-write): reported, not fatal.
        let journal = ws.appendingPathComponent("datasets/demo/journals/amal.jsonl")
        let good = try Data(contentsOf: journal)
        try (good + Data(#"{"annotator":"amal","kind":"fl"#.utf8)).write(to: journal)
        let torn = try CLI.run(["verify", "demo"], in: ws)
        #expect(torn.status == 0)
        #expect(torn.stderr.contains("torn"))
        // A damaged line in the middle is corruption: an error naming the file and line.
        var lines = String(decoding: good, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        lines[1] = String(lines[1].dropLast(5))
        try Data(lines.joined(separator: "\n").utf8).write(to: journal)
        let bad = try CLI.run(["verify", "demo"], in: ws)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("amal.jsonl:2"))
    }
}
