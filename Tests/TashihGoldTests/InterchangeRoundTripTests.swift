import Foundation
import TashihInterchange
import TashihJSON
import TashihModel
import Testing

/// A corpus with harakat, tatweel, emoji and other non-BMP characters (a ZWJ family, a flag,
/// U+10900), Arabic-Indic digits and a CRLF inside a record; a span inside a token (`لـداعش`),
/// an overlap (a stance cue across an actor phrase), and record ids that are not file names.
enum InterchangeCorpus {
    static let t1 = "قال 🇸🇾 مصدر إن القــوات الروسيّة قصفت ١٢ مدنياً، وهاجمت لـداعش بشدة 😡\r\nوقُتِلَ ٣ 𐤀 آخرين"
    static let t2 = "ألقت قوات سوريا الديمقراطية القبض على ٥٠٠ 👨‍👩‍👧 عنصر"
    static let t3 = "لا شيء هنا 🙂"

    /// The scalar range of the first `needle` in `text`.
    static func at(_ needle: String, _ text: String) -> (Int, Int) {
        let h = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        for i in 0...(h.count - n.count) where Array(h[i..<i + n.count]) == n { return (i, i + n.count) }
        fatalError("\(needle) not in text")
    }

    static func span(_ needle: String, _ text: String, _ label: String, _ attrs: [String: AttributeValue] = [:]) -> Span {
        let (s, e) = at(needle, text)
        return Span(start: s, end: e, label: label, attributes: attrs)
    }

    static var documents: [Document] {
        [
            Document(
                id: "doc:1", text: t1, meta: JSONObject([("source", .string("a.txt")), ("para", .number(JSONNumber(1)))]),
                spans: [
                    span("القــوات الروسيّة", t1, "STATE_FORCE", ["actor_id": .string("RUSSIA_MIL")]),
                    span("الروسيّة قصفت", t1, "HOSTILE", ["target": .string("CIVILIANS")]),
                    span(
                        "١٢ مدنياً", t1, "COUNT",
                        [
                            "value": .number(12), "qualifier": .string("exact"), "category": .string("civilians"),
                            "counted": .string("مدنياً"),
                        ]),
                    span("داعش", t1, "ARMED_GROUP", ["actor_id": .string("ISIS")]),
                    span("٣", t1, "COUNT", ["value": .number(3), "category": .string("killed")]),
                ]),
            Document(
                id: "doc:2/ب", text: t2, meta: JSONObject([("source", .string("b.txt"))]),
                spans: [
                    span("قوات سوريا الديمقراطية", t2, "ARMED_GROUP", ["actor_id": .string("SDF")]),
                    span("٥٠٠", t2, "COUNT", ["value": .number(500), "qualifier": .string("approx")]),
                ]),
            Document(id: "doc:3", text: t3, meta: JSONObject([("source", .string("c.txt"))])),
        ]
    }

    /// Writes the documents as a release-like records file; returns its path.
    static func writeRecords(_ docs: [Document], in dir: String) throws -> String {
        var bytes: [UInt8] = []
        for d in docs {
            JSONWriter.write(d.json, to: &bytes)
            bytes.append(0x0A)
        }
        let path = dir + "/records.jsonl"
        try writeFileAtomically(bytes, to: path)
        return path
    }

    /// A fresh folder under this test process's own (`root`).
    static func tempDir() throws -> String {
        let d = root + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// This test process's folder, removed when the process exits: tests read their exports
    /// after `roundTrip` returns, so each cannot remove its own.
    static let root: String = {
        atexit { try? FileManager.default.removeItem(atPath: InterchangeCorpus.root) }
        return NSTemporaryDirectory() + "/tashih-interchange-\(getpid())"
    }()
}

/// A span as the comparisons see it: offsets, label, attributes.
struct Key: Hashable, CustomStringConvertible {
    var start: Int
    var end: Int
    var label: String
    var attributes: [String: AttributeValue]
    init(_ s: Span, attributes keep: Bool) {
        start = s.start
        end = s.end
        label = s.label
        attributes = keep ? s.attributes : [:]
    }
    var description: String { "\(start)..<\(end) \(label) \(attributes)" }
}

@Suite struct InterchangeRoundTripTests {
    let docs = InterchangeCorpus.documents

