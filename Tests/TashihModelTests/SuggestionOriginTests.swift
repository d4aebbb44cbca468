import Testing

@testable import TashihModel

/// `SuggestionOrigin` keeps its fields in one shared box (a span is 64 bytes, not 104), and
/// still behaves as a value: copies are independent, equality and hashing are by field.
@Suite struct SuggestionOriginTests {
    @Test func aSpanStaysSmall() {
        #expect(MemoryLayout<SuggestionOrigin?>.size == 8)
        #expect(MemoryLayout<Span>.stride == 64)
    }

    @Test func settingAFieldLeavesCopiesAlone() {
        let a = SuggestionOrigin(extractor: "builtin.numbers", version: "1.0+lex.٣", score: 0.9)
        var b = a
        b.score = 0.5
        b.version = "2.0"
        #expect(a.score == 0.9 && a.version == "1.0+lex.٣")
        #expect(b.score == 0.5 && b.version == "2.0" && b.extractor == "builtin.numbers")
        var c = b
        c.extractor = "cmd:ner 🙂"
        c.score = nil
        #expect(b.extractor == "builtin.numbers" && b.score == 0.5)
        #expect(c.extractor == "cmd:ner 🙂" && c.score == nil && c.version == "2.0")
    }

    @Test func equalityAndHashingAreByField() {
        let a = SuggestionOrigin(extractor: "builtin.actors", version: "1.0", score: 0.85)
        let b = SuggestionOrigin(extractor: "builtin.actors", version: "1.0", score: 0.85)
        var c = b
        c.score = 0.8
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        let unscored = SuggestionOrigin(extractor: "x", version: "1", score: nil)
        #expect(unscored != SuggestionOrigin(extractor: "x", version: "1", score: 0))
        #expect(Set([a, b, c]).count == 2)
        let s = Span(start: 0, end: 3, label: "ARMED_GROUP", origin: a)
        var t = s
        t.origin?.score = 0.85
        #expect(s == t)
        t.origin?.version = "1.1"
        #expect(s != t)
        #expect(s.origin?.version == "1.0")
    }
}
