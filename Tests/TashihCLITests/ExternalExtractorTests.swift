import Foundation
import Testing

/// The `cmd:` protocol: a good program's suggestions are stored; every kind of bad program gets
/// an error naming the record and the problem, and leaves no suggestions file behind.
@Suite struct ExternalExtractorTests {
    /// A workspace with dataset `demo` of three Arabic records (harakat, tatweel, Arabic-Indic
    /// digits, an emoji), and a Python extractor script written from `body`.
    func setUp(script body: String) throws -> URL {
        let ws = try CLI.workspace()
        let records = [
            Fixture.record(id: "r1", text: "قُتِلَ ١٢ مدنيّاً 🙂 في غارة لـ«داعش»"),
            Fixture.record(id: "r2", text: "وقال المرصد إن «قسد» استعادت الباغوز"),
            Fixture.record(id: "r3", text: "نحو 700 جندي من القوات الخاصة"),
        ]
        try Data((records.joined(separator: "\n") + "\n").utf8).write(to: ws.appendingPathComponent("in.jsonl"))
        let r = try CLI.run(["import", "demo", "in.jsonl"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        let prelude = "import json, sys, time\n"
        try Data((prelude + body).utf8).write(to: ws.appendingPathComponent("ext.py"))
        return ws
    }

    func pretag(_ ws: URL, _ extra: [String] = []) throws -> CLIResult {
        try CLI.run(["pretag", "demo", "--extractor", "cmd:python3 ext.py", "--name", "ext"] + extra, in: ws)
    }

    func noSuggestionsLeft(_ ws: URL) -> Bool {
        let dir = ws.appendingPathComponent("datasets/demo/suggestions").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.isEmpty
    }

    /// Answers each record with a span over its first word.
    static let echoFirstWord = """
        for line in sys.stdin:
            r = json.loads(line)
            end = r["text"].index(" ")
            print(json.dumps({"id": r["id"], "spans": [{"start": 0, "end": end, "label": "PERSON", "score": 0.25}]}), flush=True)

        """

    @Test func aGoodProgramsSuggestionsAreStoredWithOriginAndScore() throws {
        let ws = try setUp(script: Self.echoFirstWord)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws, ["--extractor-version", "2.1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pretagged 3 record(s) of demo with ext (2.1): 3 suggestion(s) — PERSON 3"))
        let lines = try String(contentsOf: ws.appendingPathComponent("datasets/demo/suggestions/ext.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 3)
        // "قُتِلَ" is 6 scalars: the program's Python str offsets are ours unchanged.
        #expect(
            lines[0].hasPrefix(
                #"{"id":"r1","spans":[{"end":6,"extractor":"ext","label":"PERSON","score":0.25,"start":0,"version":"2.1"}],"text_hash":"sha256:"#
            ))
    }

    @Test func aProgramThatExitsNonZero() throws {
        let ws = try setUp(script: "sys.stderr.write('model file missing\\n'); sys.exit(3)\n")
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("exited with status 3"))
        #expect(r.stderr.contains("it said: model file missing"))
        #expect(r.stderr.contains("no suggestions were written"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatHangsIsStoppedAfterTheTimeout() throws {
        let ws = try setUp(script: "line = sys.stdin.readline()\ntime.sleep(60)\n")
        defer { try? FileManager.default.removeItem(at: ws) }
        let started = Date()
        let r = try pretag(ws, ["--timeout", "1"])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r1\": no answer within 1 s; the program was stopped"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatPrintsInvalidJSON() throws {
        let ws = try setUp(script: "for line in sys.stdin:\n    print('{\"id\": oops}', flush=True)\n")
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r1\": invalid JSON on output line 1"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatSkipsARecord() throws {
        let ws = try setUp(
            script: """
                for line in sys.stdin:
                    r = json.loads(line)
                    if r["id"] != "r2":
                        print(json.dumps({"id": r["id"], "spans": []}), flush=True)

                """)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r2\": output line 2 answers record \"r3\" where \"r2\" was expected"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatReordersRecords() throws {
        let ws = try setUp(
            script: """
                rs = [json.loads(l) for l in sys.stdin]
                for r in reversed(rs):
                    print(json.dumps({"id": r["id"], "spans": []}), flush=True)

                """)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r1\": output line 1 answers record \"r3\" where \"r1\" was expected"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatStopsEarly() throws {
        let ws = try setUp(
            script: "line = sys.stdin.readline()\nprint(json.dumps({'id': json.loads(line)['id'], 'spans': []}), flush=True)\n")
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r2\": the program ended without answering this record (1 answered)"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aProgramThatReturnsAnOffsetPastTheText() throws {
        let ws = try setUp(
            script: """
                for line in sys.stdin:
                    r = json.loads(line)
                    n = len(r["text"])
                    print(json.dumps({"id": r["id"], "spans": [{"start": n - 2, "end": n + 3, "label": "COUNT"}]}), flush=True)

                """)
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try pretag(ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r1\": "))
        #expect(r.stderr.contains("past the end of the text"))
        #expect(noSuggestionsLeft(ws))
    }

    @Test func aFailedRunKeepsThePreviousSuggestions() throws {
        let ws = try setUp(script: Self.echoFirstWord)
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try pretag(ws).status == 0)
        let file = ws.appendingPathComponent("datasets/demo/suggestions/ext.jsonl")
        let before = try Data(contentsOf: file)
        try Data("import sys\nsys.exit(1)\n".utf8).write(to: ws.appendingPathComponent("ext.py"))
        #expect(try pretag(ws).status == 1)
        #expect(try Data(contentsOf: file) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["ext.jsonl"])
    }

    @Test func theStdinFilterStreamsRecordsWithSuggestions() throws {
        let ws = try setUp(script: Self.echoFirstWord)
        defer { try? FileManager.default.removeItem(at: ws) }
        let input = Fixture.record(id: "x", text: "داعش 🙂 قتل ١٢") + "\n" + Fixture.record(id: "y", text: "قسد هنا") + "\n"
        let r = try CLI.run(["pretag", "--stdin", "--extractor", "cmd:python3 ext.py"], in: ws, stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0].hasPrefix(
                #"{"id":"x","meta":{"source":"fixture"},"spans":[{"end":4,"extractor":"cmd:python3 ext.py","label":"PERSON""#))
        #expect(lines[1].contains(#""text":"قسد هنا""#))
    }

    @Test func theShippedExampleExtractorRunsOnTheSeeds() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let seeds = CLI.repoRoot.appendingPathComponent("datasets/hajin-2018/records.jsonl").path
        #expect(try CLI.run(["import", "hajin", seeds], in: ws).status == 0)
        let script = CLI.repoRoot.appendingPathComponent("scripts/extractors/example_gazetteer.py").path
        let r = try CLI.run(["pretag", "hajin", "--extractor", "cmd:python3 \(script)", "--name", "example"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        // Every «داعش» of the seeds in the example's simple patterns, none dropped.
        #expect(r.stdout.contains("pretagged 57 record(s) of hajin with example"))
        #expect(r.stdout.contains("ARMED_GROUP"))
    }
}

extension ExternalExtractorTests {
    @Test func anExternalProgramsSpansComeOutSorted() throws {
        let ws = try setUp(
            script: """
                for line in sys.stdin:
                    r = json.loads(line)
                    print(json.dumps({"id": r["id"], "spans": [{"start": 5, "end": 7, "label": "COUNT"}, {"start": 0, "end": 3, "label": "PERSON"}]}), flush=True)

                """)
        defer { try? FileManager.default.removeItem(at: ws) }
        let input = Fixture.record(id: "x", text: "داعش 🙂 قتل ١٢") + "\n"
        let r = try CLI.run(["pretag", "--stdin", "--extractor", "cmd:python3 ext.py"], in: ws, stdin: Data(input.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let first = try #require(r.stdout.range(of: #""label":"PERSON""#))
        let second = try #require(r.stdout.range(of: #""label":"COUNT""#))
        #expect(first.lowerBound < second.lowerBound)
    }
}
