import TashihJSON
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

/// An origin made for spans of one label keeps their shared JSON written out; the spans it
/// writes are the ones the plain origin writes, and a span of another label is written in full.
@Suite struct PreencodedOriginTests {
    @Test func spansWriteTheSameJSONWithEitherOrigin() {
        for score in [0.9, 0.85, nil, 0.123456789012345] as [Double?] {
            let fast = SuggestionOrigin(
                extractor: "builtin.stance", version: "1.0+lex.٣🙂", score: score, forSpansLabelled: "HOSTILE")
            let plain = SuggestionOrigin(extractor: "builtin.stance", version: "1.0+lex.٣🙂", score: score)
            #expect(fast == plain && fast.hashValue == plain.hashValue)
            for (label, text) in [("HOSTILE", nil), ("HOSTILE", "الإرهابي \"قسد\""), ("SUPPORTIVE", "باستشهاد")]
                as [(String, String?)]
            {
                let a = Span(start: 3, end: 12, label: label, attributes: ["target": .string("ISIS")], text: text, origin: fast)
                let b = Span(start: 3, end: 12, label: label, attributes: ["target": .string("ISIS")], text: text, origin: plain)
                let doc = Document(id: "x", text: "مـــقـــاتـــل ١٢ 🙂")
                var da = doc
                da.spans = [a, a]
                var db = doc
                db.spans = [b, b]
                var wa: [UInt8] = []
                var wb: [UInt8] = []
                da.writeCanonicalJSON(to: &wa)
                db.writeCanonicalJSON(to: &wb)
                #expect(wa == wb)
                #expect(wa == JSONWriter.bytes(db.json))
            }
        }
    }

    @Test func sharedAttributesAreWrittenOutOnlyForTheirOwnStorage() {
        let attributes: [String: AttributeValue] = ["actor_id": .string("SDF \"قسد\""), "n": .number(0.5)]
        let fast = SuggestionOrigin(
            extractor: "builtin.actors", version: "1.0", score: 0.9, forSpansLabelled: "ARMED_GROUP", attributes: attributes)
        let plain = SuggestionOrigin(extractor: "builtin.actors", version: "1.0", score: 0.9)
        var changed = attributes
        changed["n"] = .number(2)  // a copy changed: its own storage now
        var emptied = attributes
        emptied.removeAll()
        for (attrs, label) in [
            (attributes, "ARMED_GROUP"), (changed, "ARMED_GROUP"), (emptied, "ARMED_GROUP"), (attributes, "STATE"),
        ] {
            let a = Span(start: 3, end: 12, label: label, attributes: attrs, text: "قسد", origin: fast)
            let b = Span(start: 3, end: 12, label: label, attributes: attrs, text: "قسد", origin: plain)
            var da = Document(id: "x", text: "مـــقـــاتـــل ١٢ 🙂")
            da.spans = [a, b, a]
            var wa: [UInt8] = []
            da.writeCanonicalJSON(to: &wa)
            #expect(wa == JSONWriter.bytes(da.json), "\(attrs) \(label)")
        }
    }

    @Test func attributeKeysWithACommonPrefixSortByTheirBytes() {
        // The first eight bytes decide, unless they are the same.
        let keys = ["category_b", "category", "category_a", "categorz", "categoryX", "cat", "category\u{0}", "مدني_أ", "مدني"]
        var attributes: [String: AttributeValue] = [:]
        for (i, k) in keys.enumerated() { attributes[k] = .number(Double(i)) }
        let doc = Document(id: "x", text: "١٢", spans: [Span(start: 0, end: 1, label: "X", attributes: attributes)])
        var direct: [UInt8] = []
        doc.writeCanonicalJSON(to: &direct)
        #expect(direct == JSONWriter.bytes(doc.json))
        #expect(
            String(decoding: direct, as: UTF8.self).contains(
                #"{"cat":5,"category":1,"category\u0000":6,"categoryX":4,"category_a":2,"category_b":0,"categorz":3,"مدني":8,"مدني_أ":7}"#
            ))
    }
}

/// Spans handed over as offsets and an origin (an extractor's per-entry origins) are written as
/// the spans they stand for would be, merged into the other spans in canonical order.
@Suite struct OriginSpanTests {
    static let origins = [
        SuggestionOrigin(
            extractor: "builtin.actors", version: "1.0+lex.٣", score: 0.9, forSpansLabelled: "ARMED_GROUP",
            attributes: ["actor_id": .string("SDF")]),
        SuggestionOrigin(
            extractor: "builtin.actors", version: "1.0+lex.٣", score: 0.5, forSpansLabelled: "STATE_FORCE",
            attributes: ["actor_id": .string("SAA \"الجيش\"")]),
        SuggestionOrigin(
            extractor: "builtin.actors", version: "1.0+lex.٣", score: 0.85, forSpansLabelled: "ARMED_GROUP",
            attributes: ["actor_id": .string("ISIS🙂")]),
    ]

