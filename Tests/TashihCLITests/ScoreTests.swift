import Foundation
import Testing

/// `tashih score`: gold from a file or a release, predictions paired by id, malformed
/// predictions rejected naming record and span, every format, the correction cost.
@Suite struct ScoreTests {
    /// A gold file and a predictions file over the Arabic fixture text (harakat, tatweel,
    /// Arabic-Indic digits, an emoji before the spans), in another record order.
    func files(_ predictions: [String], firstText: String? = nil) throws -> URL {
        let dir = try CLI.tempDirectory()
        let first = firstText.map { Fixture.record(id: "r1", text: $0) } ?? Fixture.validRecord(id: "r1")
        let gold = [first, Fixture.validRecord(id: "r2")].joined(separator: "\n") + "\n"
        try Data(gold.utf8).write(to: dir.appendingPathComponent("gold.jsonl"))
        try Data((predictions.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("pred.jsonl"))
        return dir
    }

    func prediction(_ id: String, _ spans: [String], text: Bool = false) -> String {
        text ? Fixture.record(id: id, spans: spans) : "{\"id\":\"\(id)\",\"spans\":[\(spans.joined(separator: ","))]}"
    }

    var good: [String] {
        [
            prediction("r2", [Fixture.span("قسد", "ARMED_GROUP"), Fixture.span("داعش", "STATE")]),
            prediction("r1", [Fixture.span("١٢", "COUNT"), Fixture.span("قسد", "ARMED_GROUP")], text: true),
        ]
    }

    @Test func scoresAFileOfPredictionsAgainstAGoldFileInEveryFormat() throws {
        let dir = try files(good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["SOURCE_DATE_EPOCH": "1700000000"]
        let args = [
            "score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl", "--bootstrap", "200", "--name", "my-ner",
            "--extractor-version", "0.3",
            "--labels", "STATE",
        ]
        let t = try CLI.run(args, in: dir, env: env)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.hasPrefix("my-ner (0.3) against gold.jsonl\n"))
        #expect(t.stdout.contains("2023-11-14T22:13:20Z") && t.stdout.contains("gold sha256"))
        // 6 gold spans; r1: COUNT, ARMED_GROUP right, داعش missed; r2: قسد right, داعش as STATE (INC), COUNT missed.
        #expect(t.stdout.contains("strict      3    1    0    2    0    6    4  0.7500  0.5000  0.6000"))
        let j = try CLI.run(args + ["--format", "json"], in: dir, env: env)
        let o = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        #expect((o["gold"] as! [String: Any])["sha256"] as? String != nil)
        #expect((o["extractor"] as! [String: String]) == ["name": "my-ner", "version": "0.3"])
        let md = try CLI.run(args + ["--format", "markdown"], in: dir, env: env)
        #expect(md.stdout.contains("## Spans per label — strict") && md.stdout.contains("| ARMED_GROUP | actor |"))
        let csv = try CLI.run(args + ["--format", "csv"], in: dir, env: env)
        #expect(csv.stdout.hasPrefix("section,scope,scheme,metric,value,ci_low,ci_high\r\n"))
        #expect(csv.stdout.contains("span,overall,strict,COR,3,,\r\n"))
        let html = try CLI.run(args + ["--format", "html", "--errors"], in: dir, env: env)
        #expect(
            html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<svg")
                && html.stdout.contains("label confusion heatmap"))
        // Self-contained: no script, no external resource.
        #expect(!html.stdout.contains("<script") && !html.stdout.contains("src=") && !html.stdout.contains("<link"))
        #expect(html.stdout.contains("⟦داعش⟧"))
    }

