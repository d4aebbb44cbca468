import Foundation
import TashihJSON
import TashihModel
import Testing

@testable import TashihScoring

/// Tashih against the real nervaluate 1.2.1 and seqeval 1.2.2, without PyPI: the cases and the
/// tools' outputs in `Fixtures/interop-scoring.jsonl` were written by `scripts/interop/scoring
/// --update-reference` (the full run compares 240 cases). Counts must be equal, P/R/F1 within
/// 1e-9.
@Suite struct InteropReferenceTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/interop-scoring.jsonl")

    struct Case {
        var number: Int
        var labels: [String]
        var gold: [ScoringPair]
        var object: JSONObject
    }

    static func cases() throws -> [Case] {
        var out: [Case] = []
        try JSONLReader.forEachRecord(path: fixture.path) { r in
            let o = r.object
            func spans(_ v: JSONValue?) -> [Span] {
                (v?.arrayValue ?? []).map {
                    let s = $0.objectValue!
                    return Span(
                        start: s["start"]!.numberValue!.intValue!, end: s["end"]!.numberValue!.intValue!,
                        label: s["label"]!.stringValue!)
                }
            }
            var predicted: [String: [Span]] = [:]
            for p in o["predicted"]!.arrayValue! {
                predicted[p.objectValue!["id"]!.stringValue!] = spans(p.objectValue!["spans"])
            }
            let pairs = o["gold"]!.arrayValue!.map { g -> ScoringPair in
                let x = g.objectValue!
                let id = x["id"]!.stringValue!
                return ScoringPair(id: id, text: x["text"]!.stringValue!, gold: spans(x["spans"]), predicted: predicted[id]!)
            }
            out.append(
                Case(
                    number: o["case"]!.numberValue!.intValue!, labels: o["labels"]!.arrayValue!.map { $0.stringValue! },
                    // As `tashih score` (GoldSet) takes them: by id, in UTF-8 byte order.
                    gold: pairs.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) },
                    object: o))
        }
        return out
    }

    static func number(_ v: JSONValue?) -> Double { v?.numberValue?.doubleValue ?? .nan }

    static func expectScheme(_ ref: JSONObject, _ c: SchemeCounts, _ scheme: SpanMatching.Scheme, _ where_: String) {
        let got = [c.correct, c.incorrect, c.partial, c.missed, c.spurious, c.possible, c.actual]
        let keys = ["correct", "incorrect", "partial", "missed", "spurious", "possible", "actual"]
        #expect(keys.map { ref[$0]!.numberValue!.intValue! } == got, "\(where_)")
        let x = SpanMatching.prf(c, scheme)
        #expect(abs(number(ref["precision"]) - x.precision) <= 1e-9, "\(where_) precision")
        #expect(abs(number(ref["recall"]) - x.recall) <= 1e-9, "\(where_) recall")
        #expect(abs(number(ref["f1"]) - x.f1) <= 1e-9, "\(where_) f1")
    }

    @Test func theFixtureHoldsTheNastyCases() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 40)
        let all = cases.flatMap(\.gold)
        #expect(all.contains { $0.gold.isEmpty } && all.contains { $0.predicted.isEmpty })
        #expect(all.contains { p in p.gold.contains { $0.end - $0.start > 100 } })
        #expect(all.contains { $0.text.unicodeScalars.contains { $0.value > 0xFFFF } })
        #expect(all.contains { p in p.gold.contains { $0.end == p.text.unicodeScalars.count } })
    }

    @Test func spanCountsAndFiguresEqualNervaluate() throws {
        for c in try Self.cases() {
            let labels = LabelSet(schema: .default, extra: c.labels)
            let e = Evaluator(labels: labels)
            for p in c.gold { e.add(p) }
            let ner = c.object["nervaluate"]!.objectValue!
            for (k, scheme) in Evaluator.schemes.enumerated() {
                guard let ref = ner["overall"]?.objectValue?[scheme.rawValue]?.objectValue else { continue }
                Self.expectScheme(ref, e.counts[e.layout.cell(0, k)], scheme, "case \(c.number) overall \(scheme)")
            }
            for entry in ner["entities"]!.objectValue! {
                let l = Int(labels.id(entry.key)!)
                for (k, scheme) in Evaluator.schemes.enumerated() {
                    Self.expectScheme(
                        entry.value.objectValue![scheme.rawValue]!.objectValue!, e.counts[e.layout.cell(e.layout.label(l), k)],
                        scheme,
                        "case \(c.number) label \(entry.key) \(scheme)")
                }
            }
            for entry in c.object["families"]!.objectValue! {
                guard let f = labels.families.firstIndex(of: entry.key) else { continue }
                for (k, scheme) in Evaluator.schemes.enumerated() {
                    guard let ref = entry.value.objectValue!["overall"]?.objectValue?[scheme.rawValue]?.objectValue else {
                        continue
                    }
                    Self.expectScheme(
                        ref, e.counts[e.layout.cell(e.layout.family(f), k)], scheme,
                        "case \(c.number) family \(entry.key) \(scheme)")
                }
            }
        }
    }

    @Test func tokenFiguresEqualSeqevalOnTheSameTags() throws {
        for c in try Self.cases() {
            let labels = LabelSet(schema: .default, extra: c.labels)
            var options = EvaluationOptions()
            options.keepTags = true
            let e = Evaluator(labels: labels, options: options)
            for p in c.gold { e.add(p) }
            // The token view writes the tags the reference run fed to seqeval …
            let tags = c.object["tags"]!.arrayValue!.map { $0.objectValue! }
            #expect(e.tagged.map(\.id) == tags.map { $0["id"]!.stringValue! }, "case \(c.number)")
            for (mine, ref) in zip(e.tagged, tags) {
                #expect(mine.gold == ref["gold"]!.arrayValue!.map { $0.stringValue! }, "case \(c.number) \(mine.id) gold tags")
                #expect(
                    mine.predicted == ref["predicted"]!.arrayValue!.map { $0.stringValue! }, "case \(c.number) \(mine.id) tags")
            }
            // … and seqeval's counts and figures come out of them.
            let seq = c.object["seqeval"]!.objectValue!
            for entry in seq["labels"]!.objectValue! {
                let t = e.tokenCounts[Int(labels.id(entry.key)!)]
                let r = entry.value.objectValue!
                #expect(
                    [t.truePositives, t.predicted, t.gold]
                        == ["true_positives", "predicted", "gold"].map { r[$0]!.numberValue!.intValue! },
                    "case \(c.number) \(entry.key)")
                #expect(abs(Self.number(r["f1"]) - t.prf.f1) <= 1e-9, "case \(c.number) \(entry.key) f1")
            }
            let plan = FigurePlan(layout: e.layout, labels: labels, totals: e.totals)
            let values = plan.values(e.totals)
            for avg in ["micro", "macro", "weighted"] {
                let r = seq[avg]!.objectValue!
                for (m, k) in [("p", "precision"), ("r", "recall"), ("f1", "f1")] {
                    #expect(abs(Self.number(r[k]) - values["token/\(avg)/\(m)"]!) <= 1e-9, "case \(c.number) token \(avg) \(k)")
                }
            }
        }
    }
}
