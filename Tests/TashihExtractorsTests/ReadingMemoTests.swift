import Foundation
import TashihJSON
import TashihText
import Testing

@testable import TashihExtractors
@testable import TashihModel

/// The suite remembers the words whose proclitic readings start no actor name and no stance
/// cue, and stops taking them apart: what it suggests must not change.
@Suite struct ReadingMemoTests {
    static func suite() throws -> BuiltinSuite {
        try BuiltinExtractors.resolve(
            "builtin", lexiconDirectory: SeedAcceptanceTests.root.appendingPathComponent("datasets/lexicons").path)
    }

    /// Texts whose words come back in other spellings (harakat, tatweel) and with other
    /// proclitics, some of whose readings do start names (`وبقوات`, `ولتنظيم`, `والنظام`).
    static let texts = [
        "وقال المرصد إن القصف والاشتباكات وبالقرب من هجين أسفرت عن مقتل ١٢ مدنياً 🙂",
        "وَالقَصْف وبالـقـرب من الباغوز، وبقوات سوريا الديمقراطية ولتنظيم داعش الإرهابي",
        "والقصف الذي نفذته والنظام السوري وللنظام وبالنظام، وكالة سانا وبوكالة سانا",
        "ولـتـنـظـيـم الدولة وفِي وَبِقوات التحالف الدولي بقيادة أميركا وللميليشيات الإيرانية",
    ]

    @Test func whatTheMemoLeavesOutChangesNoSuggestion() throws {
        let warm = try Self.suite()
        for round in 0..<3 {
            for (k, text) in Self.texts.enumerated() {
                let doc = Document(id: DocumentID("t\(k)"), text: text, meta: JSONObject([("source", .string("s\(k)"))]))
                // A fresh suite knows no word; the warm one has seen every text before.
                let fresh = try Self.suite()
                #expect(warm.extract(doc) == fresh.extract(doc), "round \(round), text \(k)")
            }
        }
        // The memo did learn: most words with readings are known, and the useless ones skipped.
        let a = TextAnalysis(values: scalarValues(of: Self.texts[2]))
        var known = 0
        var skipped = 0
        for t in a.tokens.indices where a.stemStarts[t] < a.stemStarts[t + 1] {
            if warm.readingMemo.knows(a.keys[t]) { known += 1 }
            if warm.readingMemo.skips(a.keys[t]) { skipped += 1 }
        }
        #expect(known > 5 && skipped > 0 && skipped < known)
        // A word whose readings start a name is never skipped.
        let n = TextAnalysis(values: scalarValues(of: "وبقوات"))
        #expect(warm.readingMemo.knows(n.keys[0]) && !warm.readingMemo.skips(n.keys[0]))
    }

    @Test func spellingsOfOneWordShareTheirKeyAndReadings() {
        // The memo's premise: words with one key have the same readings.
        let spellings = ["والقصف", "وَالقَصْف", "والـقـصـف", "وَالْقَصْفِ"]
        let analyses = spellings.map { TextAnalysis(values: scalarValues(of: $0)) }
        for a in analyses {
            #expect(a.keys[0] == analyses[0].keys[0])
            #expect(
                Array(a.stemKeys[Int(a.stemStarts[0])..<Int(a.stemStarts[1])])
                    == Array(analyses[0].stemKeys[Int(analyses[0].stemStarts[0])..<Int(analyses[0].stemStarts[1])]))
        }
        #expect(analyses[0].stemStarts[1] - analyses[0].stemStarts[0] >= 1)
    }
}
