import TashihGold
import TashihModel
import TashihText
import Testing

@testable import TashihScoring

/// Scoring whole records: Arabic text with harakat, tatweel, Arabic-Indic digits and an emoji,
/// spans located by their text.
@Suite struct EvaluatorTests {
    static let text = "🙂 قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» قرب الباغوز، وقال مسؤول إن «داعش» الإرهابي خسر"

    static func at(_ needle: String, _ label: String, _ attributes: [String: AttributeValue] = [:], from: Int = 0) -> Span {
        let h = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        for i in 0...(h.count - n.count) where Array(h[i..<i + n.count]) == n {
            return Span(start: i + from, end: i + n.count, label: label, attributes: attributes)
        }
        fatalError("\(needle) not in the text")
    }

    func evaluate(_ gold: [Span], _ predicted: [Span], options: EvaluationOptions = EvaluationOptions()) -> Evaluator {
        let e = Evaluator(labels: LabelSet(schema: .default), options: options)
        e.add(ScoringPair(id: "r1", text: Self.text, gold: gold, predicted: predicted))
        return e
    }

    /// The token view keeps each side's chunks without writing tags: they must be what
    /// seqeval's reading of the tags gives, and its alignment must be the token index's — on
    /// random spans, nested, overlapping, inside tokens and over white space.
    @Test func tokenViewChunksAreWhatTheTagsReadBackAndAlignAsTheIndex() {
        let text = Self.text
        let n = text.unicodeScalars.count
        let e = Evaluator(labels: LabelSet(schema: .default))
        let index = TokenIndex(text: text)
        var rng = Xoshiro256(seed: 7)
        let names = ["ARMED_GROUP", "STATE", "COUNT", "HOSTILE"]
        for round in 0..<300 {
            var spans: [Span] = []
            for _ in 0..<(1 + rng.index(below: 8)) {
                let a = rng.index(below: n)
                let b = a + 1 + rng.index(below: min(12, n - a))
                spans.append(Span(start: a, end: b, label: names[rng.index(below: names.count)]))
            }
            e.add(ScoringPair(id: "r\(round)", text: text, gold: spans, predicted: []))
            #expect(IOB2.entities(IOB2.tags(e.goldChunks, count: e.tokens.count)) == e.goldChunks)
            for s in spans {
                let mine = e.align(s.start, s.end)
                let theirs = index.align(s.start..<s.end)
                #expect(mine?.first == theirs?.tokenStart && mine?.last == theirs?.tokenEnd)
                #expect(mine?.aligned == theirs?.isAligned)
                #expect(e.token(containing: s.start) == index.token(containing: s.start))
            }
        }
        #expect(e.tokenDropped.gold > 0 && e.tokenWidened.gold > 0)
    }

    /// A family with one label in a record takes that label's counts without matching again:
    /// the counts and the stance polarity must be what matching the family's spans gives.
    @Test func aFamilyWithOneLabelCountsAsThatLabelAndPolarityStillCounts() {
        let e = Evaluator(labels: LabelSet(schema: .default))
        let l = e.layout
        let stance = e.labels.families.firstIndex(of: "stance")!
        let hostile = Int(e.labels.id("HOSTILE")!)
        // One label: two hostile cues found, one with a shifted edge.
        e.add(
            ScoringPair(
                id: "a", text: Self.text, gold: [Self.at("الإرهابي", "HOSTILE"), Self.at("قُتِلَ", "HOSTILE")],
                predicted: [Self.at("الإرهابي", "HOSTILE"), Self.at("قُتِلَ", "HOSTILE", from: 1)]))
        #expect(e.counts(scope: l.family(stance), scheme: .strict) == SchemeCounts(correct: 1, incorrect: 1))
        #expect(e.counts(scope: l.family(stance), scheme: .partial) == SchemeCounts(correct: 1, partial: 1))
        #expect(e.counts(scope: l.family(stance), scheme: .entType) == e.counts(scope: l.label(hostile), scheme: .entType))
        #expect(e.attributes.polarityCompared == 1 && e.attributes.polaritySame == 1)
        // Two labels: the same boundaries with the other polarity is compared and disagrees.
        e.add(
            ScoringPair(
                id: "b", text: Self.text, gold: [Self.at("الإرهابي", "HOSTILE"), Self.at("قُتِلَ", "SUPPORTIVE")],
                predicted: [Self.at("الإرهابي", "SUPPORTIVE"), Self.at("قُتِلَ", "SUPPORTIVE")]))
        #expect(e.attributes.polarityCompared == 3 && e.attributes.polaritySame == 2)
        #expect(e.counts(scope: l.family(stance), scheme: .strict) == SchemeCounts(correct: 2, incorrect: 2))
        #expect(e.counts(scope: l.family(stance), scheme: .exact) == SchemeCounts(correct: 3, incorrect: 1))
    }

