import Testing

@testable import TashihText

/// The text of each token of `text`.
func tokenStrings(_ text: String) -> [String] {
    Tokenizer().tokenize(text).map { text.scalarSlice($0.start, $0.end)! }
}

func tokenKinds(_ text: String) -> [Token.Kind] { Tokenizer().tokenize(text).map(\.kind) }

/// Seed excerpts, verbatim (the seeds live outside the repository, in /work/shared/seeds).
enum Seeds {
    static let seed001 = "وقال المرصد ان 15،000 شخص فروا، وقتل ما لا يقل عن 40 مقاتلاً سورياً."
    static let seed002 = "وذكر المصدر أن العدوان وقع نحو الساعة 11.30 من مساء السبت – الأحد وتسبب بجرح جنديين وتدمير المدفع."
    static let seed002Tatweel = "ودعا لـ«قوات سورية الديمقراطية- قسد» والـ 23 عنصراً لـ«الإدارة الذاتية»."
    static let seed003Tweet = """
        هناك ما يقرب من 2000 من عناصر داعش المتبقية ويعملون حاليا في أقل من واحد في المئة من \
        الأراضي التي كانوا يستحوذون عليها سابقا بالقرب من #دير_الزور، #سوريا @brett_mcgurk \
        @coalition @USEmbassySyria
        — الخارجية الأمريكية (@USAbilAraby) November 27, 2018
        RT @brett_mcgurk: قتال عنيف خلال الـ 72 ساعة الماضية ضد داعش بالقرب من #هجين، في خلال محاولتهم الهرب.
        """
    static let seed004 = "انسحاب للقوات الأجنبية من معركة ‘‘ دير الزور ‘‘.. و‘‘ مغاوير الثورة ‘‘ لم تدخل شرق الفرات"
}

@Suite("Tokenizer")
struct TokenizerTests {
    @Test("FORMATS.md's text T: nine tokens at the documented offsets")
    func formatsExample() {
        let tokens = Tokenizer().tokenize(textT)
        #expect(tokens.map(\.range) == [0..<4, 5..<11, 12..<19, 20..<25, 26..<29, 30..<33, 34..<39, 40..<42, 43..<49])
        #expect(tokens[7].kind == .number)
        #expect(tokens.filter { $0.kind == .word }.count == 8)
    }

    @Test("Harakat, shadda and tatweel stay inside the word")
    func harakatInWords() {
        #expect(Tokenizer().tokenize("وبِالـرَّقَّة") == [Token(start: 0, end: 13, kind: .word)])
        #expect(tokenStrings("قتلَ مدنياً") == ["قتلَ", "مدنياً"])
    }

    @Test(
        "Numbers keep inner separators followed by a digit",
        arguments: [
            ("فرّ 15،000 شخص", ["فرّ", "15،000", "شخص"]),
            ("١٬٢٣٤ و١٫٥", ["١٬٢٣٤", "و", "١٫٥"]),
            ("بنسبة 1.5 بالمئة", ["بنسبة", "1.5", "بالمئة"]),
            ("الساعة 11.30 مساء", ["الساعة", "11.30", "مساء"]),
            ("۱۲۳ قتيلا", ["۱۲۳", "قتيلا"]),
            ("قتل 12، وجرح 30.", ["قتل", "12", "،", "وجرح", "30", "."]),  // list comma, full stop
            ("1,500,000 دولار", ["1,500,000", "دولار"]),
        ])
    func numbers(text: String, expected: [String]) {
        #expect(tokenStrings(text) == expected)
    }

    @Test(
        "Digits glued to words split off",
        arguments: [
            ("نحو200 عنصر", ["نحو", "200", "عنصر"]),
            ("37الف قتيل", ["37", "الف", "قتيل"]),
            ("بين800 و1000", ["بين", "800", "و", "1000"]),
            ("5مليون", ["5", "مليون"]),
            ("الـ23", ["الـ", "23"]),
        ])
    func gluedDigits(text: String, expected: [String]) {
        #expect(tokenStrings(text) == expected)
    }

