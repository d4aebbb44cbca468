import Testing

@testable import TashihScoring

/// The strict and exact schemes of nervaluate 1.2.1 (SCORING.md): counts on small cases whose
/// answers follow from the rules, including the ones that trip implementations up.
@Suite struct SpanMatchingTests {
    func s(_ a: Int, _ b: Int, _ l: String) -> ScoredSpan { ScoredSpan(start: a, end: b, label: l) }

    @Test func sameSpanAnotherLabelIsIncorrectStrictButCorrectExact() {
        let gold = [s(5, 19, "ARMED_GROUP")]
        let pred = [s(5, 19, "STATE")]
        let strict = SpanMatching.count(gold: gold, predicted: pred, scheme: .strict)
        let exact = SpanMatching.count(gold: gold, predicted: pred, scheme: .exact)
        #expect(
            strict
                == {
                    var c = SchemeCounts(); c.incorrect = 1; return c
                }())
        #expect(exact.correct == 1 && exact.incorrect == 0)
    }

    @Test func anOffByOneBoundaryIsIncorrectAndTouchingSpansDoNotOverlap() {
        let gold = [s(26, 29, "STATE"), s(40, 42, "COUNT")]
        let pred = [s(26, 30, "STATE"), s(42, 45, "COUNT")]
        let c = SpanMatching.count(gold: gold, predicted: pred, scheme: .strict)
        #expect(c.incorrect == 1)  // 26..30 overlaps 26..29
        #expect(c.spurious == 1)  // 42..45 only touches 40..42
        #expect(c.missed == 1)
        #expect(c.possible == 2 && c.actual == 2)
    }

    @Test func duplicatePredictionsAreNotCollapsed() {
        let c = SpanMatching.count(gold: [s(0, 3, "X")], predicted: [s(0, 3, "X"), s(0, 3, "X")], scheme: .strict)
        // SCORING.md: two identical predictions are COR + SPU (the gold span is used once).
        #expect(c.correct == 1 && c.spurious == 1 && c.incorrect == 0)
    }

    @Test func emptyGoldAndEmptyPredictionsGiveZeroNeverNaN() {
        let c = SpanMatching.count(gold: [], predicted: [], scheme: .strict)
        let (p, r, f) = SpanMatching.precisionRecallF1(c)
        #expect(p == 0 && r == 0 && f == 0)
        let only = SpanMatching.count(gold: [], predicted: [s(0, 1, "X")], scheme: .exact)
        #expect(only.spurious == 1)
        #expect(SpanMatching.precisionRecallF1(only).f1 == 0)
    }

    @Test func precisionRecallAndF1() {
        var c = SchemeCounts()
        c.correct = 3
        c.incorrect = 1
        c.spurious = 1
        c.missed = 2
        let (p, r, f) = SpanMatching.precisionRecallF1(c)
        #expect(abs(p - 3.0 / 5) < 1e-12)
        #expect(abs(r - 3.0 / 6) < 1e-12)
        #expect(abs(f - 2 * p * r / (p + r)) < 1e-12)
    }
}

/// The partial and ent_type schemes and the rules SCORING.md calls easy to get wrong.
@Suite struct SchemeRuleTests {
    func s(_ a: Int, _ b: Int, _ l: String) -> ScoredSpan { ScoredSpan(start: a, end: b, label: l) }

    @Test func partialGivesHalfCreditAndNeverIncorrect() {
        let c = SpanMatching.count(gold: [s(0, 10, "X")], predicted: [s(2, 10, "Y")], scheme: .partial)
        #expect(c == SchemeCounts(partial: 1))
        let x = SpanMatching.prf(c, .partial)
        #expect(x.precision == 0.5 && x.recall == 0.5 && x.f1 == 0.5)
    }

    @Test func entTypeTakesTheClosestGoldSpanOfTheSameLabel() {
        // Both gold spans overlap the prediction; the second is closer (|Δ| = 1 against 5).
        let gold = [s(0, 6, "A"), s(4, 9, "A")]
        let m = SpanMatching.match(gold: gold, predicted: [s(4, 10, "A")], scheme: .entType)
        #expect(m.goldIndex == [1] && m.missed == [0])
        #expect(m.counts == SchemeCounts(correct: 1, missed: 1))
    }

