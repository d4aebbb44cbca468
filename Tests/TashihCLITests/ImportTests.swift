import Foundation
import Testing

@Suite struct ImportTests {
    let article = "قال متحدث باسم «التحالف الدولي» إن ١٢ مقاتلاً قُتِلوا 🙂\r\n\r\nوأضاف أن «قسد» استعادت الباغوز\r\n"

    func recordsFile(_ ws: URL, _ dataset: String) -> URL {
        ws.appendingPathComponent("datasets/\(dataset)/records.jsonl")
    }

    @Test func plainTextBecomesParagraphRecordsWithStableIDs() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(article.utf8)).write(to: ws.appendingPathComponent("art-1.txt"))
        let r = try CLI.run(["import", "demo", "art-1.txt"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("imported 2 record(s) into demo"))
        let lines = try String(contentsOf: recordsFile(ws, "demo"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        // Keys sorted, raw UTF-8, CR dropped, BOM dropped, text otherwise exactly as written.
        #expect(
            lines[0].hasPrefix(
                #"{"id":"art-1:p1","meta":{"line":1,"para":1,"source":"art-1.txt"},"text":"قال متحدث باسم «التحالف الدولي» إن ١٢ مقاتلاً قُتِلوا 🙂","text_hash":"sha256:"#
            ))
        #expect(
            lines[1].hasPrefix(
                #"{"id":"art-1:p2","meta":{"line":3,"para":2,"source":"art-1.txt"},"text":"وأضاف أن «قسد» استعادت الباغوز","#))
    }

    @Test func reimportingTheSameIDsIsRefusedAndChangesNothing() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data(article.utf8).write(to: ws.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["import", "demo", "a.txt"], in: ws).status == 0)
        let before = try Data(contentsOf: recordsFile(ws, "demo"))
        let r = try CLI.run(["import", "demo", "a.txt"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record id \"a:p1\" is already in dataset demo"))
        #expect(r.stderr.contains("nothing was imported"))
        #expect(try Data(contentsOf: recordsFile(ws, "demo")) == before)
    }

    @Test func duplicateTextsAreSkippedAndReportedUnlessKept() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data("نحو ٢٠٠ عنصر\nنحو ٢٠٠ عنصر\n".utf8).write(to: ws.appendingPathComponent("d.txt"))
        let r = try CLI.run(["import", "demo", "d.txt"], in: ws)
        #expect(r.status == 0)
        #expect(r.stderr.contains("record \"d:p2\" skipped: same text as \"d:p1\""))
        #expect(r.stdout.contains("imported 1 record(s)"))
        try Data("نحو ٢٠٠ عنصر\n".utf8).write(to: ws.appendingPathComponent("e.txt"))
        let kept = try CLI.run(["import", "demo", "e.txt", "--keep-duplicates"], in: ws)
        #expect(kept.status == 0)
        #expect(kept.stdout.contains("imported 1 record(s) into demo (2 in all)"))
    }

    @Test func aBadJSONLRecordMeansNothingIsWritten() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data(article.utf8).write(to: ws.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["import", "demo", "a.txt"], in: ws).status == 0)
        let before = try Data(contentsOf: recordsFile(ws, "demo"))
        let jsonl =
            Fixture.validRecord(id: "good") + "\n" + Fixture.record(id: "bad", spans: [Fixture.span("قسد", "MILITIA")]) + "\n"
        try Data(jsonl.utf8).write(to: ws.appendingPathComponent("in.jsonl"))
        let r = try CLI.run(["import", "demo", "in.jsonl"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("in.jsonl:2: error: record \"bad\" span 1"))
        #expect(try Data(contentsOf: recordsFile(ws, "demo")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("datasets/demo").path)
        #expect(leftovers == ["records.jsonl"], "a temporary file was left behind: \(leftovers)")
    }

    @Test func invalidUTF8TextIsRefusedWithItsBytePosition() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        // "قسد" in Windows-1256 is not UTF-8.
        try Data([0x20, 0xDE, 0xD3, 0xCF, 0x0A]).write(to: ws.appendingPathComponent("cp1256.txt"))
        let r = try CLI.run(["import", "demo", "cp1256.txt"], in: ws)
        #expect(r.status == 1)
        #expect(r.stderr.contains("cp1256.txt:1: error: invalid UTF-8 at byte 1 (0xDE)"))
        #expect(!FileManager.default.fileExists(atPath: recordsFile(ws, "demo").path))
    }

    @Test func aCanonicalFileImportsByteIdentically() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        // Write records the way Tashih writes them, then import: the dataset file is the same bytes.
        try Data((Fixture.validRecord(id: "a") + "\n" + Fixture.validRecord(id: "b") + "\n").utf8).write(
            to: ws.appendingPathComponent("in.jsonl"))
        #expect(try CLI.run(["import", "stage", "in.jsonl"], in: ws).status == 0)
        let canonical = try Data(contentsOf: recordsFile(ws, "stage"))
        try canonical.write(to: ws.appendingPathComponent("canonical.jsonl"))
        #expect(try CLI.run(["import", "again", "canonical.jsonl"], in: ws).status == 0)
        #expect(try Data(contentsOf: recordsFile(ws, "again")) == canonical)
        // And canonical means: sorted keys, raw Arabic, the text hash present.
        let first = String(decoding: canonical, as: UTF8.self).split(separator: "\n")[0]
        #expect(
            first.hasPrefix(
                #"{"id":"a","meta":{"source":"fixture"},"spans":[{"attributes":{"category":"killed","counted":"مدني","qualifier":"exact","value":12},"end":"#
            ))
        #expect(first.contains(#""text_hash":"sha256:"#))
    }

    @Test func aWorkspaceSchemaReplacesTheDefault() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let config =
            #"{"format":"tashih-workspace","version":1,"schema":{"families":[{"name":"event","labels":["ATTACK"],"attributes":[{"name":"weapon","type":"choice","values":["air","artillery"]}]}]}}"#
        try Data(config.utf8).write(to: ws.appendingPathComponent("tashih.json"))
        let ok = Fixture.record(id: "a", spans: [Fixture.span("غارة", "ATTACK", attrs: #"{"weapon":"air"}"#)])
        let bad = Fixture.record(id: "b", spans: [Fixture.span("قسد", "ARMED_GROUP")])
        try Data((ok + "\n" + bad + "\n").utf8).write(to: ws.appendingPathComponent("in.jsonl"))
        let r = try CLI.run(["verify", "in.jsonl"], in: ws)
        #expect(r.status == 1)
        #expect(!r.stderr.contains("record \"a\""))
        #expect(
            r.stderr.contains("record \"b\" span 1 (")
                && r.stderr.contains("unknown label ARMED_GROUP (labels of the schema: ATTACK)"))
        let schema = try CLI.run(["schema"], in: ws)
        #expect(
            schema.stdout.hasPrefix(
                #"{"families":[{"attributes":[{"name":"weapon","type":"choice","values":["air","artillery"]}],"labels":["ATTACK"],"name":"event"}]}"#
            ))
    }

    @Test func statsOfTheShippedDatasetMatchTheGoldenOutput() throws {
        let r = try CLI.run(["stats", "hajin-2018"], in: CLI.repoRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let golden = try String(
            contentsOf: CLI.repoRoot.appendingPathComponent("Tests/TashihCLITests/Golden/stats-hajin-2018.txt"), encoding: .utf8)
        #expect(r.stdout == golden)
    }

    @Test func theShippedDatasetVerifies() throws {
        let r = try CLI.run(["verify", "hajin-2018"], in: CLI.repoRoot)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0 error(s), 0 warning(s)"))
    }
}
