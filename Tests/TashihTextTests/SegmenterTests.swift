import Testing

@testable import TashihText

/// The text of each range.
func slices(_ text: String, _ ranges: [Range<Int>]) -> [String] { ranges.map { text.scalarSlice($0)! } }

@Suite("Sentences and paragraphs")
struct SegmenterTests {
    @Test("A clock time does not end a sentence; the full stop does")
    func clockTime() {
        let text = Seeds.seed002 + " وقال الناشط إن 1.5 في المئة فقط نجوا."
        #expect(slices(text, Segmenter.sentences(text)) == [Seeds.seed002, "وقال الناشط إن 1.5 في المئة فقط نجوا."])
    }

    @Test("؟ ! … and a run of dots each end a sentence")
    func terminators() {
        let text = "هل انسحبت القوات؟ نعم! ثم… انتهى"
        #expect(slices(text, Segmenter.sentences(text)) == ["هل انسحبت القوات؟", "نعم!", "ثم…", "انتهى"])
        #expect(
            slices(Seeds.seed004, Segmenter.sentences(Seeds.seed004)) == [
                "انسحاب للقوات الأجنبية من معركة ‘‘ دير الزور ‘‘..", "و‘‘ مغاوير الثورة ‘‘ لم تدخل شرق الفرات",
            ])
        #expect(Segmenter.sentences("حقاً؟! نعم").count == 2)
    }

    @Test("Closing quotes glued to the full stop stay in its sentence")
    func closingQuotes() {
        let text = "وقال رايان إنه “لا يملك تأكيدا.” وأضاف أن القتال «مستمر.» ثم (انتهى.) وقيل"
        #expect(
            slices(text, Segmenter.sentences(text)) == [
                "وقال رايان إنه “لا يملك تأكيدا.”", "وأضاف أن القتال «مستمر.»", "ثم (انتهى.)", "وقيل",
            ])
    }

    @Test("Sentences never cross a line; blank lines, CRLF and RLM are trimmed")
    func lines() {
        let text = "\u{200F}بدأ الهجوم صباحاً\r\n\r\n  وقال نشطاء 🙂 إن القتال استمر.  \n"
        let ranges = Segmenter.sentences(text)
        #expect(slices(text, ranges) == ["بدأ الهجوم صباحاً", "وقال نشطاء 🙂 إن القتال استمر."])
        #expect(ranges.first == 1..<18)
    }

    @Test("One-letter abbreviations and list numbers do not end a sentence")
    func abbreviations() {
        let text = "قال د. محمد إن قوات U.S. انسحبت. نقلت أ.ف.ب الخبر."
        #expect(slices(text, Segmenter.sentences(text)) == ["قال د. محمد إن قوات U.S. انسحبت.", "نقلت أ.ف.ب الخبر."])
        let list = "1. البند الأول\n2. البند الثاني"
        #expect(slices(list, Segmenter.sentences(list)) == ["1. البند الأول", "2. البند الثاني"])
    }

    @Test("A full stop glued to an Arabic word ends a sentence; inside a URL or a file name it does not")
    func gluedFullStop() {
        let text = "قتل جنديان.وقال المصدر إن الخبر على www.example.com/a.html وفي report.pdf أيضاً."
        #expect(
            slices(text, Segmenter.sentences(text)) == [
                "قتل جنديان.", "وقال المصدر إن الخبر على www.example.com/a.html وفي report.pdf أيضاً.",
            ])
    }

    @Test("Paragraphs are the non-blank lines, trimmed")
    func paragraphs() {
        let text = "فقرة أولى. وجملة ثانية.\n\n  فقرة ثانية 👨‍👩‍👧\r\nثالثة\u{2029}رابعة\n   \n"
        #expect(slices(text, Segmenter.paragraphs(text)) == ["فقرة أولى. وجملة ثانية.", "فقرة ثانية 👨‍👩‍👧", "ثالثة", "رابعة"])
        #expect(Segmenter.paragraphs("").isEmpty)
        #expect(Segmenter.paragraphs(" \n\r\n").isEmpty)
        #expect(Segmenter.sentences(" \n ").isEmpty)
    }

    @Test("Property: sentences partition the tokens, inside paragraphs, on token edges", arguments: 0..<UInt64(25))
    func partition(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, pieces: 80, wellFormed: false)
            let tokens = Tokenizer().tokenize(text)
            let sentences = Segmenter.sentences(text)
            let paragraphs = Segmenter.paragraphs(text)
            // Ordered, non-empty, non-overlapping.
            for (a, b) in zip(sentences, sentences.dropFirst()) { #expect(a.upperBound <= b.lowerBound, "seed \(seed)") }
            for s in sentences {
                #expect(!s.isEmpty)
                #expect(tokens.contains { $0.start == s.lowerBound }, "seed \(seed): sentence starts on a token")
                #expect(tokens.contains { $0.end == s.upperBound }, "seed \(seed): sentence ends on a token")
                #expect(
                    paragraphs.filter { $0.contains(s.lowerBound) && $0.upperBound >= s.upperBound }.count == 1, "seed \(seed)")
            }
            // Every token is in exactly one sentence.
            for t in tokens {
                #expect(
                    sentences.filter { $0.lowerBound <= t.start && t.end <= $0.upperBound }.count == 1, "seed \(seed) token \(t)")
            }
        }
    }
}