    /// Exports `docs` in `format` and reads the export back.
    func roundTrip(
        _ format: InterchangeFormat, clitics: CliticPolicy = .split, predictions: [String: [Span]] = [:],
        configure: (inout ExportOptions) -> Void = { _ in }
    ) throws -> (read: InterchangeReadResult, summary: ExportSummary, out: String) {
        let dir = try InterchangeCorpus.tempDir()
        let records = try InterchangeCorpus.writeRecords(docs, in: dir)
        var o = ExportOptions(format: format, outDirectory: dir + "/out", schema: .default, release: "corpus@v1")
        o.clitics = clitics
        o.predictions = predictions
        configure(&o)
        let summary = try Exporter(options: o).run(recordsPath: records)
        let byID = Dictionary(uniqueKeysWithValues: docs.map { ($0.id.rawValue, $0.text) })
        var reader = InterchangeReader(format: format, schema: .default, existingText: { byID[$0] })
        reader.extractor = "ls-model"
        let files = try FileManager.default.contentsOfDirectory(atPath: o.outDirectory).sorted()
        let paths: [String]
        switch format {
        case .brat, .webanno: paths = [o.outDirectory]
        case .prodigy, .doccano, .hf: paths = files.filter { $0.hasSuffix(".jsonl") }.map { o.outDirectory + "/" + $0 }
        case .labelStudio: paths = files.filter { $0.hasSuffix(".json") && $0 != "splits.json" }.map { o.outDirectory + "/" + $0 }
        case .conll: paths = files.filter { $0.hasSuffix(".conll") }.map { o.outDirectory + "/" + $0 }
        case .iob2: paths = files.filter { $0.hasSuffix(".iob") }.map { o.outDirectory + "/" + $0 }
        case .bioes: paths = files.filter { $0.hasSuffix(".bioes") }.map { o.outDirectory + "/" + $0 }
        }
        return (try reader.read(paths: paths), summary, o.outDirectory)
    }

    func expectSame(_ read: InterchangeReadResult, attributes: Bool, expected: [String: [Span]]? = nil) {
        #expect(Set(read.records.map(\.document.id.rawValue)) == Set(docs.map(\.id.rawValue)))
        for d in docs {
            guard let r = read.records.first(where: { $0.document.id == d.id }) else { continue }
            #expect(r.document.text.unicodeScalars.elementsEqual(d.text.unicodeScalars), "text of \(d.id)")
            let want = Set((expected?[d.id.rawValue] ?? d.spans).map { Key($0, attributes: attributes) })
            let got = Set(r.spans.map { Key($0, attributes: attributes) })
            #expect(got == want, "spans of \(d.id)")
        }
    }

    @Test func prodigyKeepsOffsetsLabelsAttributesAndOverlaps() throws {
        let (read, summary, out) = try roundTrip(.prodigy)
        expectSame(read, attributes: true)
        #expect(summary.written.values.reduce(0, +) == 7)
        // The clitic of لـداعش is a token of its own; tokens and ws rebuild the text exactly.
        let line = try String(contentsOfFile: out + "/data.jsonl", encoding: .utf8).split(separator: "\n")[0]
        let o = try JSONParser.parse(String(line)).objectValue!
        var rebuilt = ""
        for t in o["tokens"]!.arrayValue! {
            rebuilt += t.objectValue!["text"]!.stringValue!
            if t.objectValue!["ws"] == .bool(true) { rebuilt += " " }
        }
        #expect(rebuilt.unicodeScalars.elementsEqual(InterchangeCorpus.t1.unicodeScalars))
        let tokens = o["tokens"]!.arrayValue!.map { $0.objectValue!["text"]!.stringValue! }
        #expect(tokens.contains("لـ") && tokens.contains("داعش") && tokens.contains("\r\n"))
        let isis = o["spans"]!.arrayValue!.map(\.objectValue!).first { $0["label"] == .string("ARMED_GROUP") }!
        #expect(tokens[isis["token_start"]!.numberValue!.intValue!] == "داعش")
        #expect(o["_input_hash"]?.numberValue?.intValue == Int(ProdigyFormat.inputHash(InterchangeCorpus.t1)))
        #expect(summary.changed.keys.contains { $0.hasPrefix("ARMED_GROUP: edge inside a token: clitic split") })
    }

