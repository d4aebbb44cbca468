import TashihGold
import TashihModel
import Testing

@Suite struct GoldDiffTests {
    // "قُتِلَ ١٢ مدنيّاً في غارة لـ«قسد» 🙂": spans by offset; the text itself is not needed here.
    @Test func everyKindOfChangeIsNamed() {
        let a: [String: [Span]] = [
            "r1": [
                Span(start: 7, end: 9, label: "COUNT", attributes: ["value": .number(12)]),
                Span(start: 28, end: 31, label: "ARMED_GROUP"),
                Span(start: 0, end: 6, label: "HOSTILE"),
                Span(start: 33, end: 35, label: "PERSON"),
            ],
            "gone": [Span(start: 0, end: 3, label: "STATE")],
        ]
        let b: [String: [Span]] = [
            "r1": [
                Span(start: 7, end: 9, label: "COUNT", attributes: ["value": .number(12), "qualifier": .string("approx")]),
                Span(start: 28, end: 31, label: "STATE"),
                Span(start: 1, end: 6, label: "HOSTILE"),
                Span(start: 40, end: 42, label: "MEDIA"),
            ],
            "new": [Span(start: 0, end: 3, label: "COALITION")],
        ]
        let d = GoldDiff.compare(a, b)
        #expect(d.records.map(\.id) == ["gone", "new", "r1"])
        let kinds = d.records.first { $0.id == "r1" }!.changes.map(\.kind).sorted()
        #expect(kinds == ["added", "attributes", "moved", "relabelled", "removed"])
        #expect(d.summary["STATE"] == ["relabelled": 1, "removed": 1])
        #expect(d.summary["COALITION"] == ["added": 1])
    }

    @Test func identicalGoldHasNoChangesEvenWithOtherOrigins() {
        let s = Span(start: 0, end: 3, label: "ARMED_GROUP", attributes: ["actor_id": .string("SDF")])
        var t = s
        t.origin = SuggestionOrigin(extractor: "builtin.actors", version: "1", score: 0.9)
        #expect(GoldDiff.compare(["r": [s]], ["r": [t]]).records.isEmpty)
    }
}