    /// Span labels are found by the words their strings are stored in, then by comparing:
    /// short and long labels, made at run time apart from the label set's own strings, and a
    /// label in another Unicode form, all get the label set's ids.
    @Test func spanLabelsGetTheLabelSetsIdsHoweverTheirStringsWereMade() {
        let long = "LABEL_" + String(repeating: "ـX", count: 12)
        let labels = LabelSet(schema: .default, extra: [long, "Caf\u{E9}"])
        let e = Evaluator(labels: labels)
        let made = [
            "STATE", String(decoding: Array("ARMED_GROUP".utf8), as: UTF8.self), "LABEL_" + String(repeating: "ـX", count: 12),
            "Cafe\u{301}", String(decoding: Array("COUNT".utf8), as: UTF8.self),
        ]
        let spans = made.enumerated().map { Span(start: 10 - $0.offset, end: 11, label: $0.element) }
        var indices: [Int] = []
        var out: [MatchSpan] = []
        e.sortSpans(spans, &indices, &out)
        #expect(out.map(\.label) == indices.map { labels.id(made[$0])! })
        #expect(Set(out.map(\.label)).count == made.count)
        #expect(out.map(\.start) == [6, 7, 8, 9, 10])
    }

    @Test func aSameSpanWrongLabelIsIncorrectOverallButMissPlusSpuriousPerLabel() {
        let e = evaluate([Self.at("داعش", "ARMED_GROUP")], [Self.at("داعش", "STATE")])
        let l = e.layout
        #expect(e.counts(scope: l.overall, scheme: .strict) == SchemeCounts(incorrect: 1))
        let ag = Int(e.labels.id("ARMED_GROUP")!)
        let st = Int(e.labels.id("STATE")!)
        #expect(e.counts(scope: l.label(ag), scheme: .strict) == SchemeCounts(missed: 1))
        #expect(e.counts(scope: l.label(st), scheme: .strict) == SchemeCounts(spurious: 1))
        #expect(e.counts(scope: l.overall, scheme: .exact) == SchemeCounts(correct: 1))
    }

