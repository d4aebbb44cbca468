import Foundation
import TashihExtractors
import TashihModel
import Testing

/// The extractor over the five whole seed articles: what it finds, what it must never find,
/// attribute validity, determinism, and the gaps of pyarabic and Duckling (ARABIC.md §4).
@Suite("Numbers: seed files, validity, determinism, parser gaps")
struct NumbersSeedFileTests {
    /// Scalar ranges of every occurrence of `needle` in `text`.
    static func occurrences(of needle: String, in text: String) -> [Range<Int>] {
        let h = Array(text.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, n.count <= h.count else { return [] }
        var out: [Range<Int>] = []
        for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n { out.append(i..<(i + n.count)) }
        return out
    }

    @Test func seedFilesMatchEmbeddedCopies() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/seeds").standardized
        for (name, text) in zip(NumbersSeeds.names, NumbersSeeds.texts) {
            let url = dir.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            #expect(String(decoding: data, as: UTF8.self) == text, "embedded copy of \(name) differs from the file")
        }
    }

    /// Every span the extractor finds in the seeds, in order: (text, label, value, qualifier).
    /// Nothing else may be found — this is the false-positive guard on real text.
    static let expected: [[(String, NumberLabel, Double, NumberQualifier)]] = [
        [
            ("قريتين", .count, 2, .exact), ("جنديين", .count, 2, .exact), ("بضعة", .count, 3, .approx),
            ("هجومين", .count, 2, .exact),
        ],
        [
            ("40", .count, 40, .atLeast), ("عدة", .count, 3, .approx), ("60", .count, 60, .moreThan),
            ("20", .count, 20, .atLeast), ("100", .count, 100, .approx), ("40", .count, 40, .moreThan),
            ("لستة", .count, 6, .exact), ("15،000", .count, 15000, .approx), ("700", .count, 700, .approx),
        ],
        [
            ("جنديين", .count, 2, .exact), ("أربع ساعات", .measure, 4, .approx), ("11", .count, 11, .atLeast),
            ("3", .count, 3, .exact), ("24 ساعة", .measure, 24, .exact), ("عشرات", .count, 10, .approx),
            ("4 كم مربع", .measure, 4, .approx), ("1130", .count, 1130, .atLeast), ("700", .count, 700, .approx),
            ("75", .count, 75, .atLeast), ("عائلتان", .count, 2, .exact), ("36545", .count, 36545, .exact),
            ("3400", .count, 3400, .approx),
        ],
        [
            ("بألفي", .count, 2000, .exact), ("2000", .count, 2000, .approx), ("1%", .percent, 1, .lessThan),
            ("72 ساعة", .measure, 72, .exact), ("2000", .count, 2000, .approx),
            ("واحد في المئة", .percent, 1, .lessThan), ("الشهرين", .measure, 2, .exact), ("72 ساعة", .measure, 72, .exact),
        ],
        [
            ("100", .count, 100, .moreThan), ("50", .count, 50, .approx), ("11", .count, 11, .exact),
            ("20 ألف", .count, 20000, .moreThan),
        ],
    ]

    @Test(arguments: 0..<5)
    func seedSpansAreExactlyTheExpectedOnes(_ i: Int) {
        let found = numberExtractor.findNumbers(in: NumbersSeeds.texts[i])
        let got = found.map { "\($0.text)|\($0.label.rawValue)|\($0.value)|\($0.qualifier.rawValue)" }
        let want = Self.expected[i].map { "\($0.0)|\($0.1.rawValue)|\($0.2)|\($0.3.rawValue)" }
        #expect(got == want, "seed \(NumbersSeeds.names[i])")
    }

    /// Years, dates, clock times and ordinals of the seeds: no span may touch them.
    static let forbidden: [[String]] = [
        ["عام 2017", "أحد تشكيلات"],
        ["الجانبين", "الساعات الاولى"],
        ["الساعة 11.30", "الـ23 والـ 24 من كانون الثاني", "الصف الأول"],
        ["الثلاثاء 27 من تشرين الثاني", "November 27, 2018", "#دير_الزور", "@brett_mcgurk", "@USAbilAraby", "الأول من نوعه"],
        ["القريتين", "واحدة من القواعد"],
    ]

