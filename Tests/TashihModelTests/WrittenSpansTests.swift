import TashihJSON
import Testing

@testable import TashihModel

/// Spans written out as they are found (`pretag --stdin`'s numbers and stance suggestions) are
/// the bytes of the spans they stand for, in canonical order, merged with origin spans as
/// spans are.
@Suite struct WrittenSpansTests {
    static let numbersOrigin = SuggestionOrigin(
        extractor: "builtin.numbers", version: "1.0", score: 0.95, forSpansLabelled: "COUNT")

    /// Spans of every shape the writer has a path for: an origin keeping its pieces for the
    /// label and one for another label, an origin with no pieces and an off-grid score, no
    /// origin, no attributes, one attribute, several (keys sharing eight bytes), escapes in
    /// the text and the values, a non-BMP character, Arabic-Indic digits.
    static let spans = [
        Span(
            start: 12, end: 18, label: "COUNT",
            attributes: [
                "value": .number(15000), "qualifier": .string("approx"), "counted": .string("مقاتل"),
                "category": .string("killed"), "value_max": .number(20000.5),
            ],
            text: "١٥،٠٠٠", origin: numbersOrigin),
        Span(
            start: 3, end: 9, label: "PERCENT", attributes: ["value": .number(0.5), "qualifier": .string("less_than")],
            text: "أقل \"١%\"", origin: numbersOrigin),
        Span(
            start: 3, end: 20, label: "HOSTILE", attributes: ["target": .string("ISIS🙂")],
            origin: SuggestionOrigin(extractor: "builtin.stance", version: "1.0", score: 0.8)),
        Span(
            start: 3, end: 20, label: "HOSTILE", attributes: ["target": .string("SAA")],
            origin: SuggestionOrigin(extractor: "cmd:x \\ y", version: "2", score: 0.123456789)),
        Span(start: 0, end: 4, label: "ARMED_GROUP"),
        Span(start: 0, end: 4, label: "MEASURE", attributes: ["value": .number(4)], text: "٤ كم\n"),
    ]

    static func bytes(_ s: Span) -> [UInt8] {
        var out: [UInt8] = []
        s.writeCanonicalJSON(to: &out)
        return out
    }

    @Test func aSpanIsWrittenAsItWritesItself() {
        var w = WrittenSpans()
        for s in Self.spans { w.append(s) }
        #expect(w.entries.count == Self.spans.count)
        for (i, s) in Self.spans.enumerated() {
            #expect(Array(w.json(i)) == Self.bytes(s), "\(s.label)")
            #expect(w.entries[i].start == s.start && w.entries[i].end == s.end && w.entries[i].label == s.label)
        }
        #expect(w.bytes == Self.spans.flatMap(Self.bytes))
        w.removeAll()
        #expect(w.entries.isEmpty && w.bytes.isEmpty)
    }

    @Test func attributesWrittenOneByOneAreTheDictionarysBytes() {
        for s in Self.spans {
            var w = WrittenSpans()
            // Each attribute as its own call, keys in byte order.
            let keys = s.attributes.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var bound = 0
            for k in keys {
                if case .string(let v) = s.attributes[k]! {
                    bound += WrittenSpans.AttributeWriter.bound(v)
                } else {
                    bound += WrittenSpans.AttributeWriter.numberBound
                }
            }
            w.append(
                start: s.start, end: s.end, label: s.label, text: s.text, origin: s.origin ?? Self.numbersOrigin,
                attributesBound: bound
            ) { a in
                for k in keys {
                    let key: StaticString
                    switch k {
                    case "category": key = "category"
                    case "counted": key = "counted"
                    case "qualifier": key = "qualifier"
                    case "value": key = "value"
                    case "value_max": key = "value_max"
                    default: key = "target"
                    }
                    switch s.attributes[k]! {
                    case .string(let v): a.add(key, v)
                    case .number(let d): a.add(key, d)
                    }
                }
            }
            var expected = s
            if expected.origin == nil { expected.origin = Self.numbersOrigin }
            #expect(Array(w.json(0)) == Self.bytes(expected), "\(s.label)")
        }
    }

    @Test func sortingIsStableOnOffsetsThenLabel() {
        var w = WrittenSpans()
        for s in Self.spans { w.append(s) }
        w.sortCanonically()
        var expected = Self.spans
        Span.sortCanonically(&expected)
        #expect(w.entries.map(\.label) == expected.map(\.label))
        // The two HOSTILE spans tie on offsets and label: they keep the order they came in.
        #expect((0..<w.entries.count).map { Array(w.json($0)) } == expected.map(Self.bytes))
        #expect(w.entries.map(\.label) == ["ARMED_GROUP", "MEASURE", "PERCENT", "HOSTILE", "HOSTILE", "COUNT"])
    }

    @Test func aRecordWithWrittenSpansIsTheRecordWithTheSpans() throws {
        var originSpans = OriginSpanTests.originSpans
        OriginSpan.sortCanonically(&originSpans, origins: OriginSpanTests.origins)
        var sorted = Self.spans
        Span.sortCanonically(&sorted)
        let line = #"{"id":"r-١","meta":{"source":"a.txt"},"text":"قـــالَ ١٥ مدنياً 𝐀 نحو 15،000 مقاتل \"ب\""}"#
        let parser = JSONLRecordParser(displayName: "t")
        try Array(line.utf8).withUnsafeBufferPointer { b in
            let (object, raw) = try parser.parse(b, line: 1, byteOffset: 0, leaving: "text")
            let left = try #require(raw)
            let record = try #require(TextRecord(object, text: left))
            for (spans, origin) in [(sorted, originSpans), ([], originSpans), (sorted, []), ([], [])] {
                var w = WrittenSpans()
                for s in spans { w.append(s) }
                var fromWritten: [UInt8] = []
                record.writeCanonicalJSON(written: w, originSpans: origin, origins: OriginSpanTests.origins, to: &fromWritten)
                var fromSpans: [UInt8] = []
                record.writeCanonicalJSON(spans: spans, originSpans: origin, origins: OriginSpanTests.origins, to: &fromSpans)
                #expect(fromWritten == fromSpans)
                // Origin spans first on ties: the ARMED_GROUP origin span at 0–4 before the span.
                let merged = record.document(spans: Span.merging(spans, origin, origins: OriginSpanTests.origins))
                #expect(fromWritten == JSONWriter.bytes(merged.json))
            }
        }
    }
}