    @Test func doccanoBothFormsKeepOffsetsAndLabels() throws {
        for form in DoccanoForm.allCases {
            let (read, _, _) = try roundTrip(.doccano) { $0.doccanoForm = form }
            expectSame(read, attributes: false)
        }
    }

    @Test func bratKeepsAttributesNormalisationsAndNotes() throws {
        let (read, _, out) = try roundTrip(.brat)
        expectSame(read, attributes: true)
        let ann = try String(contentsOfFile: out + "/doc%3A1.ann", encoding: .utf8)
        #expect(ann.contains("\tReference T") && ann.contains(" actor_id:RUSSIA_MIL\t"))
        #expect(ann.contains("\tAnnotatorNotes T") && ann.contains("\tcounted=مدنياً"))
        #expect(ann.contains("\tqualifier T"))
        let txt = try Data(contentsOf: URL(fileURLWithPath: out + "/doc%3A1.txt"))
        #expect(txt == Data(InterchangeCorpus.t1.utf8))
        #expect(FileManager.default.fileExists(atPath: out + "/doc%3A2%2F%D8%A8.txt"))
    }

    @Test func labelStudioKeepsAnnotationsAndPredictionsApart() throws {
        let t2 = InterchangeCorpus.t2
        var p = InterchangeCorpus.span("سوريا الديمقراطية", t2, "ARMED_GROUP", ["actor_id": .string("SDF")])
        p.origin = SuggestionOrigin(extractor: "builtin.actors", version: "1.0", score: 0.75)
        let doc2 = docs[1]
        let (read, summary, out) = try roundTrip(
            .labelStudio, predictions: [SuggestionIndex.key(id: doc2.id.rawValue, textHash: doc2.textHash): [p]])
        expectSame(read, attributes: true)
        #expect(summary.predictions == 1)
        let r2 = read.records.first { $0.document.id == doc2.id }!
        #expect(r2.predictions.map { Key($0, attributes: true) } == [Key(p, attributes: true)])
        #expect(r2.predictions.first?.origin?.score == 0.75)
        #expect(r2.predictions.first?.origin?.version == "builtin.actors@1.0")
        let config = try String(contentsOfFile: out + "/label_config.xml", encoding: .utf8)
        #expect(config.contains("<Choices name=\"qualifier\" toName=\"text\" perRegion=\"true\">"))
    }

    @Test func webannoUsesUTF16OffsetsAndRoundTrips() throws {
        let (read, _, out) = try roundTrip(.webanno)
        expectSame(read, attributes: true)
        let tsv = try String(contentsOfFile: out + "/doc%3A1.tsv", encoding: .utf8)
        #expect(tsv.hasPrefix("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Tashih|label|"))
        // The flag is 2 scalars and 4 UTF-16 units: مصدر starts at scalar 7, UTF-16 unit 9.
        #expect(tsv.contains("\t9-13\tمصدر\t"))
        #expect(tsv.contains("#Text=") && tsv.contains("😡\\r\\nوقُتِلَ"))
        #expect(tsv.contains("STATE\\_FORCE[1]"))
    }

    /// The token formats: overlaps resolved by priority (the actor wins over the stance cue),
    /// the clitic split off, offsets back exactly on import.
    @Test(arguments: [InterchangeFormat.conll, .iob2, .bioes, .hf])
    func tokenFormatsRoundTripAfterThePolicies(_ format: InterchangeFormat) throws {
        let (read, summary, _) = try roundTrip(format)
        var expected: [String: [Span]] = [:]
        for d in docs { expected[d.id.rawValue] = d.spans.filter { $0.label != "HOSTILE" } }
        expectSame(read, attributes: false, expected: expected)
        #expect(summary.dropped == ["HOSTILE: overlaps a STATE_FORCE span kept by priority": 1])
        #expect(summary.written["HOSTILE"] == nil && summary.written["COUNT"] == 3)
    }

