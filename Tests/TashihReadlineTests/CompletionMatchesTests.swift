import Testing

@testable import TashihReadline

#if canImport(Glibc)
    import Glibc
#endif

/// What the completion hook hands to readline: the replacement for the typed word first, then
/// the candidates; readline frees every string and the array.
@Suite struct CompletionMatchesTests {
    func unpack(_ p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String]? {
        guard let p else { return nil }
        var out: [String] = []
        var i = 0
        while let s = p[i] {
            out.append(String(cString: s))
            free(s)
            i += 1
        }
        free(p)
        return out
    }

    @Test func oneCandidateReplacesTheWord() {
        #expect(unpack(ReadlineLineReader.readlineMatches(word: "rel", candidates: ["relabel"])) == ["relabel"])
    }

    @Test func severalCandidatesShareTheirLongestScalarPrefix() {
        let got = unpack(ReadlineLineReader.readlineMatches(word: "A", candidates: ["ARMED_GROUP", "ARMED_GROUP", "ACTOR"]))
        #expect(got == ["A", "ARMED_GROUP", "ACTOR"])
        let arabic = unpack(ReadlineLineReader.readlineMatches(word: "قو", candidates: ["قوات_سوريا", "قوات_النظام"]))
        #expect(arabic == ["قوات_", "قوات_سوريا", "قوات_النظام"])
    }

    @Test func aHarakatInsensitiveMatchKeepsWhatWasTypedWhenThePrefixIsShorter() {
        // Typed without harakat; the candidates carry them, so their common prefix «قَ» is
        // shorter than the word: the word stays as typed and readline lists the candidates.
        let got = unpack(ReadlineLineReader.readlineMatches(word: "قسد", candidates: ["قَسَد", "قَسْوَرة"]))
        #expect(got == ["قسد", "قَسَد", "قَسْوَرة"])
    }

    @Test func theCommonPrefixNeverSplitsAScalar() {
        // «ب» and «ت» share their first UTF-8 byte (0xD8); the prefix must not keep half of it.
        #expect(ReadlineLineReader.commonScalarPrefix(["ب🙂", "ت🙂"]) == "")
        #expect(ReadlineLineReader.commonScalarPrefix(["🙂ب", "🙂ت"]) == "🙂")
        #expect(unpack(ReadlineLineReader.readlineMatches(word: "x", candidates: [])) == nil)
    }
}