    @Test func theCliticRelaxedVariantForgivesAProclitic() {
        // Gold includes the proclitic ل of لقسد (as the guidelines say); the prediction leaves it out.
        let text = "قصفت الطائرات وبِالرقة مواقع لقسد"
        func span(_ needle: String, _ label: String, drop: Int = 0) -> Span {
            let h = Array(text.unicodeScalars)
            let n = Array(needle.unicodeScalars)
            let i = (0...(h.count - n.count)).first { Array(h[$0..<$0 + n.count]) == n }!
            return Span(start: i + drop, end: i + n.count, label: label)
        }
        let e = Evaluator(labels: LabelSet(schema: .default))
        e.add(
            ScoringPair(
                id: "r", text: text, gold: [span("لقسد", "ARMED_GROUP")], predicted: [span("لقسد", "ARMED_GROUP", drop: 1)]))
        let l = e.layout
        #expect(e.counts(scope: l.overall, scheme: .strict) == SchemeCounts(incorrect: 1))
        #expect(e.counts(scope: l.relaxedFamily, scheme: .strict) == SchemeCounts(correct: 1))
        let ag = Int(e.labels.id("ARMED_GROUP")!)
        #expect(e.counts(scope: l.relaxedLabel(ag), scheme: .strict) == SchemeCounts(correct: 1))

        // With a second actor label beside it, each label's relaxed counts are its own; a
        // prediction that starts inside a word but not at a proclitic does not move.
        let f = Evaluator(labels: LabelSet(schema: .default))
        f.add(
            ScoringPair(
                id: "s", text: text,
                gold: [span("لقسد", "ARMED_GROUP"), span("الطائرات", "STATE"), span("مواقع", "STATE")],
                predicted: [span("لقسد", "ARMED_GROUP", drop: 1), span("الطائرات", "STATE", drop: 3), span("مواقع", "STATE")]))
        let st = Int(f.labels.id("STATE")!)
        #expect(f.counts(scope: l.overall, scheme: .strict) == SchemeCounts(correct: 1, incorrect: 2))
        #expect(f.counts(scope: l.relaxedFamily, scheme: .strict) == SchemeCounts(correct: 2, incorrect: 1))
        #expect(f.counts(scope: l.relaxedLabel(ag), scheme: .strict) == SchemeCounts(correct: 1))
        #expect(f.counts(scope: l.relaxedLabel(st), scheme: .strict) == SchemeCounts(correct: 1, incorrect: 1))
        #expect(f.counts(scope: l.label(st), scheme: .strict) == SchemeCounts(correct: 1, incorrect: 1))
    }

    @Test func theTokenViewCountsTheNestedSpanItDrops() {
        // A stance cue inside an actor span cannot be written as IOB2 with it.
        let gold = [Self.at("«داعش» الإرهابي", "ARMED_GROUP"), Self.at("الإرهابي", "HOSTILE")]
        let e = evaluate(gold, gold)
        #expect(e.tokenDropped.gold == 1 && e.tokenDropped.predicted == 1)
        #expect(e.counts(scope: e.layout.overall, scheme: .strict) == SchemeCounts(correct: 2))
    }

    @Test func numberAttributesAreComparedOnMatchedSpansWithATolerance() {
        let g = Self.at("١٢", "COUNT", ["value": .number(12), "qualifier": .string("exact"), "category": .string("killed")])
        let p = Self.at("١٢", "COUNT", ["value": .number(13), "qualifier": .string("exact")])
        var o = EvaluationOptions()
        o.valueTolerance = 0.1
        let rows = evaluate([g], [p], options: o).attributes.rows
        func row(_ a: String) -> AttributeTally.Row? { rows.first { $0.attribute == a } }
        #expect(row("value")?.compared == 1 && row("value")?.correct == 0)
        #expect(row("value ±10%")?.correct == 1)
        #expect(row("qualifier")?.correct == 1)
        #expect(row("category")?.missing == 1)
    }

    @Test func actorLinkingIsPrecisionAndRecallOfSpanIdPairs() {
        let g = [
            Self.at("قسد", "ARMED_GROUP", ["actor_id": .string("SDF")]),
            Self.at("داعش", "ARMED_GROUP", ["actor_id": .string("ISIS")]),
        ]
        let p = [
            Self.at("قسد", "ARMED_GROUP", ["actor_id": .string("SDF")]),
            Self.at("داعش", "ARMED_GROUP", ["actor_id": .string("SDF")]),
        ]
        let a = evaluate(g, p).attributes
        #expect(a.linkingGold == 2 && a.linkingPredicted == 2 && a.linkingBoth == 1)
        #expect(a.rows.first { $0.attribute == "actor_id" }?.accuracy == 0.5)
    }