    @Test func priorityOrderAndPerFamilyFiles() throws {
        let (read, summary, _) = try roundTrip(.iob2) { $0.priority = ["HOSTILE"] }
        #expect(summary.dropped == ["STATE_FORCE: overlaps a HOSTILE span kept by priority": 1])
        #expect(read.records.first { $0.document.id == "doc:1" }!.spans.contains { $0.label == "HOSTILE" })
        let (_, fam, out) = try roundTrip(.conll) { $0.overlap = .perFamily }
        #expect(fam.dropped.isEmpty)
        #expect(fam.written["HOSTILE"] == 1 && fam.written["STATE_FORCE"] == 1)
        for f in ["actor", "number", "stance"] {
            #expect(FileManager.default.fileExists(atPath: out + "/\(f)/data.conll"), "\(f)/data.conll")
        }
    }

    @Test func widenPolicyMovesTheSpanToTheWholeTokenAndSaysSo() throws {
        let (read, summary, _) = try roundTrip(.conll, clitics: .widen)
        let r1 = read.records.first { $0.document.id == "doc:1" }!
        let (s, e) = InterchangeCorpus.at("لـداعش", InterchangeCorpus.t1)
        #expect(r1.spans.contains { $0.label == "ARMED_GROUP" && $0.start == s && $0.end == e })
        #expect(summary.changed["ARMED_GROUP: edge inside a token: widened to the whole token"] == 1)
        let conll = try roundTrip(.conll).out
        let text = try String(contentsOfFile: conll + "/data.conll", encoding: .utf8)
        #expect(text.hasPrefix("-DOCSTART- -X- -X- O\n\n"))
        #expect(text.contains("لـ -X- _ O\nداعش -X- _ B-ARMED_GROUP\n"))
    }

    @Test func aFailedExportLeavesNothing() throws {
        let dir = try InterchangeCorpus.tempDir()
        // Not a release: ids out of order (a duplicate would be caught the same way).
        let records = try InterchangeCorpus.writeRecords(docs.reversed(), in: dir)
        let o = ExportOptions(format: .conll, outDirectory: dir + "/out", schema: .default, release: "corpus@v1")
        #expect {
            _ = try Exporter(options: o).run(recordsPath: records)
        } throws: { e in "\(e)".contains("record \"doc:2/ب\" does not come after \"doc:3\"") }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(left == ["records.jsonl"], "\(left)")
    }

    @Test func familyAndLabelSelection() throws {
        let (read, summary, _) = try roundTrip(.prodigy) {
            $0.families = ["number"]
            $0.labels = ["HOSTILE"]
        }
        #expect(summary.notSelected == 3)
        let labels = Set(read.records.flatMap(\.spans).map(\.label))
        #expect(labels == ["COUNT", "HOSTILE"])
    }
}

@Suite struct SplitterTests {
    func items(_ n: Int, groups: Int) -> [SplitItem] {
        (0..<n).map { i in
            SplitItem(
                id: "r\(i)", group: "article-\(i % groups)", textKey: UInt64(i),
                labels: i % 7 == 0 ? ["PERSON": 1] : ["ARMED_GROUP": 2])
        }
    }

