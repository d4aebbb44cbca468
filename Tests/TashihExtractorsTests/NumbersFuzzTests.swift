import TashihExtractors
import TashihModel
import Testing

/// Random Arabic-ish text built from the pieces the extractor reacts to: whatever comes in, the
/// spans are in bounds, ordered, non-overlapping, carry their own text and valid attributes,
/// and nothing traps.
@Suite("Numbers: invariants on random text")
struct NumbersFuzzTests {
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let pieces: [String] = [
        "قتل", "مقتل", "جرح", "نحو", "حوالي", "أكثر", "من", "ما", "لا", "يقل", "عن", "بين", "و", "إلى", "أو", "على", "الأقل",
        "تقريباً", "مقاتلاً", "جنود", "مدنيين", "شاحنة", "عشرات", "بضعة", "عدة", "آلاف", "ألف", "ألفي", "بألفي", "مئتي",
        "جنديين", "قريتين", "الجانبين", "ثلاثة", "عشر", "أحد", "واحد", "وعشرون", "مائة", "ثلاث", "مائة", "مليون", "ونصف",
        "نصف", "ساعة", "ساعات", "كم", "مربع", "في", "المئة", "بالمئة", "%", "٪", "الساعة", "عام", "تشرين", "الثاني", "الـ",
        "ال", "ـ", "َ", "ً", "ّ", "40", "٤٠", "۱۵", "15،000", "1,500", "١٬٢٣٤", "1.5", "٢٫٥", "11.30", "2018", "27", "36545",
        "،", "،0", ",", ".", ":", "-", "–", "/", "#", "@", "_", "(", ")", "«", "»", "\"", " ", " ", " ", " ", "\n", "\u{200F}",
        "🔥", "👨‍👩‍👧", "🇸🇾", "November", "x", "12a", "٠", "٩", "۰", "0", "9", "يوم", "الاثنين", "أسر", "فروا", "أنفسهم",
    ]

    @Test func randomTextKeepsTheInvariants() {
        var rng = SplitMix64(state: 0x7A5_1D)
        let x = NumberExtractor()
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<rng.below(40) {
                text += Self.pieces[rng.below(Self.pieces.count)]
                if rng.below(3) > 0 { text += " " }
            }
            let scalars = Array(text.unicodeScalars)
            let found = x.findNumbers(in: text)
            var previousEnd = 0
            for m in found {
                #expect(m.start >= previousEnd && m.start < m.end && m.end <= scalars.count, "\(m) in «\(text)»")
                guard m.start >= 0, m.start < m.end, m.end <= scalars.count else { continue }
                previousEnd = m.end
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[m.start..<m.end])
                #expect(m.text == String(v))
                #expect(m.value.isFinite && m.value > 0, "\(m) in «\(text)»")
                if let mx = m.valueMax { #expect(mx > m.value && m.qualifier == .range) }
                #expect((m.category != nil) == (m.label == .count))
                #expect(m.score > 0 && m.score <= 1)
                #expect(Schema.qualifiers.contains(m.qualifier.rawValue))
            }
            #expect(x.findNumbers(in: text) == found)
        }
    }
}
