import Foundation
import TashihModel
import Testing

@testable import TashihScoring

/// The fast readers of gold and predictions give exactly what the general readers give, and
/// give up (so that the general reader reports) on anything else.
@Suite struct FastReadTests {
    /// Harakat, tatweel, Arabic-Indic digits and a non-BMP emoji.
    static let text = "قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» 🙂 قرب الباغوز"

    static func write(_ lines: [String], bom: Bool = false, crlf: Bool = false) throws -> String {
        let path = NSTemporaryDirectory() + "tashih-fast-\(UUID().uuidString).jsonl"
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        for l in lines { bytes += Array(l.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A]) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The text as JSON with escapes: the emoji as a surrogate pair, a quote, a newline.
    static let escaped = #"قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» \ud83d\ude42 قرب الباغوز\n\"\u0627\/"#
    static let unescaped = text + "\n\"ا/"

    static var goldLines: [String] {
        // The emoji is scalar 34; «قسد» is scalars 28..33.
        [
            #"{"id": "r1", "text": "\#(text)", "spans": [{"start": 29, "end": 32, "label": "ARMED_GROUP"}, {"start": 6, "end": 8, "label": "COUNT"}]}"#,
            "",
            #"{"spans":[],"id":"r0","text":"\#(escaped)"}"#,
            #"{"id": "r\u0032", "text": "\#(text)", "spans": [{"label": "STATE", "end": 35, "start": 34}]}"#,
        ]
    }

    @Test func goldReadFastEqualsTheGeneralReader() throws {
        for (bom, crlf) in [(false, false), (true, true)] {
            let path = try Self.write(Self.goldLines, bom: bom, crlf: crlf)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let fast = try #require(GoldSet.readFast(path: path, displayName: path, schema: nil, hash: nil))
            let general = try GoldSet.read(path: path, displayName: path, schema: nil, fast: false)
            #expect(fast.documents == general.documents)
            #expect(fast.hash == general.hash)
            #expect(fast.documents.map(\.id.rawValue) == ["r0", "r1", "r2"])
            #expect(fast.documents[0].text == Self.unescaped)
            #expect(fast.documents[2].spans == [Span(start: 34, end: 35, label: "STATE")])
        }
    }

    /// Labels are made once per run of lines and then found by their bytes: escaped, long,
    /// Arabic and line-final labels must still come out as the general reader reads them.
    @Test func internedLabelsReadAsTheGeneralReaderReadsThem() throws {
        let t = Self.text
        var lines: [String] = []
        for k in 0..<40 {
            let label = [
                "STATE", #"ST\u0041TE"#, #"A\"B"#, "VERY_LONG_LABEL_NAME_X", "فاعل_مسلح", "STATF", "STAT", "ARMED_GROUP",
            ][k % 8]
            lines.append(
                #"{"id": "r\#(k)", "text": "\#(t)", "spans": [{"start": 0, "end": 2, "label": "\#(label)"}, "#
                    + #"{"start": 6, "end": 8, "label": "\#(label)"}]}"#)
        }
        let path = try Self.write(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fast = try #require(GoldSet.readFast(path: path, displayName: path, schema: nil, hash: nil))
        let general = try GoldSet.read(path: path, displayName: path, schema: nil, fast: false)
        #expect(fast.documents == general.documents)
        // The labels the reader collected (interned or not) are the spans' labels.
        #expect(Set(fast.labelsRead ?? []) == Set(general.documents.flatMap { $0.spans.map(\.label) }))
        #expect(fast.labelsRead?.count == Set(fast.labelsRead ?? []).count)
        #expect(
            Set(fast.documents.flatMap { $0.spans.map(\.label) })
                == ["STATE", "A\"B", "VERY_LONG_LABEL_NAME_X", "فاعل_مسلح", "STATF", "STAT", "ARMED_GROUP"])
        // A predictions file whose labels are accepted or refused once per label: a refused
        // one after many accepted ones still makes the fast reader give up.
        let gold = general
        var plines = (0..<40).map { #"{"id": "r\#($0)", "spans": [{"start": 0, "end": 2, "label": "STATE"}]}"# }
        plines[39] = #"{"id": "r39", "spans": [{"start": 0, "end": 2, "label": "STATF"}]}"#
        let ppath = try Self.write(plines)
        defer { try? FileManager.default.removeItem(atPath: ppath) }
        var policy = PairingPolicy()
        policy.missing = .empty
        #expect(
            PredictionSet.readFast(
                path: ppath, gold: gold, schema: nil, labels: ["STATE"], policy: policy, name: "", version: "") == nil)
        let both = try #require(
            PredictionSet.readFast(
                path: ppath, gold: gold, schema: nil, labels: ["STATE", "STATF"], policy: policy, name: "", version: ""))
        #expect(both.spans["r39"]?.first?.label == "STATF" && both.spans["r38"]?.first?.label == "STATE")
        #expect(Set(both.labelsRead ?? []) == ["STATE", "STATF"])
    }

    /// A report from the fast readers (labels collected while reading, 300 records so that
    /// scoring runs on several threads) is the report from the general readers (labels
    /// collected from the spans).
    @Test func theReportIsTheSameWithLabelsCollectedWhileReading() throws {
        let t = Self.text
        let names = ["STATE", "ARMED_GROUP", "A_LABEL_LONGER_THAN_SIXTEEN", #"STATE"#, "COUNT"]
        var goldLines: [String] = []
        var predLines: [String] = []
        for k in 0..<300 {
            let a = names[k % names.count]
            let b = names[(k / 3) % names.count]
            goldLines.append(
                #"{"id": "r\#(k)", "text": "\#(t)", "spans": [{"start": 0, "end": 2, "label": "\#(a)"}, "#
                    + #"{"start": 6, "end": 8, "label": "\#(b)"}]}"#)
            predLines.append(
                #"{"id": "r\#(k)", "spans": [{"start": 0, "end": 3, "label": "\#(b)"}, "#
                    + #"{"start": 6, "end": 8, "label": "\#(a)"}]}"#)
        }
        // Every seventh record has no prediction, scored as predicting nothing.
        let goldPath = try Self.write(goldLines)
        let predPath = try Self.write(predLines.enumerated().filter { $0.offset % 7 != 3 }.map(\.element).reversed())
        defer {
            try? FileManager.default.removeItem(atPath: goldPath)
            try? FileManager.default.removeItem(atPath: predPath)
        }
        var settings = ScoreSettings()
        settings.replicates = 0
        settings.date = "2026-01-01T00:00:00Z"
        func report(fast: Bool) throws -> String {
            let gold = try GoldSet.read(path: goldPath, displayName: "gold", schema: nil, fast: fast)
            let labels = Set(gold.spanLabels)
            var policy = PairingPolicy()
            policy.missing = .empty
            let predictions = try PredictionSet.read(
                path: predPath, displayName: "pred", gold: gold, schema: nil, labels: labels, policy: policy, fast: fast)
            #expect(predictions.spans["r3"] == [] && predictions.spans.count == 300)
            if fast { #expect(predictions.byGold?.count == 300 && predictions.byGold?.allSatisfy { $0 != nil } == true) }
            #expect((gold.labelsRead != nil) == fast && (predictions.labelsRead != nil) == fast)
            return try Scoring.score(gold: gold, predictions: predictions, schema: nil, settings: settings).render(.json)
        }
        let fast = try report(fast: true)
        #expect(fast == (try report(fast: false)))
        #expect(fast.contains("A_LABEL_LONGER_THAN_SIXTEEN"))
    }

    /// Strings are scanned eight bytes at a time: a quote, a backslash or a control character
    /// at any offset is still seen.
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for k in 0..<20 {
            let head = String(repeating: "ـ", count: k / 2) + String(repeating: "x", count: k % 2)
            for (raw, decoded) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\u0627"#, "ا"), (#"\n"#, "\n")] {
                let path = try Self.write([#"{"id": "r", "text": "\#(head)\#(raw)\#(Self.text)", "spans": []}"#])
                defer { try? FileManager.default.removeItem(atPath: path) }
                let fast = try #require(GoldSet.readFast(path: path, displayName: path, schema: nil, hash: nil))
                #expect(fast.documents.first?.text == head + decoded + Self.text)
            }
            // A raw control character (a tab) is not allowed in a JSON string: give up.
            let path = try Self.write(["{\"id\": \"r\", \"text\": \"\(head)\t\(Self.text)\", \"spans\": []}"])
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(GoldSet.readFast(path: path, displayName: path, schema: nil, hash: nil) == nil, "offset \(k)")
        }
    }

    /// Gold records come sorted by the bytes of their ids, whatever their length, script or
    /// shared prefix (the sort compares 16-byte prefixes as integers first).
    @Test func goldIsSortedByIdBytes() {
        var rng = Xoshiro256(seed: 3)
        let stems = ["", "x", "article_0000000000000", "article_0000000000001", "مقال:١٢", "🙂", "a\u{0}", "ab"]
        let ids = (0..<500).map { i -> String in
            stems[rng.index(below: stems.count)] + stems[rng.index(below: stems.count)] + String(i % 37)
        }
        let unique = Array(Set(ids))
        let set = GoldSet(name: "t", hash: "h", documents: unique.map { Document(id: DocumentID($0), text: Self.text) })
        let expected = unique.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(set.documents.map(\.id.rawValue) == expected)
        #expect(expected.allSatisfy { set.position($0).map { set.documents[$0].id.rawValue } == $0 })
    }

    @Test func goldReadFastGivesUpOnOtherShapesAndProblems() throws {
        let t = Self.text
        for bad in [
            #"{"id": "r1", "text": "\#(t)", "meta": {}, "spans": []}"#,  // another key
            #"{"id": 1, "text": "\#(t)", "spans": []}"#,  // a numeric id
            #"{"id": "r1", "text": "\#(t)", "spans": [{"start": 3, "end": 99, "label": "STATE"}]}"#,  // past the end
            #"{"id": "r1", "text": "\#(t)", "spans": [{"start": 4, "end": 4, "label": "STATE"}]}"#,  // empty span
            #"{"id": "r1", "text": "\#(t)", "spans": [{"start": 1.0, "end": 4, "label": "STATE"}]}"#,  // not an integer
            #"{"id": "r1", "text": "\#(t)", "spans": [{"start": 1, "end": 4, "label": "STATE", "start": 2}]}"#,
            #"{"id": "r1", "text": "\#(t)\ud83d", "spans": []}"#,  // a lone surrogate
            #"{"id": "", "text": "\#(t)", "spans": []}"#,
            #"{"id": "r0", "text": "\#(t)"} x"#,
        ] {
            let path = try Self.write([#"{"id": "r0", "text": "\#(t)"}"#, bad])
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(GoldSet.readFast(path: path, displayName: path, schema: nil, hash: nil) == nil, "\(bad)")
        }
        // A duplicate id, and an unknown label under a schema.
        let dup = try Self.write([#"{"id": "r0", "text": "\#(t)"}"#, #"{"id": "r0", "text": "\#(t)"}"#])
        defer { try? FileManager.default.removeItem(atPath: dup) }
        #expect(GoldSet.readFast(path: dup, displayName: dup, schema: nil, hash: nil) == nil)
        let unknown = try Self.write([#"{"id": "r0", "text": "\#(t)", "spans": [{"start": 0, "end": 2, "label": "NOPE"}]}"#])
        defer { try? FileManager.default.removeItem(atPath: unknown) }
        #expect(GoldSet.readFast(path: unknown, displayName: unknown, schema: .default, hash: nil) == nil)
        #expect(GoldSet.readFast(path: unknown, displayName: unknown, schema: nil, hash: nil) != nil)
    }

    @Test func predictionsReadFastEqualTheGeneralReader() throws {
        let goldPath = try Self.write(Self.goldLines)
        defer { try? FileManager.default.removeItem(atPath: goldPath) }
        let gold = try GoldSet.read(path: goldPath, displayName: goldPath, schema: nil)
        let hash = gold.document("r1")!.textHash
        let lines = [
            #"{"id": "r1", "text_hash": "\#(hash)", "spans": [{"start": 28, "end": 33, "label": "ARMED_GROUP"}]}"#,
            #"{"id": "r0", "text": "\#(Self.escaped)", "spans": []}"#,
            #"{"id": "r2", "spans": [{"start": 34, "end": 35, "label": "STATE"}, {"start": 6, "end": 8, "label": "COUNT"}]}"#,
            #"{"id": "r9", "spans": []}"#,
        ]
        let path = try Self.write(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let labels: Set<String> = ["ARMED_GROUP", "COUNT", "STATE"]
        var policy = PairingPolicy()
        policy.extra = .ignore
        let fast = try #require(
            PredictionSet.readFast(
                path: path, gold: gold, schema: nil, labels: labels, policy: policy, name: path, version: "unversioned"))
        let general = try PredictionSet.read(
            path: path, displayName: path, gold: gold, schema: nil, labels: labels, policy: policy, fast: false)
        #expect(fast.spans == general.spans)
        #expect(fast.extra == general.extra && fast.extra == ["r9"])
        // A record left out: the labels read may not be the kept records', so none are given.
        #expect(fast.labelsRead == nil)
        #expect(fast.spans["r2"]?.count == 2)
        // An error the general reader names (record r9 is not in the gold) makes it give up.
        #expect(
            PredictionSet.readFast(
                path: path, gold: gold, schema: nil, labels: labels, policy: PairingPolicy(), name: path, version: "") == nil)
        // So do a label outside the allowed ones and a changed text.
        #expect(
            PredictionSet.readFast(
                path: path, gold: gold, schema: nil, labels: ["ARMED_GROUP"], policy: policy, name: path, version: "") == nil)
        let changed = try Self.write([#"{"id": "r0", "text": "x", "spans": []}"#])
        defer { try? FileManager.default.removeItem(atPath: changed) }
        #expect(
            PredictionSet.readFast(path: changed, gold: gold, schema: nil, labels: labels, policy: policy, name: "", version: "")
                == nil)
    }

    @Test func theBootstrapSumsWhatDrawingDocumentByDocumentSums() throws {
        // 300 documents of random cells; 70 replicates (two full blocks and a short one).
        var rng = Xoshiro256(seed: 42)
        let cellCount = 12
        var docStart = [0]
        var ids: [Int32] = []
        var values: [SIMD8<Int32>] = []
        for _ in 0..<300 {
            for c in 0..<cellCount where rng.index(below: 3) > 0 {
                ids.append(Int32(c))
                var v = SIMD8<Int32>.zero
                for lane in 0..<5 { v[lane] = Int32(rng.index(below: 4)) }
                // Now and then a count too large to pack.
                if rng.index(below: 500) == 0 { v[0] = 5000 }
                values.append(v)
            }
            docStart.append(ids.count)
        }
        // The figures of 3 labels in one family: the random counts fill the layout's first cells.
        let labels = LabelSet(schema: nil, extra: ["A", "B", "C"])
        let layout = ScopeLayout(families: labels.families.count, labels: labels.labels.count)
        let padded = DocumentCells(cellCount: layout.cellCount, docStart: docStart, cellIDs: ids, cellValues: values)
        let plan = FigurePlan(layout: layout, labels: labels, totals: padded.totals())
        var drawn: [[Int32]] = []
        let result = try Bootstrap.run(padded, figures: plan, replicates: 70, seed: 9, other: padded) { b, d in
            #expect(b == drawn.count)
            drawn.append(d)
        }
        #expect(drawn.count == 70)
        // The reference: each replicate's documents drawn one by one, their counts added.
        var figures = [[Double]](repeating: [], count: 70)
        for b in 0..<70 {
            var r = Xoshiro256(seed: 9 &+ UInt64(b))
            var sums = [SIMD8<Int32>](repeating: .zero, count: layout.cellCount)
            var draws: [Int32] = []
            sums.withUnsafeMutableBufferPointer { s in
                for _ in 0..<300 {
                    let d = r.index(below: 300)
                    draws.append(Int32(d))
                    padded.add(d, to: s.baseAddress!)
                }
            }
            #expect(draws == drawn[b])
            var out = [Double](repeating: 0, count: plan.keys.count)
            plan.compute(sums, into: &out)
            figures[b] = out
        }
        for (i, key) in plan.keys.enumerated() {
            var column = figures.map { $0[i] }
            #expect(result.intervals[key] == Bootstrap.interval(&column), "\(key)")
            // Paired with itself: every replicate's difference is 0.
            #expect(result.comparisons[key]?.interval == Bootstrap.Interval(low: 0, high: 0))
        }
    }
}
