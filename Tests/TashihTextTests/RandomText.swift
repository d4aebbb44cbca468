/// Seeded randomness for the property tests: the same seed gives the same texts on every run
/// and platform, so a failure names its seed and can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Texts built from the pieces that break offset code: Arabic letters and clitics, harakat,
/// shadda, tatweel, three digit sets, ASCII, spaces, newlines, CRLF, RLM, emoji (ZWJ families,
/// flags, skin tones) and `𝐀`.
enum RandomText {
    static let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإٱىة").map(String.init)
    static let harakat = (0x064B...0x0652).map { String(Unicode.Scalar($0)!) } + ["\u{0670}"]
    static let wordPieces = [
        "وبِالـرَّقَّة", "مدنياً", "قوات", "لـ", "«", "»", "،", "؛", "؟", ".", "!", "…", "\u{0640}",
        "١٥", "٢٠١٨", "۱۲۳", "15،000", "١٬٢٣٤", "11.30", "1.5", "نحو200",
        "37الف", "RT", "abc", "#دير_الزور", "@brett_mcgurk", "https://x.com/a?b=1",
    ]
    static let spacing = [" ", " ", " ", "\n", "\r\n", "\u{200F}", "\t"]
    static let exotic = ["👨\u{200D}👩\u{200D}👧", "🇸🇾", "👍🏽", "🙂", "𝐀", "❤\u{FE0F}", "1\u{FE0F}\u{20E3}"]

    /// A random text of about `pieces` pieces. With `wellFormed`, harakat only follow Arabic
    /// letters; without it they may follow anything (a space, an emoji, the start).
    static func make(_ rng: inout SplitMix64, pieces: Int = 40, wellFormed: Bool = true) -> String {
        var text = ""
        var lastWasLetter = false
        for _ in 0..<Int.random(in: 0...pieces, using: &rng) {
            let pick = Int.random(in: 0..<100, using: &rng)
            switch pick {
            case 0..<35:
                text += letters.randomElement(using: &rng)!
                lastWasLetter = true
                continue
            case 35..<50:
                if lastWasLetter || !wellFormed {
                    text += harakat.randomElement(using: &rng)!
                    if Bool.random(using: &rng) { text += "\u{0651}" }
                }
                continue
            case 50..<70: text += spacing.randomElement(using: &rng)!
            case 70..<85: text += wordPieces.randomElement(using: &rng)!
            case 85..<93: text += exotic.randomElement(using: &rng)!
            default: text += String(Unicode.Scalar(UInt32.random(in: 0x21...0x7E, using: &rng))!)
            }
            lastWasLetter = false
        }
        return text
    }
}
