import Foundation
import TashihJSON
import Testing

@testable import TashihExtractors
@testable import TashihModel

/// `pretag --stdin` writes the numbers' and stance suggestions out as it finds them, never
/// making them spans: the bytes must be those of the spans `extract` makes, in the same order.
@Suite struct WrittenSuggestionsTests {
    /// Ranges (`value_max`), percentages, measures, approximators, a count with no noun, Arabic-
    /// Indic digits, harakat, tatweel, a non-BMP character and a quote to escape.
    static let texts = [
        "قُتِلَ ما بين ٨٠٠ و١٠٠٠ مقاتل، وأصيب نحو ١٥ مدنياً 🙂 في قصفٍ على \"هجين\"",
        "سيطرت قوات سوريا الديمقراطية على أقل من 1% من الأراضي، ونحو 4 كم مربع شرق الفرات خلال ثلاث ساعات",
        "اعتقل الجيش جنديين بألفي دولار، وقالت داعش الإرهابية إن 20 ألف عنصر فروا لستة أيام، وقتل أكثر من ٦٠ من مقاتليها",
        "وأضاف المرصد أن حوالي 15،000 شخص يعيشون في المنطقة وأن نحو ٣٦٥٤٥ نزحوا مــنــذ عام 2017",
    ]

    static func suite() throws -> BuiltinSuite { try ReadingMemoTests.suite() }

    static func bytes(_ spans: [Span]) -> [UInt8] {
        spans.flatMap { s in
            var b: [UInt8] = []; s.writeCanonicalJSON(to: &b); return b
        }
    }

    @Test func eachNumberIsWrittenAsItsSpan() {
        let x = NumberExtractor()
        var checked = 0
        for text in Self.texts + NumbersSeeds.texts {
            for m in x.findNumbers(in: text) {
                var w = WrittenSpans()
                x.write(m, to: &w)
                #expect(
                    String(decoding: w.json(0), as: UTF8.self) == String(decoding: Self.bytes([x.span(for: m)]), as: UTF8.self))
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    @Test func theWrittenSuggestionsAreTheExtractedOnes() throws {
        let asSpans = try Self.suite()
        let asWritten = try Self.suite()
        var written = WrittenSpans()
        var labels = Set<String>()
        // The seeds as the dataset holds them (the stance context runs over an article), then
        // the texts above as one article.
        let docs =
            SeedAcceptanceTests.documents
            + Self.texts.enumerated().map { k, t in
                Document(id: DocumentID("w\(k)"), text: t, meta: JSONObject([("source", .string("w.txt"))]))
            }
        for doc in docs {
            let values = doc.text.unicodeScalars.map(\.value)
            let source = doc.meta["source"]?.stringValue
            let (spans, actorSpans) = asSpans.extractParts(source: source, values: values)
            let actorSpans2 = asWritten.extractWritten(source: source, values: values, into: &written)
            #expect(actorSpans == actorSpans2)
            #expect(written.entries.map(\.label) == spans.map(\.label), "\(doc.id)")
            #expect(written.entries.map(\.start) == spans.map(\.start))
            // In the sorted order of the entries (the bytes stay where they were written).
            let inOrder = written.entries.indices.flatMap { written.json($0) }
            #expect(String(decoding: inOrder, as: UTF8.self) == String(decoding: Self.bytes(spans), as: UTF8.self), "\(doc.id)")
            labels.formUnion(spans.map(\.label))
        }
        // Every kind of number and stance was among them.
        #expect(labels.isSuperset(of: ["COUNT", "PERCENT", "MEASURE"]))
        #expect(labels.count > 3)
    }
}
