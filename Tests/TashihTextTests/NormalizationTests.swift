import Testing

@testable import TashihText

/// Scalar values, for comparisons that `String ==` (canonical equivalence) would blur.
func values(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

@Suite("Normalisation for matching")
struct NormalizationTests {
    @Test(
        "Each CAMeL mapping",
        arguments: [
            ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"),
            ("\u{0640}", ""), ("\u{0670}", ""), ("\u{0651}", ""), ("\u{064B}", ""), ("\u{0652}", ""),
            ("\u{200F}", ""), ("\u{200E}", ""), ("\u{061C}", ""),
            ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
            // Kept as they are:
            ("ؤ", "ؤ"), ("ئ", "ئ"), ("ء", "ء"), ("\u{0653}", "\u{0653}"), ("RT 12", "RT 12"),
            ("👨‍👩‍👧", "👨‍👩‍👧"), ("𝐀", "𝐀"), ("٪", "٪"), ("\u{200D}", "\u{200D}"),
        ])
    func mapping(input: String, expected: String) {
        #expect(values(Arabic.normalize(input)) == values(expected))
    }

    @Test("Decomposed hamza and madda fold like their composed letters")
    func decomposedForms() {
        #expect(values(Arabic.normalize("ا\u{0654}")) == values("ا"))  // أ in NFD
        #expect(values(Arabic.normalize("ا\u{0655}")) == values("ا"))  // إ
        #expect(values(Arabic.normalize("ا\u{0653}")) == values("ا"))  // آ
        #expect(values(Arabic.normalize("ا\u{064E}\u{0654}")) == values("ا"))  // أَ in NFD order
        #expect(values(Arabic.normalize("و\u{0654}")) == values("ؤ"))
        #expect(values(Arabic.normalize("ي\u{0654}")) == values("ئ"))
        // The absorbed mark belongs to the letter's span.
        let n = NormalizedText("ا\u{064E}\u{0654} ب")
        #expect(n.originalOffsets == [0, 3, 4])
        #expect(n.originalRange(0..<1) == 0..<3)
    }

    @Test("A seed-like sentence normalises as a lexicon key")
    func sentence() {
        #expect(values(Arabic.normalize("إلى الرَّقَّة ١٥ مدنيًّا")) == values("الي الرقه 15 مدنيا"))
        #expect(values(Arabic.normalize("قوات سوريا الديمقراطية")) == values("قوات سوريا الديمقراطيه"))
    }

    @Test("The offset map of وبِالـرَّقَّة, and spans that keep their harakat")
    func offsetMapClitics() {
        let n = NormalizedText("وبِالـرَّقَّة")
        #expect(n.originalCount == 13)
        #expect(values(n.string) == values("وبالرقه"))
        #expect(n.originalOffsets == [0, 1, 3, 4, 6, 9, 12])
        #expect(n.originalRange(2..<7) == 3..<13)  // الـرَّقَّة
        #expect(n.originalRange(2..<6) == 3..<12)  // الـرَّقَّ: ends after the fatha, not the shadda
        #expect(n.originalRange(0..<2) == 0..<3)  // وبِ: the kasra comes along
        #expect(n.originalRange(2..<4) == 3..<6)  // الـ: the tatweel comes along
        #expect(n.originalRange(7..<7) == 13..<13)
        #expect(n.normalizedRange(3..<13) == 2..<7)
        #expect(n.normalizedRange(2..<3) == 2..<2)  // only the dropped kasra
    }

    @Test("The offset map over emoji, digits and an RLM")
    func offsetMapEmoji() {
        // ح ل ب ␠ 👨 ZWJ 👩 ZWJ 👧 ␠ ١ ٢ RLM ␠ قُتل
        let text = "حلب 👨‍👩‍👧 ١٢\u{200F} قُتل"
        let n = NormalizedText(text)
        #expect(values(n.string) == values("حلب 👨‍👩‍👧 12 قتل"))
        #expect(n.originalOffsets == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 17])
        #expect(n.originalRange(4..<9) == 4..<9)  // the whole family
        #expect(n.originalRange(10..<12) == 10..<12)  // ١٢ stops before the RLM
        #expect(n.originalRange(13..<16) == 14..<18)
        #expect(text.scalarSlice(n.originalRange(13..<14)) == "قُ")
    }

    @Test("FORMATS.md's spans found in the normalised text map back to their offsets")
    func formatsSpans() {
        let n = NormalizedText("قَصفت القوّات الروسيّة مدينة حلب أمس")
        let key = values(Arabic.normalize("القوات الروسية"))
        let hit = (0...(n.count - key.count)).first { Array(n.scalars[$0..<($0 + key.count)]) == key }
        let start = try! #require(hit)
        #expect(n.originalRange(start..<(start + key.count)) == 6..<22)
    }

    @Test("Haraka, digit and letter predicates")
    func predicates() {
        for v in UInt32(0x064B)...0x0652 { #expect(Arabic.isHaraka(v)) }
        #expect(Arabic.isHaraka(Unicode.Scalar(0x0670)!))
        #expect(!Arabic.isHaraka(0x0653))
        #expect(!Arabic.isHaraka(Arabic.tatweel))
        for (i, d) in "0123456789".unicodeScalars.enumerated() { #expect(Arabic.digitValue(d) == i) }
        for (i, d) in "٠١٢٣٤٥٦٧٨٩".unicodeScalars.enumerated() { #expect(Arabic.digitValue(d) == i) }
        for (i, d) in "۰۱۲۳۴۵۶۷۸۹".unicodeScalars.enumerated() { #expect(Arabic.digitValue(d) == i) }
        for other in "٪٫٬،/:𝟏a".unicodeScalars { #expect(!Arabic.isDigit(other)) }
        #expect(Arabic.isArabicLetter("ب"))
        #expect(Arabic.isArabicLetter("ء"))
        #expect(!Arabic.isArabicLetter(Arabic.tatweel))
        #expect(!Arabic.isArabicLetter("\u{064E}"))
        #expect(!Arabic.isArabicLetter("٣"))
        #expect(!Arabic.isArabicLetter("a"))
    }

    @Test("isArabicLetter agrees with Unicode: Lo in the Arabic blocks, nothing elsewhere")
    func arabicLetterTable() {
        let arabicBlocks: [ClosedRange<UInt32>] = [
            0x0600...0x06FF, 0x0750...0x077F, 0x0870...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF,
            0x10EC0...0x10EFF, 0x1EE00...0x1EEFF,
        ]
        for block in arabicBlocks {
            for v in block {
                let s = Unicode.Scalar(v)!
                #expect(Arabic.isArabicLetter(s) == (s.properties.generalCategory == .otherLetter), "U+\(String(v, radix: 16))")
            }
        }
        for v in UInt32(0)..<0x0600 { #expect(!Arabic.isArabicLetter(v)) }  // Latin, Hebrew, …
        #expect(!Arabic.isArabicLetter(0x0900))  // Devanagari
    }

    @Test("Property: the map is increasing and keeps every non-dropped scalar once", arguments: 0..<UInt64(25))
    func mapProperty(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: Bool.random(using: &rng))
            let original = Array(text.unicodeScalars)
            let n = NormalizedText(text)
            let dropped = { (v: UInt32) in Arabic.isHaraka(v) || v == 0x0640 || Arabic.isDirectionMark(v) }
            let kept = original.indices.filter { !dropped(original[$0].value) }
            #expect(n.originalCount == original.count)
            #expect(n.originalOffsets == kept, "seed \(seed)")  // increasing, each kept scalar once
            for (i, o) in n.originalOffsets.enumerated() {
                let v = original[o].value
                let expected = Arabic.digitValue(v).map { UInt32($0) + 0x30 } ?? v
                if expected == v && ![0x0622, 0x0623, 0x0625, 0x0671, 0x0649, 0x0629].contains(v) {
                    #expect(n.scalars[i] == v)
                } else if Arabic.isDigit(v) {
                    #expect(n.scalars[i] == expected)
                }
                // A one-scalar span never ends before a haraka or tatweel of its letter.
                let end = n.originalRange(i..<(i + 1)).upperBound
                #expect(end == original.count || !(Arabic.isHaraka(original[end]) || original[end] == Arabic.tatweel))
            }
            #expect(values(Arabic.normalize(n.string)) == n.scalars)  // idempotent
        }
    }
}
