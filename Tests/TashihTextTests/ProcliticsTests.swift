import Testing

@testable import TashihText

/// The stem starts proposed for a single word.
func stems(_ word: String) -> [Int] { Tokenizer().proclitics(ofWord: word).map(\.stemStart) }

@Suite("Proclitic candidates")
struct ProcliticsTests {
    @Test(
        "Conjunction, then preposition: stem starts for depth 0, 1, 2",
        arguments: [
            ("وبالرقة", [0, 1, 2]),
            ("بالرقة", [0, 1]),
            ("فللتحالف", [0, 1, 2]),
            ("للأمم", [0, 1]),
            ("كالعادة", [0, 1]),
            ("وإسرائيل", [0, 1]),
            ("بلبنان", [0, 1]),
            ("الرقة", [0]),  // the article is no span boundary
            ("قوات", [0]),
        ])
    func depths(word: String, expected: [Int]) {
        #expect(stems(word) == expected)
        #expect(Tokenizer().proclitics(ofWord: word).map(\.depth) == Array(0..<expected.count))
    }

    @Test("Harakat and tatweel on a clitic stay with the clitic")
    func harakatOnClitics() {
        #expect(stems("وَبِالرَّقَّة") == [0, 2, 4])
        #expect(stems("بـالرقة") == [0, 2])
    }

    @Test("لل is ل + ال with the alef elided; the caller also tries the stem as written")
    func articleElided() {
        let splits = Tokenizer().proclitics(ofWord: "وللأمم")
        #expect(splits.map(\.articleElided) == [false, false, true])
        #expect(splits.last?.stemStart == 2)  // "لأمم", looked up as "الأمم"
        #expect(Tokenizer().proclitics(ofWord: "لليبيا").last?.articleElided == true)  // ل + ليبيا
        #expect(Tokenizer().proclitics(ofWord: "بالرقة").last?.articleElided == false)
    }

    @Test(
        "False-strip traps are proposed; the lexicon decides",
        arguments: [("وليد", [0, 1, 2]), ("بغداد", [0, 1]), ("لبنان", [0, 1]), ("فرنسا", [0, 1])])
    func traps(word: String, expected: [Int]) {
        // Depth 0 is always first, so a lexicon that knows the whole name finds it first.
        #expect(stems(word) == expected)
    }

    @Test("No split leaves a stem of fewer than two letters")
    func shortStems() {
        #expect(stems("له") == [0])
        #expect(stems("لـ") == [0])
        #expect(stems("وله") == [0, 1])  // و + له; ل + ه is too short
        #expect(stems("و") == [0])
    }

    @Test("Offsets are absolute inside a text; non-word tokens get depth 0 only")
    func inText() {
        let text = "قال لـ«قوات» وللأمم 12"
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer().tokenize(text)
        let word = try! #require(tokens.first { text.scalarSlice($0.start, $0.end) == "وللأمم" })
        let splits = Tokenizer().proclitics(of: word, in: scalars)
        #expect(splits.map(\.stemStart) == [13, 14, 15])
        #expect(text.scalarSlice(splits[2].stemStart, word.end) == "لأمم")
        let number = try! #require(tokens.last)
        #expect(Tokenizer().proclitics(of: number, in: scalars) == [ProcliticSplit(depth: 0, stemStart: 20)])
    }

    @Test("Property: splits start at the token, increase, and stay inside it", arguments: 0..<UInt64(20))
    func splitsProperty(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng)
            let scalars = Array(text.unicodeScalars)
            for t in Tokenizer().tokenize(text) {
                let splits = Tokenizer().proclitics(of: t, in: scalars)
                #expect(splits.first == ProcliticSplit(depth: 0, stemStart: t.start))
                #expect(splits.count <= 3)
                for (a, b) in zip(splits, splits.dropFirst()) {
                    #expect(a.stemStart < b.stemStart && b.stemStart < t.end, "seed \(seed)")
                    #expect(b.depth == a.depth + 1)
                }
                // A stem never starts on a haraka: the clitic keeps its own.
                for s in splits { #expect(!Arabic.isHaraka(scalars[s.stemStart])) }
            }
        }
    }
}

/// `procliticSplits(of:in:)`, the closure-free form the matchers use, agrees with
/// `proclitics(of:in:)` on words with harakat, tatweel, digits and emoji around them.
@Suite struct ProcliticSplitsTests {
    @Test(arguments: [
        "وبالرقة", "فللتحالف", "وَبِالرَّقَّة", "بـالرقة", "لليبيا", "وللأمم", "كالعادة", "بلبنان", "الرقة", "وب", "ول", "و",
        "ب١٢", "فـ🙂", "لـ",
    ])
    func agreesWithProclitics(word: String) {
        let text = "🙂 ٣ " + word + " ١٢"
        let values = text.unicodeScalars.map(\.value)
        let tokens = Tokenizer().tokenize(text)
        for token in tokens {
            let expected = Array(Tokenizer().proclitics(of: token, in: Array(text.unicodeScalars)).dropFirst())
            let (a, b) = values.withUnsafeBufferPointer { Tokenizer.procliticSplits(of: token, in: $0) }
            #expect([a, b].compactMap { $0 } == expected, "\(word) token \(token.range)")
            var seen: [ProcliticSplit] = []
            Tokenizer().forEachProcliticSplit(of: token, inValues: values) { seen.append($0) }
            #expect(seen == expected, "\(word) token \(token.range)")
        }
    }
}