    @Test func deterministicGroupedAndNearTheRatios() {
        let its = items(1000, groups: 200)
        let spec = SplitSpec(ratios: [80, 10, 10], seed: 42, groupBy: "meta.source")
        let a = Splitter.assign(its, spec: spec)
        #expect(a.splits == Splitter.assign(its, spec: spec).splits)
        #expect(a.groups == 200)
        var splitOfGroup: [String: Int] = [:]
        for (i, it) in its.enumerated() {
            if let s = splitOfGroup[it.group!] { #expect(s == a.splits[i]) }
            splitOfGroup[it.group!] = a.splits[i]
        }
        let counts = (0..<3).map { s in a.splits.filter { $0 == s }.count }
        #expect(abs(counts[0] - 800) <= 10 && abs(counts[1] - 100) <= 10 && abs(counts[2] - 100) <= 10, "\(counts)")
        // Stratified: the rare label is spread like the records.
        let persons = (0..<3).map { s in its.indices.filter { a.splits[$0] == s && its[$0].labels["PERSON"] != nil }.count }
        let total = persons.reduce(0, +)
        #expect(abs(Double(persons[0]) / Double(total) - 0.8) < 0.05, "\(persons)")
        #expect(Splitter.assign(its, spec: SplitSpec(ratios: [80, 10, 10], seed: 7, groupBy: "meta.source")).splits != a.splits)
    }

    @Test func nearDuplicatesShareASplit() {
        let a = "قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» 🙂"
        let b = "قتل  12 مدنيا في غارة ل«قسد» 🙂"
        #expect(Splitter.textKey(a) == Splitter.textKey(b))
        #expect(Splitter.textKey(a) != Splitter.textKey("قتل 13 مدنيا في غارة ل«قسد» 🙂"))
        var its = (0..<100).map { SplitItem(id: "r\($0)", group: nil, textKey: UInt64($0), labels: [:]) }
        its[3].textKey = 999
        its[97].textKey = 999
        for seed in UInt64(0)..<20 {
            let r = Splitter.assign(its, spec: SplitSpec(ratios: [50, 50], seed: seed))
            #expect(r.splits[3] == r.splits[97])
            #expect(r.mergedByText == 1)
        }
    }

    @Test func fewGroupsStillFillEverySplit() {
        let its = [16, 14, 13, 10, 4].enumerated().flatMap { g, n in
            (0..<n).map { SplitItem(id: "g\(g)-\($0)", group: "g\(g)", textKey: UInt64(g * 100 + $0), labels: ["COUNT": 1]) }
        }
        let r = Splitter.assign(its, spec: SplitSpec(ratios: [80, 10, 10], seed: 1, groupBy: "meta.source"))
        #expect(Set(r.splits) == [0, 1, 2])
    }

    @Test func murmurMatchesTheReferenceVectors() {
        // MurmurHash3_x86_32 reference values (seed 0).
        #expect(Murmur3.hash32(Array("".utf8)) == 0)
        #expect(Murmur3.hash32(Array("hello".utf8)) == 0x248b_fa47)
        #expect(Murmur3.hash32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x2e4f_f723)
    }
}

/// Offsets shifted by an emoji (UTF-16 units where code points were expected, or the reverse)
/// are caught, never imported one character off.
@Suite struct ShiftedOffsetTests {
    func read(_ format: InterchangeFormat, _ content: String, name: String) throws -> InterchangeReadResult {
        let dir = try InterchangeCorpus.tempDir()
        let path = dir + "/" + name
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return try InterchangeReader(format: format, schema: .default).read(paths: [path])
    }

    @Test func labelStudioUTF16OffsetsAfterAnEmojiAreRefused() throws {
        // "🙂 قسد هنا": قسد is code points 2..5 but UTF-16 units 3..6, as a buggy front end stores it.
        let task =
            #"[{"data":{"text":"🙂 قسد هنا"},"annotations":[{"result":[{"id":"a","type":"labels","from_name":"label","#
            + #""to_name":"text","value":{"start":3,"end":6,"text":"قسد","labels":["ARMED_GROUP"]}}]}]}]"#
        #expect {
            _ = try read(.labelStudio, task, name: "ls.json")
        } throws: { e in
            let d = "\(e)"
            return d.contains("ls.json:1: error: result a 3..6 says \"قسد\"") && d.contains("UTF-16")
        }
        let good = task.replacingOccurrences(of: #""start":3,"end":6"#, with: #""start":2,"end":5"#)
        #expect(try read(.labelStudio, good, name: "ls.json").records[0].spans.map(\.start) == [2])
    }

    @Test func webannoOffsetsInsideASurrogatePairAreRefused() throws {
        let tsv =
            "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Tashih|label\n\n\n#Text=🙂 قسد\n1-1\t0-2\t🙂\t_\n1-2\t1-6\tقسد\tARMED_GROUP\n"
        #expect {
            _ = try read(.webanno, tsv, name: "x.tsv")
        } throws: { e in "\(e)".contains("x.tsv:7: error: offsets 1-6 fall inside a surrogate pair") }
        let good = tsv.replacingOccurrences(of: "\t1-6\t", with: "\t3-6\t")
        let spans = try read(.webanno, good, name: "x.tsv").records[0].spans
        #expect(spans.map { [$0.start, $0.end] } == [[2, 5]])
    }

