import TashihJSON
import Testing

@testable import TashihModel

@Suite struct SchemaTests {
    @Test func defaultSchemaHasPRODUCTsFamiliesAndUniqueLabels() {
        let s = Schema.default
        #expect(s.families.map(\.name) == ["actor", "number", "stance"])
        #expect(s.allLabels.count == Set(s.allLabels).count)
        #expect(s.family(ofLabel: "COUNT")?.name == "number")
        #expect(s.attribute("category", forLabel: "COUNT") != nil)
        #expect(s.attribute("category", forLabel: "PERCENT") == nil)  // category is COUNT only
        #expect(s.attribute("target", forLabel: "HOSTILE")?.kind == .identifier)
    }

    @Test func schemaSurvivesItsJSONForm() throws {
        let json = Schema.default.json
        let text = JSONWriter.string(json)
        let back = try Schema(json: try JSONParser.parse(text))
        #expect(back == Schema.default)
        #expect(back.hash == Schema.default.hash)
    }

    @Test func aLabelInTwoFamiliesIsRefused() {
        #expect(throws: SchemaError.self) {
            try Schema(families: [
                .init(name: "a", labels: ["X"], attributes: []),
                .init(name: "b", labels: ["X"], attributes: []),
            ])
        }
    }

    @Test func anUnknownAttributeTypeIsRefusedWithTheTypesToUse() throws {
        let j = try JSONParser.parse(#"{"families":[{"name":"f","labels":["L"],"attributes":[{"name":"a","type":"date"}]}]}"#)
        do {
            _ = try Schema(json: j)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown type \"date\" (use number, choice, text or identifier)"))
        }
    }
}

@Suite struct RecordDecoderTests {
    let text = "قُتِلَ ١٢ مدنيّاً 🙂 لـ«قسد»"

    func decode(_ json: String, schema: Schema? = .default) throws -> (Document?, [Problem]) {
        let v = try JSONParser.parse(json)
        return RecordDecoder(schema: schema).decode(v.objectValue!, file: "f.jsonl", line: 7)
    }

    @Test func aValidRecordDecodesWithTypedAttributesAndOrigin() throws {
        // ١٢ is scalars 7..9: ق ُ ت ِ ل َ (6) + space (1).
        let (doc, problems) = try decode(
            #"{"id":"r","text":"قُتِلَ ١٢ مدنيّاً 🙂 لـ«قسد»","extra_key":[1],"spans":[{"start":7,"end":9,"label":"COUNT","text":"١٢","attributes":{"value":12,"qualifier":"exact"},"extractor":"builtin.numbers","version":"1.0","score":0.9}]}"#
        )
        #expect(problems.isEmpty)
        let d = try #require(doc)
        #expect(d.spans[0].attributes["value"] == .number(12))
        #expect(d.spans[0].origin == SuggestionOrigin(extractor: "builtin.numbers", version: "1.0", score: 0.9))
        #expect(d.extra["extra_key"] == [1])  // unknown keys ride along
        #expect(d.textHash == textHash(text))
    }