    @Test func errorsCarryTheirKindAndContext() {
        var o = EvaluationOptions()
        o.collectErrors = true
        o.contextScalars = 5
        let e = evaluate([Self.at("الباغوز", "ARMED_GROUP")], [Self.at("مدنيّاً", "COUNT")], options: o)
        #expect(Set(e.errors.map(\.kind)) == [.miss, .falsePositive])
        let miss = e.errors.first { $0.kind == .miss }!
        #expect(miss.inside == "الباغوز" && miss.before == "… قرب " && miss.after == "، وقا…")
        // The confusion matrix: a miss in the last column, a false positive in the last row.
        let n = e.labels.labels.count
        #expect(e.confusion[Int(e.labels.id("ARMED_GROUP")!) * (n + 1) + n] == 1)
        #expect(e.confusion[n * (n + 1) + Int(e.labels.id("COUNT")!)] == 1)
    }

    @Test func theBootstrapIsSeededAndPairsTheSameResamples() {
        var o = EvaluationOptions()
        o.keepDocumentCells = true
        let a = Evaluator(labels: LabelSet(schema: .default), options: o)
        let b = Evaluator(labels: LabelSet(schema: .default), options: o)
        for i in 0..<30 {
            let g = [Self.at("قسد", "ARMED_GROUP"), Self.at("داعش", "ARMED_GROUP")]
            a.add(ScoringPair(id: "r\(i)", text: Self.text, gold: g, predicted: i % 3 == 0 ? [g[0]] : g))
            b.add(ScoringPair(id: "r\(i)", text: Self.text, gold: g, predicted: [g[0]]))
        }
        var totals = a.totals
        for (i, v) in b.totals.enumerated() { totals[i] &+= v }
        let plan = FigurePlan(layout: a.layout, labels: a.labels, totals: totals)
        let r1 = try! Bootstrap.run(a.documentCells, figures: plan, replicates: 500, seed: 42, other: b.documentCells)
        let r2 = try! Bootstrap.run(a.documentCells, figures: plan, replicates: 500, seed: 42, other: b.documentCells)
        let key = "span/strict/overall/f1"
        #expect(r1.intervals[key] == r2.intervals[key])
        let c = r1.comparisons[key]!
        #expect(c.delta > 0 && c.p < 0.05)
        let i = r1.intervals[key]!
        #expect(i.low < i.high && i.high <= 1)
    }
}

/// The correction cost read from journal events.
@Suite struct CorrectionCostTests {
    func event(_ seq: Int, _ action: JournalAction, suggestion: SuggestionRef? = nil, record: String = "r1") -> JournalEvent {
        JournalEvent(
            seq: seq, time: JournalTime(milliseconds: Int64(seq)), annotator: "amal", record: DocumentID(record),
            textHash: "sha256:x",
            guidelines: "1.0", suggestion: suggestion, action: action)
    }

    @Test func eachAnsweredSuggestionIsCountedOnceAndUndoneEventsNotAtAll() {
        let v1 = { (s: Int, l: String) in
            SuggestionRef(extractor: "builtin.actors", version: "1.0", start: s, end: s + 3, label: l)
        }
        let events = [
            event(1, .accept, suggestion: v1(0, "STATE")),
            event(2, .reject, suggestion: v1(5, "STATE")),
            event(3, .relabel(span: SpanRef(start: 10, end: 13, label: "STATE"), to: "COALITION"), suggestion: v1(10, "STATE")),
            event(4, .move(span: SpanRef(start: 20, end: 23, label: "ORG"), start: 19, end: 23), suggestion: v1(20, "ORG")),
            event(5, .add(Span(start: 30, end: 34, label: "PERSON"))),
            event(6, .reject, suggestion: v1(40, "ORG")),
            event(7, .undo(seq: 6)),
        ]
        let cost = CorrectionCost.from(journals: [events])
        #expect(cost.rows.count == 1)
        let r = cost.rows[0]
        #expect(r.answered == 4 && r.acceptedAsIs == 1 && r.rejected == 1 && r.relabelled == 1 && r.moved == 1)
        #expect(r.added == 1 && cost.addedTotal == 1)
        // A release's positions leave later events out.
        #expect(CorrectionCost.from(journals: [events], positions: ["amal": 2]).rows[0].answered == 2)
    }
}
