import Foundation
import TashihJSON
import TashihModel
import Testing

/// `tashih export` and `tashih import --format …` end to end: gold imported from Prodigy as an
/// annotator's journal, released, exported in every format, imported again as another
/// annotator's gold into a fresh dataset, released again: the two releases hold the same spans.
@Suite struct ExportImportTests {
    // Harakat, tatweel, a flag and an emoji (non-BMP), U+10900, Arabic-Indic digits, CRLF inside.
    static let t1 = "قال 🇸🇾 مصدر إن القــوات الروسيّة قصفت ١٢ مدنياً، وهاجمت لـداعش بشدة 😡\r\nوقُتِلَ ٣ 𐤀 آخرين"
    static let t2 = "ألقت قوات سوريا الديمقراطية القبض على ٥٠٠ 👨‍👩‍👧 عنصر"

    static func span(_ needle: String, _ text: String, _ label: String, _ attrs: [(String, JSONValue)] = []) -> JSONValue {
        let (s, e) = Fixture.range(of: needle, in: text)
        var o = JSONObject([("start", .number(JSONNumber(s))), ("end", .number(JSONNumber(e))), ("label", .string(label))])
        if !attrs.isEmpty { o["attributes"] = .object(JSONObject(attrs)) }
        return .object(o)
    }

    static let records: [(id: String, text: String, spans: [JSONValue])] = [
        (
            "a:p1", t1,
            [
                span("القــوات الروسيّة", t1, "STATE_FORCE", [("actor_id", "RUSSIA_MIL")]),
                span("الروسيّة قصفت", t1, "HOSTILE", [("target", "CIVILIANS")]),
                span(
                    "١٢ مدنياً", t1, "COUNT",
                    [("value", 12), ("qualifier", "exact"), ("category", "civilians"), ("counted", "مدنياً")]),
                span("داعش", t1, "ARMED_GROUP", [("actor_id", "ISIS")]),
                span("٣", t1, "COUNT", [("value", 3)]),
            ]
        ),
        ("b:p1", t2, [span("قوات سوريا الديمقراطية", t2, "ARMED_GROUP", [("actor_id", "SDF")])]),
    ]

    /// Writes JSONL lines.
    static func write(_ values: [JSONValue], to url: URL) throws {
        var b: [UInt8] = []
        for v in values {
            JSONWriter.write(v, to: &b)
            b.append(0x0A)
        }
        try Data(b).write(to: url)
    }

    static func recordsJSONL(_ ws: URL) throws {
        try write(
            records.map {
                .object(
                    JSONObject([("id", .string($0.id)), ("text", .string($0.text)), ("meta", ["source": .string($0.id)])]))
            }, to: ws.appendingPathComponent("records.jsonl"))
    }