    @Test(arguments: 0..<5)
    func noSpanOverADateTimeYearOrOrdinal(_ i: Int) {
        let text = NumbersSeeds.texts[i]
        let found = numberExtractor.findNumbers(in: text)
        for needle in Self.forbidden[i] {
            let occ = Self.occurrences(of: needle, in: text)
            #expect(!occ.isEmpty, "«\(needle)» is not in seed \(i)")
            for r in occ {
                let hit = found.filter { $0.start < r.upperBound && r.lowerBound < $0.end }
                #expect(hit.isEmpty, "a span touches «\(needle)»: \(hit)")
            }
        }
        // And, generally: no span's digits are a year next to a month or عام, or a clock time.
        for m in found {
            #expect(!(m.value >= 1900 && m.value <= 2099 && m.text.count == 4 && m.value != 2000), "year-like span \(m)")
        }
    }

    @Test(arguments: 0..<5)
    func everySpanOfTheSeedsIsValid(_ i: Int) throws {
        let text = NumbersSeeds.texts[i]
        let doc = Document(id: DocumentID("seed\(i)"), text: text)
        let spans = numberExtractor.extract(doc)
        let scalars = Array(text.unicodeScalars)
        let schema = Schema.default
        var previousEnd = 0
        for s in spans {
            #expect(["COUNT", "PERCENT", "MEASURE"].contains(s.label))
            #expect(s.start >= previousEnd && s.start < s.end && s.end <= scalars.count, "span \(s.start)..<\(s.end)")
            previousEnd = s.end
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[s.start..<s.end])
            #expect(s.text == String(v))
            #expect(s.origin?.extractor == "builtin.numbers")
            #expect(s.origin?.version == numberExtractor.version)
            let score = try #require(s.origin?.score)
            #expect(score >= 0 && score <= 1)
            guard case .number(let value)? = s.attributes["value"] else {
                Issue.record("no numeric value on \(s)")
                continue
            }
            #expect(value.isFinite && value > 0)
            if case .number(let mx)? = s.attributes["value_max"] { #expect(mx > value) }
            guard case .string(let q)? = s.attributes["qualifier"] else {
                Issue.record("no qualifier on \(s)")
                continue
            }
            #expect(Schema.qualifiers.contains(q))
            if case .string(let c)? = s.attributes["category"] {
                #expect(s.label == "COUNT")
                #expect(Schema.countCategories.contains(c))
            } else {
                #expect(s.label != "COUNT", "COUNT without category: \(s)")
            }
            // Every attribute is one the default schema lets this label carry, with its type.
            for (name, value) in s.attributes {
                let attr = try #require(schema.attribute(name, forLabel: s.label), "\(name) on \(s.label)")
                switch (attr.kind, value) {
                case (.number, .number), (.text, .string): break
                case (.choice(let values), .string(let x)): #expect(values.contains(x))
                default: Issue.record("attribute \(name) has the wrong type on \(s)")
                }
            }
        }
    }

    @Test func outputIsDeterministic() {
        let x = NumberExtractor()
        let y = NumberExtractor()
        for text in NumbersSeeds.texts {
            let a = x.findNumbers(in: text)
            let b = x.findNumbers(in: text)
            let c = y.findNumbers(in: String(decoding: Array(text.utf8), as: UTF8.self))
            #expect(a == b)
            #expect(a == c)
            let doc = Document(id: "d", text: text)
            #expect(x.extract(doc) == y.extract(doc))
        }
        // Concatenated seeds: spans of each part shift by the part's scalar length, nothing else.
        let joined = NumbersSeeds.texts.joined(separator: "\n")
        let whole = x.findNumbers(in: joined)
        var parts: [NumberMatch] = []
        var offset = 0
        for text in NumbersSeeds.texts {
            for var m in x.findNumbers(in: text) {
                m.start += offset
                m.end += offset
                parts.append(m)
            }
            offset += text.unicodeScalars.count + 1
        }
        #expect(whole == parts)
    }

    @Test func extractorIdentityAndSpanShape() throws {
        let x = NumberExtractor()
        #expect(x.name == "builtin.numbers")
        #expect(!x.version.isEmpty)
        let f = NumFixture("🔥 قتل ما لا يقل عن ⟦٤٠⟧ مقاتلاً")
        let spans = x.extract(Document(id: "d1", text: f.text))
        let s = try #require(spans.first)
        #expect(spans.count == 1)
        #expect(s.start == f.expected[0].lowerBound && s.end == f.expected[0].upperBound)
        #expect(s.label == "COUNT")
        #expect(s.text == "٤٠")
        #expect(s.attributes["value"] == .number(40))
        #expect(s.attributes["qualifier"] == .string("at_least"))
        #expect(s.attributes["counted"] == .string("مقاتل"))
        #expect(s.attributes["category"] == .string("killed"))
        #expect(s.attributes["value_max"] == nil)
        // 🔥 + space + قتل + space + ما لا يقل عن + space = 19 scalars; the emoji is two UTF-16
        // units, so a UTF-16 offset would be 20.
        #expect(s.start == 19)
        #expect(Array(f.text.utf16).count == f.text.unicodeScalars.count + 1)
        let r = try #require(x.extract(Document(id: "d2", text: "بين 800 و1000 مقاتل")).first)
        #expect(r.attributes["value"] == .number(800))
        #expect(r.attributes["value_max"] == .number(1000))
        #expect(r.attributes["qualifier"] == .string("range"))
        let p = try #require(x.extract(Document(id: "d3", text: "أقل من 1%")).first)
        #expect(p.label == "PERCENT" && p.attributes["category"] == nil)
    }

