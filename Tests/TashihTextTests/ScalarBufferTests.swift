import Testing

@testable import TashihText

/// A ``ScalarBuffer`` gives a text's scalar values, as `unicodeScalars` does, whatever the
/// length of the texts loaded before (it grows past its first kilobyte and is reused).
@Suite struct ScalarBufferTests {
    /// Harakat, tatweel, Arabic-Indic digits, an emoji outside the BMP, ASCII.
    static let piece = "قُتِلَ ١٢ مدنيـــاً 🙂 in Hajin, "

    @Test func valuesAreTheTextsScalarsAfterAnyEarlierLoad() {
        let buffer = ScalarBuffer()
        for count in [0, 1, 3, 40, 200, 7, 1, 500, 0, 2] {
            let text = String(repeating: Self.piece, count: count) + "ب"
            let values = Array(buffer.load(text))
            #expect(values == text.unicodeScalars.map(\.value), "\(count) pieces")
            #expect(Array(buffer.values) == values)
        }
        #expect(buffer.load("").isEmpty)
    }

    @Test func tokensFromTheBufferAreTheTokenizers() {
        let buffer = ScalarBuffer()
        let text = String(repeating: Self.piece, count: 30)
        var tokens: [Token] = [Token(start: 0, end: 1, kind: .word)]
        Tokenizer().tokenize(scalars: buffer.load(text), into: &tokens)
        #expect(tokens == Tokenizer().tokenize(text))
    }
}
