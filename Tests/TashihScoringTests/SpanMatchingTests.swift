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