    /// Offsets are scalar offsets even after multi-scalar graphemes (harakat, ZWJ emoji, flags).
    @Test func offsetsAreScalarOffsets() {
        let f = NumFixture("👨‍👩‍👧‍👦🇸🇾 قُتِلَ ⟦٤٠⟧ مُقاتِلاً و⟦١٢⟧ مدنياً")
        let found = numberExtractor.findNumbers(in: f.text)
        #expect(found.map { $0.start..<$0.end } == f.expected)
        #expect(found.map(\.text) == ["٤٠", "١٢"])
    }

    // MARK: Gaps of existing parsers (ARABIC.md §4): each gets its own test.

    @Test func pyarabicGapAlfay() {
        expectNumber(numCount("يقاتل ⟦بألفي⟧ عنصر", 2000, counted: "عنصر"))
        expectNumber(numCount("وصول ⟦ألفي⟧ عنصر", 2000, counted: "عنصر"))
    }

    @Test func pyarabicGapMiatay() {
        expectNumber(numCount("وصول ⟦مئتي⟧ عنصر", 200, counted: "عنصر"))
    }

    @Test func pyarabicGapJundiyayn() {
        expectNumber(numCount("إصابة ⟦جنديين⟧", 2, counted: "جندي", .wounded))
    }

    @Test func pyarabicGapAsharat() {
        expectNumber(numCount("رتل من ⟦عشرات⟧ الشاحنات", 10, .approx, counted: "شاحنة", .equipment))
    }

    @Test func ducklingGapArabicCommaThousands() {
        expectNumber(numCount("حوالي ⟦15،000⟧ شخص", 15000, .approx, counted: "شخص"))
        expectNumber(numCount("⟦١،٢٣٤،٥٦٧⟧ شخص", 1_234_567, counted: "شخص"))
        // `، ` with a space is a list comma, and `،` before other than three digits too.
        #expect(numberExtractor.findNumbers(in: "قتل 15، 20 مقاتلا").map(\.value) == [15, 20])
        #expect(numberExtractor.findNumbers(in: "قتل 15،20 مقاتلا").map(\.value) == [15, 20])
    }

    @Test func ducklingGapExtendedDigits() {
        expectNumber(numCount("قتل ⟦۱۵⟧ مسلحا", 15, counted: "مسلح", .killed))
        expectNumber(numPercent("تراجع ⟦۷۵٪⟧", 75))
    }

    @Test func ducklingGapConstructDuals() {
        expectNumber(numCount("وصول ⟦ألفا⟧ مقاتل", 2000, counted: "مقاتل"))
        expectNumber(numCount("وصول ⟦مئتا⟧ عنصر", 200, counted: "عنصر"))
        expectNumber(numCount("وصول ⟦مائتي⟧ مقاتل", 200, counted: "مقاتل"))
    }

    /// Not a test of correctness: prints throughput when TASHIH_BENCH=1 (use a release build:
    /// `TASHIH_BENCH=1 swift test -c release --filter NumbersBenchmark`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TASHIH_BENCH"] == "1"))
    func NumbersBenchmark() {
        let paragraphs = NumbersSeeds.texts.flatMap { $0.split(separator: "\n").map(String.init) }
        let bytesPerRound = paragraphs.reduce(0) { $0 + $1.utf8.count }
        let rounds = max(1, 50_000_000 / bytesPerRound)
        let x = NumberExtractor()
        var n = 0
        let t0 = Date()
        for _ in 0..<rounds { for p in paragraphs { n += x.findNumbers(in: p).count } }
        let dt = Date().timeIntervalSince(t0)
        let mb = Double(bytesPerRound * rounds) / 1e6
        print("numbers: \(Int(mb)) MB in \(String(format: "%.2f", dt)) s = \(String(format: "%.1f", mb / dt)) MB/s (\(n) spans)")
    }
}