    /// A workspace with dataset `gold` released as v1 (gold imported from Prodigy as amal's journal).
    static func goldWorkspace() throws -> URL {
        let ws = try CLI.workspace()
        try recordsJSONL(ws)
        #expect(try CLI.run(["import", "gold", "records.jsonl"], in: ws).status == 0)
        try write(
            records.map {
                .object(
                    JSONObject([
                        ("text", .string($0.text)), ("meta", ["id": .string($0.id)]), ("spans", .array($0.spans)),
                        ("answer", "accept"),
                    ]))
            }, to: ws.appendingPathComponent("gold.jsonl"))
        let imp = try CLI.run(["import", "gold", "gold.jsonl", "--format", "prodigy", "--as-gold", "amal"], in: ws)
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("gold: 6 span(s) as 8 journal event(s) of amal"))
        let rel = try CLI.run(["release", "gold", "-m", "v1"], in: ws)
        #expect(rel.status == 0, "\(rel.stderr)")
        return ws
    }

    /// The spans of a release, as `id start end label attributes` strings.
    static func releaseSpans(_ ws: URL, _ dataset: String, attributes: Bool) throws -> Set<String> {
        var out = Set<String>()
        let text = try String(
            contentsOf: ws.appendingPathComponent("datasets/\(dataset)/releases/v1/records.jsonl"), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let o = try JSONParser.parse(String(line)).objectValue!
            for s in o["spans"]?.arrayValue ?? [] {
                var so = s.objectValue!
                if !attributes { so["attributes"] = nil }
                so["text"] = nil
                out.insert(o["id"]!.stringValue! + " " + JSONWriter.string(.object(so)))
            }
        }
        return out
    }

    @Test(arguments: [
        ("prodigy", true), ("doccano", false), ("brat", true), ("label-studio", true), ("webanno", true), ("conll", false),
        ("iob2", false), ("bioes", false), ("hf", false),
    ])
    func exportThenImportGivesTheSameGold(_ format: String, _ carriesAttributes: Bool) throws {
        let ws = try Self.goldWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let ex = try CLI.run(["export", "gold@v1", "--format", format, "--out", "out"], in: ws)
        #expect(ex.status == 0, "\(ex.stderr)")
        #expect(ex.stdout.contains("records: 2"))
        // Tokenised formats split the clitic of لـداعش off; offset formats need no tokens.
        let tokenised = !["doccano", "brat", "label-studio"].contains(format)
        #expect(ex.stdout.contains("spans changed by policy: \(tokenised ? 1 : 0)"), "\(ex.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("out").path)
        let inputs: [String]
        switch format {
        case "brat", "webanno": inputs = ["out"]
        case "label-studio": inputs = ["out/data.json"]
        case "conll": inputs = ["out/data.conll"]
        case "iob2": inputs = ["out/data.iob"]
        case "bioes": inputs = ["out/data.bioes"]
        default: inputs = ["out/data.jsonl"]
        }
        #expect(files.contains { inputs[0].hasSuffix($0) } || inputs == ["out"], "\(files)")
        let tokenFormat = ["conll", "iob2", "bioes", "hf"].contains(format)
        if tokenFormat {
            // These carry no text: the records must be there first.
            #expect(try CLI.run(["import", "copy", "records.jsonl"], in: ws).status == 0)
            #expect(ex.stdout.contains("spans dropped by policy: 1"))
        }
        let imp = try CLI.run(["import", "copy"] + inputs + ["--format", format, "--as-gold", "bob"], in: ws)
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stderr.contains("converted to code points"))
        #expect(try CLI.run(["release", "copy", "-m", "round trip"], in: ws).status == 0)
        var want = try Self.releaseSpans(ws, "gold", attributes: carriesAttributes)
        if tokenFormat { want = want.filter { !$0.contains("HOSTILE") } }
        #expect(try Self.releaseSpans(ws, "copy", attributes: carriesAttributes) == want)
    }

    @Test func labelStudioPredictionsComeInAsSuggestionsOfANamedExtractor() throws {
        let ws = try Self.goldWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        #expect(try CLI.run(["export", "gold@v1", "--format", "label-studio", "--out", "ls"], in: ws).status == 0)
        // Give the export's annotations to a model: predictions in, annotations left out.
        let r = try CLI.run(
            ["import", "gold", "ls/data.json", "--format", "label-studio", "--as-suggestions", "ls-model"], in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("already there"))
        #expect(r.stderr.contains("annotations need --as-gold"))
        let sug = try String(contentsOf: ws.appendingPathComponent("datasets/gold/suggestions/ls-model.jsonl"), encoding: .utf8)
        #expect(sug.split(separator: "\n").count == 2)
        #expect(try CLI.run(["verify", "gold"], in: ws).status == 0)
    }

    @Test func splitGroupAndManifest() throws {
        let ws = try Self.goldWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let args = [
            "export", "gold@v1", "--format", "hf", "--out", "hf", "--split", "50/50", "--seed", "3", "--group-by", "meta.source",
        ]
        let r = try CLI.run(args, in: ws)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("splits: train 1, test 1"))
        let manifest = try JSONParser.parse(try String(contentsOf: ws.appendingPathComponent("hf/splits.json"), encoding: .utf8))
        #expect(manifest.objectValue?["seed"] == .number(JSONNumber(3)))
        let card = try String(contentsOf: ws.appendingPathComponent("hf/README.md"), encoding: .utf8)
        #expect(card.contains("license: unknown") && card.contains("| B-ARMED_GROUP |") && card.contains("gold@v1"))
        let labels = try String(contentsOf: ws.appendingPathComponent("hf/labels.json"), encoding: .utf8)
        #expect(labels.hasPrefix("[\"O\",\"B-STATE\",\"I-STATE\""))
        // Same seed, same files; an existing folder is not replaced without --force.
        let again = try CLI.run(args, in: ws)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        let before = try Data(contentsOf: ws.appendingPathComponent("hf/train.jsonl"))
        #expect(try CLI.run(args + ["--force"], in: ws).status == 0)
        #expect(try Data(contentsOf: ws.appendingPathComponent("hf/train.jsonl")) == before)
    }

    // MARK: - Malformed imports: the file and line, nothing written

    func expectNothingWritten(_ ws: URL, _ r: CLIResult, _ location: String) {
        #expect(r.status == 1)
        #expect(r.stderr.contains(location), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was imported"))
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("datasets/bad").path))
    }

    @Test func offsetsPastTheTextAreRefused() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let good = #"{"text":"قُتِلَ ١٢ 🙂","spans":[{"start":0,"end":6,"label":"HOSTILE"}]}"#
        let bad = #"{"text":"قُتِلَ ١٢ 🙂","meta":{"id":"x"},"spans":[{"start":7,"end":12,"label":"COUNT"}]}"#
        try Data((good + "\n" + bad + "\n").utf8).write(to: ws.appendingPathComponent("p.jsonl"))
        let r = try CLI.run(["import", "bad", "p.jsonl", "--format", "prodigy", "--as-gold", "amal"], in: ws)
        expectNothingWritten(ws, r, "p.jsonl:2: error: span 7..12 (COUNT) is not inside the text (0..11 code points")
    }

    @Test func annWithoutItsTxtIsRefused() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let dir = ws.appendingPathComponent("brat")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("قُتِلَ ١٢".utf8).write(to: dir.appendingPathComponent("one.txt"))
        try Data("T1\tCOUNT 6 8\t١٢\n".utf8).write(to: dir.appendingPathComponent("one.ann"))
        try Data("T1\tCOUNT 0 2\tx\n".utf8).write(to: dir.appendingPathComponent("two.ann"))
        let r = try CLI.run(["import", "bad", "brat", "--format", "brat", "--as-suggestions", "brat-import"], in: ws)
        expectNothingWritten(ws, r, "brat/two.ann: error: no two.txt beside it")
    }

    @Test func tsvWithAWrongHeaderIsRefused() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data("#FORMAT=WebAnno TSV 2\n#T_SP=webanno.custom.Tashih|label\n\n\n#Text=١٢\n1-1\t0-2\t١٢\tCOUNT\n".utf8).write(
            to: ws.appendingPathComponent("x.tsv"))
        let r = try CLI.run(["import", "bad", "x.tsv", "--format", "webanno", "--as-gold", "amal"], in: ws)
        expectNothingWritten(ws, r, "x.tsv:1: error: wrong header: expected \"#FORMAT=WebAnno TSV 3.3\"")
    }

    @Test func conllLineWithTooFewColumnsIsRefused() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        try Data("-DOCSTART- -X- -X- O\n\nقُتِلَ -X- _ O\n١٢ -X- _ B-COUNT\n\nقسد B-ARMED_GROUP\n".utf8).write(
            to: ws.appendingPathComponent("x.conll"))
        let r = try CLI.run(["import", "bad", "x.conll", "--format", "conll", "--as-gold", "amal"], in: ws)
        expectNothingWritten(ws, r, "x.conll:6: error: expected 4 columns (token POS chunk TAG), found 2")
    }

    @Test func spansNeedToBeCalledSuggestionsOrGold() throws {
        let ws = try CLI.workspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let r = try CLI.run(["import", "bad", "x.jsonl", "--format", "prodigy"], in: ws)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--as-suggestions EXTRACTOR or --as-gold ANNOTATOR"))
    }
}