    @Test("A tatweel-joined detached preposition is its own token")
    func detachedPreposition() {
        #expect(tokenStrings("لـ«قوات سورية الديمقراطية- قسد»") == ["لـ", "«", "قوات", "سورية", "الديمقراطية", "-", "قسد", "»"])
        #expect(tokenStrings("بـ \"داماس بوست\"") == ["بـ", "\"", "داماس", "بوست", "\""])
        let tokens = Tokenizer().tokenize(Seeds.seed002Tatweel)
        #expect(tokens.prefix(4).map(\.range) == [0..<4, 5..<7, 7..<8, 8..<12])
    }

    @Test("Hashtags and handles are single tokens of their own kinds")
    func hashtagsAndHandles() {
        #expect(tokenStrings("قرب #دير_الزور، #سوريا") == ["قرب", "#دير_الزور", "،", "#سوريا"])
        #expect(tokenKinds("قرب #دير_الزور، #سوريا") == [.word, .hashtag, .punctuation, .hashtag])
        #expect(tokenStrings("RT @brett_mcgurk: قتال") == ["RT", "@brett_mcgurk", ":", "قتال"])
        #expect(tokenKinds("(@USAbilAraby)") == [.punctuation, .handle, .punctuation])
        // Not hashtags or handles: glued to a word, or nothing after the sign.
        #expect(tokenKinds("a#b") == [.word, .punctuation, .word])
        #expect(tokenKinds("info@example.com") == [.word, .punctuation, .word, .punctuation, .word])
        #expect(tokenKinds("# @ #1") == [.punctuation, .punctuation, .punctuation, .number])
        let tokens = Tokenizer().tokenize(Seeds.seed003Tweet)
        #expect(tokens.filter { $0.kind == .hashtag }.count == 3)
        #expect(tokens.filter { $0.kind == .handle }.count == 5)
    }

    @Test(
        "URLs are single tokens without their trailing punctuation",
        arguments: [
            ("المصدر: https://example.com/a_b?x=1. وقال", "https://example.com/a_b?x=1"),
            ("(www.enabbaladi.net)", "www.enabbaladi.net"),
            ("انظر https://ar.wikipedia.org/wiki/حلب، ثم", "https://ar.wikipedia.org/wiki/حلب"),
            ("HTTP://EXAMPLE.COM/Hajin_(Syria).", "HTTP://EXAMPLE.COM/Hajin_(Syria)"),
            ("«http://t.co/x»", "http://t.co/x"),
        ])
    func urls(text: String, url: String) {
        let tokens = Tokenizer().tokenize(text)
        let urls = tokens.filter { $0.kind == .url }.map { text.scalarSlice($0.start, $0.end)! }
        #expect(urls == [url])
    }

    @Test("Words that merely start like a URL stay words")
    func notURLs() {
        #expect(tokenKinds("http www. https:/x") == [.word, .word, .punctuation, .word, .punctuation, .punctuation, .word])
    }

    @Test("Emoji sequences are one symbol token each")
    func emoji() {
        let text = "👨‍👩‍👧🇸🇾🇺🇸 👍🏽 ❤️ 🙂! 1️⃣"
        #expect(tokenStrings(text) == ["👨‍👩‍👧", "🇸🇾", "🇺🇸", "👍🏽", "❤️", "🙂", "!", "1️⃣"])
        #expect(tokenKinds(text) == [.symbol, .symbol, .symbol, .symbol, .symbol, .symbol, .punctuation, .number])
        #expect(Tokenizer().tokenize(text).first?.range == 0..<5)
    }

    @Test("Direction marks and CRLF separate tokens and belong to none")
    func separators() {
        let text = "\u{200F}حلب\u{200F}،\r\nإدلب\u{061C} 𝐀𝐁"
        #expect(tokenStrings(text) == ["حلب", "،", "إدلب", "𝐀𝐁"])
        #expect(Tokenizer().tokenize(text).map(\.range) == [1..<4, 5..<6, 8..<12, 14..<16])
    }

    @Test("Seed lines tokenize as annotators see them")
    func seeds() {
        #expect(tokenStrings(Seeds.seed001).contains("15،000"))
        #expect(tokenStrings(Seeds.seed002).contains("11.30"))
        let s4 = tokenStrings(Seeds.seed004)
        #expect(s4[5...13] == ["‘", "‘", "دير", "الزور", "‘", "‘", ".", ".", "و"])
    }