    /// Ties on offsets both ways (an origin span's label before and after a span's), a tie
    /// on offsets and label, spans with text and several attributes.
    static let originSpans = [
        OriginSpan(start: 0, end: 4, origin: 1), OriginSpan(start: 0, end: 4, origin: 0), OriginSpan(start: 5, end: 9, origin: 2),
        OriginSpan(start: 12, end: 14, origin: 0),
    ]
    static let spans = [
        Span(start: 0, end: 4, label: "ARMED_GROUP", attributes: ["actor_id": .string("X")]),
        Span(
            start: 0, end: 4, label: "COUNT", attributes: ["value": .number(15000), "qualifier": .string("approx")],
            text: "١٥٠٠٠",
            origin: SuggestionOrigin(extractor: "builtin.numbers", version: "1.0", score: 0.95, forSpansLabelled: "COUNT")),
        Span(
            start: 3, end: 20, label: "HOSTILE", attributes: ["target": .string("ISIS")],
            origin: SuggestionOrigin(extractor: "builtin.stance", version: "1.0", score: 0.8)),
        Span(start: 12, end: 14, label: "PERCENT", attributes: ["value": .number(0.5)]),
    ]

    @Test func originSpansSortStablyByOffsetsThenLabel() {
        var sorted = Self.originSpans
        OriginSpan.sortCanonically(&sorted, origins: Self.origins)
        #expect(sorted.map(\.origin) == [0, 1, 2, 0])
        var reversed = Array(Self.originSpans.reversed()) + [OriginSpan(start: 0, end: 4, origin: 2)]
        OriginSpan.sortCanonically(&reversed, origins: Self.origins)
        // Origins 0 and 2 share a label: at the same offsets they keep their input order.
        #expect(reversed.map(\.origin) == [0, 2, 1, 2, 0] && reversed.map(\.start) == [0, 0, 0, 5, 12])
    }

    @Test func mergingIsSortingTheOriginSpansBeforeTheSpans() {
        var originSpans = Self.originSpans
        OriginSpan.sortCanonically(&originSpans, origins: Self.origins)
        let merged = Span.merging(Self.spans, originSpans, origins: Self.origins)
        var expected = originSpans.map { $0.span(in: Self.origins) } + Self.spans
        Span.sortCanonically(&expected)
        #expect(merged == expected)
        #expect(
            merged.map(\.label) == [
                "ARMED_GROUP", "ARMED_GROUP", "COUNT", "STATE_FORCE", "HOSTILE", "ARMED_GROUP", "ARMED_GROUP", "PERCENT",
            ])
        #expect(merged[0].attributes["actor_id"] == .string("SDF") && merged[0].origin?.score == 0.9)
        #expect(merged[1].origin == nil)
        #expect(Span.merging(Self.spans, [], origins: Self.origins) == Self.spans)
    }

    @Test func writtenAsTheSpansTheyStandFor() {
        var originSpans = Self.originSpans
        OriginSpan.sortCanonically(&originSpans, origins: Self.origins)
        let text = "قـــالَ ١٥ مدنياً 𝐀 نحو 15،000 مقاتل"
        for (spans, originSpans) in [(Self.spans, originSpans), ([], originSpans), (Self.spans, []), ([], [])] {
            let doc = Document(id: "r-١", text: text, meta: JSONObject([("source", .string("a.txt"))]), spans: spans)
            var direct: [UInt8] = []
            Document.writeCanonicalJSON(
                id: doc.id, meta: doc.meta, spans: spans, originSpans: originSpans, origins: Self.origins, to: &direct)
            var full = doc
            full.spans = Span.merging(spans, originSpans, origins: Self.origins)
            var expected: [UInt8] = []
            Document.writeCanonicalJSON(id: full.id, meta: full.meta, spans: full.spans, to: &expected)
            #expect(direct == expected)
            var whole: [UInt8] = []
            full.writeCanonicalJSON(to: &whole)
            #expect(whole == JSONWriter.bytes(full.json))
            #expect(whole.starts(with: direct))
        }
    }
}