    @Test func withoutASchemaAnyLabelIsAccepted() throws {
        let (doc, problems) = try decode(#"{"id":"r","text":"قسد","spans":[{"start":0,"end":3,"label":"B-ORG_X"}]}"#, schema: nil)
        #expect(problems.isEmpty)
        #expect(doc?.spans.first?.label == "B-ORG_X")
    }

    @Test func numericIDsKeepTheirLiteral() throws {
        let (doc, _) = try decode(#"{"id":42,"text":"قسد"}"#)
        #expect(doc?.id == DocumentID("42"))
    }

    @Test func everyProblemOfARecordIsReportedNotOnlyTheFirst() throws {
        let (doc, problems) = try decode(
            #"{"id":"r","text":"قسد","spans":[{"start":0,"end":9,"label":"STATE"},{"start":2,"end":1,"label":"NOPE"},{"start":0,"end":3,"label":"COUNT","attributes":{"value":"x"}}]}"#
        )
        #expect(doc == nil)
        #expect(problems.map(\.code) == [.offsetOutOfRange, .emptySpan, .unknownLabel, .wrongAttributeType])
        #expect(problems.map(\.spanIndex) == [0, 1, 1, 2])
        #expect(
            problems[0].description
                == "f.jsonl:7: error: record \"r\" span 1 (0..9 STATE): offset 9 is past the end of the text (3 scalars) (offsets are Unicode scalar offsets, end exclusive — UTF-16 or byte offsets must be converted)"
        )
    }

    @Test func anIdentifierAttributeMustBeAnIdentifier() throws {
        let (_, problems) = try decode(
            #"{"id":"r","text":"قسد","spans":[{"start":0,"end":3,"label":"ARMED_GROUP","attributes":{"actor_id":"قسد"}}]}"#)
        #expect(problems.first?.code == .attributeValueNotAllowed)
    }

    @Test func canonicalJSONOfADocumentIsStable() throws {
        let d = Document(
            id: "x", text: text, meta: JSONObject([("para", 1)]),
            spans: [Span(start: 7, end: 9, label: "COUNT", attributes: ["value": .number(12)])])
        let once = JSONWriter.string(d.json)
        let (again, _) = try decode(once)
        #expect(JSONWriter.string(try #require(again).json) == once)
        #expect(
            once.hasPrefix(
                #"{"id":"x","meta":{"para":1},"spans":[{"attributes":{"value":12},"end":9,"label":"COUNT","start":7}],"text":"قُتِلَ"#
            ))
    }
}

/// The direct canonical writer gives exactly the bytes of the general one.
@Suite struct CanonicalWriterTests {
    @Test func directAndGeneralWritersAgree() throws {
        let text = "🙂 قُتِلَ ١٢ مدنيّاً لـ«قسد» \"quoted\" \\ and\ttab"
        let spans = [
            Span(
                start: 2, end: 8, label: "COUNT",
                attributes: ["value": .number(12), "qualifier": .string("exact"), "counted": .string("مدني")], text: "قُتِلَ"),
            Span(
                start: 20, end: 23, label: "ARMED_GROUP", attributes: ["actor_id": .string("SDF")],
                origin: SuggestionOrigin(extractor: "builtin.actors", version: "1.0+lex.x", score: 0.85)),
            Span(start: 1, end: 2, label: "HOSTILE", origin: SuggestionOrigin(extractor: "cmd:x \"y\"", version: "", score: nil)),
            Span(start: 0, end: 1, label: "X", attributes: ["value": .number(0.5)]),
            Span(
                start: 10, end: 1234, label: "X",
                attributes: ["a": .number(-3), "b": .number(36545), "c": .number(1e20), "d": .number(-0.25), "e": .number(0)]),
        ]
        for doc in [
            Document(id: "a", text: text, meta: JSONObject([("source", "s"), ("para", 3)]), spans: spans),
            Document(id: "b", text: text),
            Document(id: "c\"d", text: "", spans: spans),
        ] {
            var direct: [UInt8] = []
            doc.writeCanonicalJSON(to: &direct)
            #expect(direct == JSONWriter.bytes(doc.json), "\(doc.id)")
        }
    }
}

/// The pointer writer sizes each span before writing it: worst cases for that bound, and key
/// order by UTF-8 bytes.
@Suite struct CanonicalWriterBoundTests {
    @Test func everyByteEscapedAndLongNumbersFitTheBound() throws {
        // Control bytes expand six-fold (`\u001f`); the Double literals are the longest Swift writes.
        let controls = String(repeating: "\u{1}\u{1F}\u{0}", count: 40)
        let span = Span(
            start: 0, end: 3, label: controls,
            attributes: [
                controls: .string(controls), "d": .number(-2.2250738585072014e-308), "e": .number(1.5e300),
                "f": .number(0.1 + 0.2), "g": .number(-9.0e15 + 1),
            ],
            text: controls + "ـ🙂",
            origin: SuggestionOrigin(extractor: controls, version: controls + "١٢", score: 0.123456789012345))
        let doc = Document(id: "\u{1}", text: "قُتِلَ ١٢ 🙂", spans: [span, span])
        var direct: [UInt8] = []
        doc.writeCanonicalJSON(to: &direct)
        #expect(direct == JSONWriter.bytes(doc.json))
        #expect(String(decoding: direct, as: UTF8.self).contains(#""score":0.123456789012345"#))
    }

    @Test func attributeKeysSortByUTF8BytesNotByStringOrder() throws {
        // "𝐀" (U+1D400) is after "ي" (U+064A) in bytes; "ﺏ" (U+FE8F, presentation form) after both.
        let keys = ["ي", "b", "𝐀", "A", "aa", "a", "ب", "ﺏ", "_"]
        var attributes: [String: AttributeValue] = [:]
        for (i, k) in keys.enumerated() { attributes[k] = .number(Double(i)) }
        let doc = Document(id: "x", text: "مدنيّاً", spans: [Span(start: 0, end: 1, label: "X", attributes: attributes)])
        var direct: [UInt8] = []
        doc.writeCanonicalJSON(to: &direct)
        #expect(direct == JSONWriter.bytes(doc.json))
        #expect(
            String(decoding: direct, as: UTF8.self).contains(
                #"{"A":3,"_":8,"a":5,"aa":4,"b":1,"ب":6,"ي":0,"ﺏ":7,"𝐀":2}"#))
    }
}

/// `Span.sortCanonically` is `sort(by: canonicalOrder)`, stable, without copying spans.
@Suite struct SortCanonicallyTests {
    func span(_ start: Int, _ end: Int, _ label: String, _ tag: String) -> Span {
        Span(start: start, end: end, label: label, attributes: ["tag": .string(tag)])
    }

    @Test func tiesKeepTheirOrderAsTheStandardSortDoes() {
        let spans = [
            span(5, 9, "COUNT", "a"), span(0, 4, "STATE", "b"), span(5, 9, "COUNT", "c"), span(5, 7, "ARMED_GROUP", "d"),
            span(5, 9, "ARMED_GROUP", "e"), span(0, 4, "STATE", "f"), span(2, 3, "ب", "g"), span(2, 3, "b", "h"),
        ]
        var sorted = spans
        Span.sortCanonically(&sorted)
        #expect(sorted == spans.sorted(by: Span.canonicalOrder))
        #expect(sorted.map { $0.attributes["tag"]?.description ?? "" } == ["b", "f", "h", "g", "d", "e", "a", "c"])
    }

    @Test func randomListsMatchTheStandardSort() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 3, 17, 200] {
            let labels = ["COUNT", "STATE", "HOSTILE", "حلب", "🙂"]
            let spans = (0..<n).map { i in
                span(
                    Int.random(in: 0..<8, using: &rng), Int.random(in: 8..<12, using: &rng), labels.randomElement(using: &rng)!,
                    "\(i)")
            }
            var sorted = spans
            Span.sortCanonically(&sorted)
            #expect(sorted == spans.sorted(by: Span.canonicalOrder), "n = \(n)")
        }
    }

    @Test func anAlreadySortedListIsLeftAlone() {
        let spans = [span(0, 2, "A", "1"), span(0, 2, "A", "2"), span(1, 2, "A", "3")]
        var sorted = spans
        Span.sortCanonically(&sorted)
        #expect(sorted == spans)
    }
}