    @Test func entTypeCountsAnotherLabelIncorrectOnlyWithoutASameLabelOverlap() {
        let c = SpanMatching.count(gold: [s(0, 4, "B"), s(2, 8, "A")], predicted: [s(1, 5, "A")], scheme: .entType)
        #expect(c == SchemeCounts(correct: 1, missed: 1))
        let d = SpanMatching.count(gold: [s(0, 4, "B")], predicted: [s(1, 5, "A")], scheme: .entType)
        #expect(d == SchemeCounts(incorrect: 1))
    }

    @Test func aLaterExactMatchWinsOverAnEarlierOverlap() {
        // Strict scans all unmatched gold spans for the exact one before settling for an overlap.
        let m = SpanMatching.match(gold: [s(0, 5, "A"), s(3, 8, "A")], predicted: [s(3, 8, "A")], scheme: .strict)
        #expect(m.goldIndex == [1] && m.counts == SchemeCounts(correct: 1, missed: 1))
    }

    @Test func aOneScalarOverlapOfALongGoldSpanIsBelowNervaluatesThreshold() {
        // nervaluate's 1 % of the gold span: 1 of 100 scalars counts, 1 of 101 does not.
        #expect(SpanMatching.count(gold: [s(0, 100, "A")], predicted: [s(99, 100, "A")], scheme: .entType).correct == 1)
        #expect(
            SpanMatching.count(gold: [s(0, 101, "A")], predicted: [s(100, 101, "A")], scheme: .entType)
                == SchemeCounts(missed: 1, spurious: 1))
    }
}

/// seqeval's entity extraction on IOB2 codes (0 O, 2l+1 B, 2l+2 I).
@Suite struct IOB2Tests {
    @Test func conllevalStartsAChunkAtAnIAfterOOrAfterAnotherType() {
        // O I-0 I-0 B-1 I-0 O → (0, 1…2), (1, 3…3), (0, 4…4)
        let e = IOB2.entities([0, 2, 2, 3, 2, 0])
        #expect(e.map { [Int($0.label), $0.start, $0.end] } == [[0, 1, 2], [1, 3, 3], [0, 4, 4]])
    }

    @Test func adjacentChunksOfOneTypeStaySeparateAndTheLastTokenCloses() {
        let e = IOB2.entities([1, 2, 1])
        #expect(e.map { [$0.start, $0.end] } == [[0, 1], [2, 2]])
    }

    @Test func scoringBriefExampleMacroAndMicro() {
        // SCORING.md: gold B-A B-B O B-A, pred O B-B B-C B-A → micro F1 0.667, macro F1 0.556.
        let labels = LabelSet(schema: nil, extra: ["A", "B", "C"])
        let a = Int32(labels.id("A")!)
        let b = Int32(labels.id("B")!)
        let c = Int32(labels.id("C")!)
        let gold = Set(IOB2.entities([2 * a + 1, 2 * b + 1, 0, 2 * a + 1]))
        let pred = Set(IOB2.entities([0, 2 * b + 1, 2 * c + 1, 2 * a + 1]))
        let layout = ScopeLayout(families: labels.families.count, labels: 3)
        var totals = [SIMD8<Int32>](repeating: .zero, count: layout.cellCount)
        for e in gold {
            totals[layout.tokenCell(Int(e.label))][2] += 1; if pred.contains(e) { totals[layout.tokenCell(Int(e.label))][0] += 1 }
        }
        for e in pred { totals[layout.tokenCell(Int(e.label))][1] += 1 }
        let v = FigurePlan(layout: layout, labels: labels, totals: totals).values(totals)
        #expect(abs(v["token/micro/f1"]! - 2.0 / 3) < 1e-12)
        #expect(abs(v["token/macro/f1"]! - 5.0 / 9) < 1e-12)
    }
}