    @Test func theSameSeedGivesTheSameIntervalsAndResamplesCanBeWritten() throws {
        let dir = try files(good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = [
            "score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl", "--format", "json", "--seed", "9", "--labels",
            "STATE",
        ]
        let a = try CLI.run(args + ["--write-resamples", "r.jsonl"], in: dir, env: ["SOURCE_DATE_EPOCH": "0"])
        let b = try CLI.run(args, in: dir, env: ["SOURCE_DATE_EPOCH": "0"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        let lines = try String(contentsOf: dir.appendingPathComponent("r.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1001 && lines[0].contains(#""documents":["r1","r2"]"#))
    }

    @Test func aMalformedPredictionIsRejectedNamingRecordAndSpan() throws {
        let bad = [
            prediction("r1", ["{\"start\":3,\"end\":900,\"label\":\"COUNT\"}"]),
            prediction("r2", ["{\"start\":3,\"end\":5,\"label\":\"WEAPON\"}"]),
        ]
        let dir = try files(bad)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl"], in: dir)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("pred.jsonl:1: error: record \"r1\" span 1 (3..900 COUNT): offset 900 is past the end of the text"))
        #expect(r.stderr.contains("pred.jsonl:2: error: record \"r2\" span 1 (3..5 WEAPON): unknown label WEAPON"))
        #expect(r.stderr.contains("Error: pred.jsonl: 2 malformed prediction(s); nothing was scored"))
    }

    @Test func anotherTextIsAnErrorEvenWhenSwiftWouldCallItEqual() throws {
        // é as e + U+0301 before the text in the prediction, é precomposed in the gold: Swift's ==
        // calls the two texts equal; their scalars differ.
        let gold = "\u{E9}" + Fixture.text
        let predicted = "e\u{301}" + Fixture.text
        #expect(gold == predicted)
        let line = "{\"id\":\"r1\",\"text\":\"\(predicted)\",\"spans\":[]}"
        let dir = try files([line, prediction("r2", [])], firstText: gold)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("record \"r1\": its text differs from the gold record's"))
        let skip = try CLI.run(
            ["score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl", "--on-text-mismatch", "skip"], in: dir)
        #expect(skip.status == 0 && skip.stdout.contains("predictions with another text (left out)"))
    }

    @Test func missingAndExtraRecordsAreErrorsUnlessAFlagSaysOtherwise() throws {
        let dir = try files([good[0], prediction("r9", [])])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl"], in: dir)
        #expect(r.status == 1 && r.stderr.contains("record \"r9\": no gold record has this id"))
        let extra = try CLI.run(
            ["score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl", "--on-extra", "ignore", "--labels", "STATE"], in: dir
        )
        #expect(extra.status == 1 && extra.stderr.contains("1 gold record(s) have no prediction: \"r1\""))
        let empty = try CLI.run(
            [
                "score", "--gold", "gold.jsonl", "--predictions", "pred.jsonl", "--on-extra", "ignore", "--on-missing", "empty",
                "--format",
                "json", "--labels", "STATE",
            ],
            in: dir)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains(#""records":2"#))
    }

    @Test func aReleaseIsScoredWithTheBuiltinsAndTheJournalsCorrectionCost() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try FileManager.default.copyItem(
            at: CLI.repoRoot.appendingPathComponent("datasets/lexicons"), to: ws.appendingPathComponent("datasets/lexicons"))
        try Data("نحو ٢٠٠ عنصر من «قسد» 🙂\nقُتِلَ ١٢ مدنيّاً في غارة لـ«داعش»\n".utf8).write(to: ws.appendingPathComponent("a.txt"))
        #expect(try CLI.run(["import", "demo", "a.txt"], in: ws).status == 0)
        #expect(try CLI.run(["pretag", "demo"], in: ws).status == 0)
        #expect(try CLI.run(["journal", "append", "demo", "--as", "amal", "--events", "6"], in: ws).status == 0)
        #expect(try CLI.run(["release", "demo", "-m", "v1"], in: ws).status == 0)
        let r = try CLI.run(["score", "demo@v1", "--extractor", "builtin", "--format", "json", "--errors"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let gold = o["gold"] as! [String: String]
        let manifest = try String(
            contentsOf: ws.appendingPathComponent("datasets/demo/releases/v1/manifest.json"), encoding: .utf8)
        #expect(gold["name"] == "demo@v1" && manifest.contains(gold["sha256"]!))
        #expect((o["extractor"] as! [String: String])["name"] == "builtin")
        let cost = o["correction_cost"] as! [String: Any]
        #expect((cost["source"] as! String).contains("demo up to demo@v1's positions"))
        #expect((cost["spans_added"] as! Int) > 0)
        let bad = try CLI.run(["score", "demo", "--extractor", "builtin"], in: ws)
        #expect(bad.status == 64 && bad.stderr.contains("is not a gold reference"))
    }
}