    @Test("Property: tokens are ordered, non-empty and cover exactly the non-separator scalars", arguments: 0..<UInt64(25))
    func coverage(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let scalars = Array(text.unicodeScalars)
            let tokens = Tokenizer().tokenize(text)
            var covered = [Bool](repeating: false, count: scalars.count)
            var previousEnd = 0
            for t in tokens {
                #expect(t.start >= previousEnd && t.start < t.end && t.end <= scalars.count, "seed \(seed)")
                previousEnd = t.end
                for i in t.range { covered[i] = true }
            }
            for (i, s) in scalars.enumerated() {
                let separator = s.properties.isWhitespace || Arabic.isDirectionMark(s)
                #expect(covered[i] == !separator, "seed \(seed) scalar \(i) U+\(String(s.value, radix: 16))")
            }
        }
    }

    @Test("Property: in well-formed text every token edge is a grapheme boundary", arguments: 0..<UInt64(25))
    func graphemeEdges(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng)
            let offsets = TextOffsets(text)
            for t in Tokenizer().tokenize(text) {
                #expect(offsets.isGraphemeBoundary(t.start), "seed \(seed) token \(t)")
                #expect(offsets.isGraphemeBoundary(t.end), "seed \(seed) token \(t)")
            }
        }
    }

    @Test("Property: words hold no digits, numbers start with one", arguments: 0..<UInt64(25))
    func kinds(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let scalars = Array(text.unicodeScalars)
            for t in Tokenizer().tokenize(text) {
                let digits = scalars[t.range].filter { $0.properties.generalCategory == .decimalNumber }
                switch t.kind {
                case .word: #expect(digits.isEmpty, "seed \(seed)")
                case .number: #expect(Arabic.isDigit(scalars[t.start]))
                case .hashtag: #expect(scalars[t.start] == "#")
                case .handle: #expect(scalars[t.start] == "@")
                default: break
                }
            }
        }
    }

    /// The key each token was given as it was found: the key of its normalised scalars (a
    /// hashtag's without `#`, none for symbols, handles and URLs), as one pass over the token
    /// would compute it.
    static func keyOnItsOwn(_ values: [UInt32], _ t: Token) -> UInt64 {
        switch t.kind {
        case .word, .number, .punctuation: return MatchKey.of(values, t.start, t.end)
        case .hashtag: return MatchKey.of(values, t.start + 1, t.end)
        case .symbol, .handle, .url: return 0
        }
    }

    @Test("Tokens keyed as they are found have the keys of their normalised scalars")
    func keysAsFound() {
        let text = "قـــالَ «المرصد» إنّ ١٥ مدنياً و15،000 #دير_الزور @brett_mcgurk https://x.com/a 👨\u{200D}👩\u{200D}👧 𝐀ب RT."
        let values = scalarValues(of: text)
        let (tokens, keys) = Tokenizer().tokensAndKeys(values: values)
        #expect(tokens == Tokenizer().tokenize(values: values))
        #expect(keys.count == tokens.count)
        for (t, k) in zip(tokens, keys) { #expect(k == Self.keyOnItsOwn(values, t), "\(t)") }
        // Spelling variants normalised alike share a key: tatweel and harakat drop, أ is ا.
        let word = { (w: String) -> UInt64 in Tokenizer().tokensAndKeys(values: scalarValues(of: w)).keys[0] }
        #expect(word("قـــالَ") == word("قال"))
        #expect(word("أحمد") == word("احمد"))
        #expect(word("قال") != word("قام"))
        #expect(keys[tokens.firstIndex { $0.kind == .url }!] == 0)
    }

    @Test("Property: every token's key is the key of its scalars", arguments: 0..<UInt64(25))
    func keysProperty(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let values = scalarValues(of: RandomText.make(&rng, wellFormed: false))
            let (tokens, keys) = Tokenizer().tokensAndKeys(values: values)
            #expect(tokens == Tokenizer().tokenize(values: values), "seed \(seed)")
            for (t, k) in zip(tokens, keys) { #expect(k == Self.keyOnItsOwn(values, t), "seed \(seed) token \(t)") }
        }
    }
}
