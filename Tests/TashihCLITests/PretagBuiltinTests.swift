import Foundation
import Testing

/// `tashih pretag` with the built-in extractors, end to end through the binary.
@Suite struct PretagBuiltinTests {
    /// A workspace holding a copy of the shipped dataset and lexicons.
    func shippedCopy() throws -> URL {
        let ws = try CLI.workspace()
        let fm = FileManager.default
        try fm.createDirectory(at: ws.appendingPathComponent("datasets/hajin-2018"), withIntermediateDirectories: true)
        try fm.copyItem(
            at: CLI.repoRoot.appendingPathComponent("datasets/hajin-2018/records.jsonl"),
            to: ws.appendingPathComponent("datasets/hajin-2018/records.jsonl"))
        try fm.copyItem(
            at: CLI.repoRoot.appendingPathComponent("datasets/lexicons"), to: ws.appendingPathComponent("datasets/lexicons"))
        return ws
    }

    @Test func theShippedSuggestionsAreWhatPretagProducesNow() throws {
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["pretag", "hajin-2018"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pretagged 57 record(s) of hajin-2018 with builtin (builtin.actors=1.0+lex."))
        let fresh = try Data(contentsOf: ws.appendingPathComponent("datasets/hajin-2018/suggestions/builtin.jsonl"))
        let shipped = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("datasets/hajin-2018/suggestions/builtin.jsonl"))
        #expect(
            fresh == shipped, "datasets/hajin-2018/suggestions/builtin.jsonl is stale: run `swift run tashih pretag hajin-2018`")
    }

    @Test func pretagIsDeterministic() throws {
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        let input = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("datasets/hajin-2018/records.jsonl"))
        let a = try CLI.run(["pretag", "--stdin"], in: ws, stdin: input)
        let b = try CLI.run(["pretag", "--stdin"], in: ws, stdin: input)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.utf8.count > input.count)
        #expect(a.stdout == b.stdout)
    }

    @Test func theStdinFilterWritesTheSameOnOneThreadAsOnSeveral() throws {
        // One thread reads plain records without making their texts Strings; more threads
        // parse records in workers. The lines below mix plain records, escaped texts and a
        // record with spans of its own.
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        var input = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("datasets/hajin-2018/records.jsonl"))
        input += Data(
            (#"{"id":"e1","text":"قال \"المرصد\": قُتِلَ ١٢ مقاتلاً من\n«قسد» 🙂"}"# + "\n"
                + #"{"id":"e2","text":"قتل ٤٠ عنصراً من داعش","spans":[{"start":4,"end":6,"label":"COUNT"}]}"# + "\n").utf8)
        let one = try CLI.run(["pretag", "--stdin"], in: ws, stdin: input, env: ["TASHIH_THREADS": "1"])
        let two = try CLI.run(["pretag", "--stdin"], in: ws, stdin: input, env: ["TASHIH_THREADS": "3"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.contains(#""text":"قال \"المرصد\": قُتِلَ ١٢ مقاتلاً من\n«قسد» 🙂""#))
        #expect(one.stdout.contains(#"{"end":6,"label":"COUNT","start":4}"#))
    }

    @Test func anEmptyInputIsAnEmptyOutput() throws {
        // An empty partition of a Spark or Hadoop job: nothing in, nothing out, no error.
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        for threads in ["1", "2"] {
            let r = try CLI.run(["pretag", "--stdin"], in: ws, stdin: Data(), env: ["TASHIH_THREADS": threads])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty && r.stderr.isEmpty)
        }
        let bad = try CLI.run(["pretag", "--stdin"], in: ws, stdin: Data("{\"id\":\"x\"}\n".utf8))
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("the record has no \"text\""))
    }

    @Test func theStdinFilterTagsArabicWithTheBuiltins() throws {
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        let text = "🙂 قُتِلَ ما لا يقل عن ٤٠ مقاتلاً من «قسد» في هجوم لتنظيم داعش الإرهابي"
        let input = "{\"id\":\"x\",\"text\":\"\(text)\"}\n"
        let r = try CLI.run(["pretag", "--stdin"], in: ws, stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        // Offsets after the emoji are code points: «قسد» starts after 2 + ... scalars.
        let scalars = Array(text.unicodeScalars)
        func at(_ w: String) -> Int {
            let n = Array(w.unicodeScalars)
            return (0...(scalars.count - n.count)).first { Array(scalars[$0..<$0 + n.count]) == n }!
        }
        #expect(
            r.stdout.contains(
                #""attributes":{"actor_id":"SDF"},"end":\#(at("قسد") + 3),"extractor":"builtin.actors","label":"ARMED_GROUP""#))
        #expect(
            r.stdout.contains(
                #""attributes":{"category":"killed","counted":"مقاتل","qualifier":"at_least","value":40},"end":\#(at("٤٠") + 2)"#)
        )
        #expect(
            r.stdout.contains(
                #""attributes":{"target":"ISIS"},"end":\#(at("الإرهابي") + 8),"extractor":"builtin.stance","label":"HOSTILE""#))
    }

    @Test func aBrokenLexiconStopsPretagWithItsLine() throws {
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        let path = ws.appendingPathComponent("datasets/lexicons/stance.jsonl")
        var text = try String(contentsOf: path, encoding: .utf8)
        text += #"{"cue":"عصابة","forms":["عصابة"],"polarity":"HATEFUL","attach":"following_actor"}"# + "\n"
        try Data(text.utf8).write(to: path)
        let r = try CLI.run(["pretag", "hajin-2018"], in: ws)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "datasets/lexicons/stance.jsonl:54: error: cue عصابة: \"polarity\" must be one of HOSTILE, SUPPORTIVE"))
    }

    @Test func anUnknownExtractorNameIsAUsageError() throws {
        let ws = try shippedCopy()
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["pretag", "hajin-2018", "--extractor", "camel"], in: ws)
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown extractor 'camel'; use builtin, actors, numbers, stance, or cmd:'COMMAND'"))
    }
}