    @Test func bratOffsetsPastTheTextNameTheLine() throws {
        let dir = try InterchangeCorpus.tempDir()
        try Data("قُتِلَ ١٢ 🙂".utf8).write(to: URL(fileURLWithPath: dir + "/a.txt"))
        try Data("T1\tCOUNT 7 9\t١٢\nT2\tCOUNT 9 14\tx\n".utf8).write(to: URL(fileURLWithPath: dir + "/a.ann"))
        #expect {
            _ = try InterchangeReader(format: .brat, schema: .default).read(paths: [dir])
        } throws: { e in "\(e)".contains("a.ann:2: error: T2 9..14 is not inside the text of a.txt (0..11 code points)") }
    }
}

/// Files as the other tools write them (not made by Tashih).
@Suite struct ForeignFileTests {
    static let t = "قصفت القوات الروسية مدينة حلب أمس وقتلت 12 مدنياً"

    @Test func bratAsInTheBriefWithActorsNormalisationAndFragments() throws {
        let dir = try InterchangeCorpus.tempDir()
        try Data(Self.t.utf8).write(to: URL(fileURLWithPath: dir + "/seed-002.txt"))
        let ann = """
            T1\tARMED_GROUP 5 19\tالقوات الروسية
            T2\tCOUNT 40 42\t12
            T3\tARMED_GROUP 5 11;12 19\tالقوات الروسية
            A1\tqualifier T2 exact
            N1\tReference T1 actors:RUSSIA_MIL\tRussian forces
            #1\tAnnotatorNotes T2\tcount from the local council

            """
        try Data(ann.utf8).write(to: URL(fileURLWithPath: dir + "/seed-002.ann"))
        let r = try InterchangeReader(format: .brat, schema: .default).read(paths: [dir + "/seed-002.ann"])
        let spans = r.records[0].spans
        #expect(r.records[0].document.id == "seed-002")
        #expect(spans[0] == Span(start: 5, end: 19, label: "ARMED_GROUP", attributes: ["actor_id": .string("RUSSIA_MIL")]))
        #expect(spans[1] == Span(start: 40, end: 42, label: "COUNT", attributes: ["qualifier": .string("exact")]))
        #expect(Self.t.scalarSlice(40, 42) == "12")
        #expect(spans[2] == Span(start: 5, end: 19, label: "ARMED_GROUP"))
        #expect(r.notes.contains { $0.contains("discontinuous T3 imported as its covering span 5..19") })
        #expect(r.notes.contains { $0.contains("the note on T2 is not NAME=VALUE") })
    }

    @Test func inceptionNamedEntityLayerWithIdentifier() throws {
        let tsv = """
            #FORMAT=WebAnno TSV 3.3
            #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value


            #Text=قصفت القوات الروسية 🙂 حلب
            1-1\t0-4\tقصفت\t_\t_
            1-2\t5-11\tالقوات\tRUSSIA\\_MIL[1]\tARMED\\_GROUP[1]
            1-3\t12-19\tالروسية\tRUSSIA\\_MIL[1]\tARMED\\_GROUP[1]
            1-4\t20-22\t🙂\t_\t_
            1-5\t23-26\tحلب\t*\tSTATE

            """
        let dir = try InterchangeCorpus.tempDir()
        try Data(tsv.utf8).write(to: URL(fileURLWithPath: dir + "/doc.tsv"))
        let r = try InterchangeReader(format: .webanno, schema: .default).read(paths: [dir + "/doc.tsv"])
        #expect(
            r.records[0].spans == [
                Span(start: 5, end: 19, label: "ARMED_GROUP", attributes: ["actor_id": .string("RUSSIA_MIL")]),
                Span(start: 22, end: 25, label: "STATE"),
            ])
    }
}
