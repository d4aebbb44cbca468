import Testing

@testable import TashihText

/// `scalarValues(validatingUTF8:)` decodes what the standard library accepts, to the same
/// scalars, and refuses what it would repair — through its eight- and four-byte blocks of
/// two-byte sequences and through its one-sequence path alike.
@Suite struct ValidatingDecodeTests {
    func decode(_ bytes: [UInt8]) -> [UInt32]? {
        bytes.withUnsafeBufferPointer { scalarValues(validatingUTF8: $0) }
    }

    @Test func validTextDecodesToItsScalars() {
        let texts = [
            "",
            "قُتِلَ ما لا يقل عن ٤٠ مقاتلاً من «قسد» في هجوم 🙂",
            "مـــقـــاتـــل ۱۲ ٣٤٥ 12,000 km² — 𝐀𝐁 ﷲ",
            "حلب",  // three two-byte letters: a four-byte block, then one
            "الإرهابيين",  // ten: an eight-byte block, then a four-byte one, and so on
            "a", "ab", "abcdefghijklmnop", "é", "€", "\u{10FFFF}", "\u{0}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}",
        ]
        for t in texts {
            #expect(decode(Array(t.utf8)) == t.unicodeScalars.map(\.value), "\(t)")
        }
        // Every offset into a long mixed text, so the blocks start at every alignment.
        let long = Array("وقال 🙂 المرصد: قُتِلَ ٤٠ مدنياً، و١٢ جندياً. ".utf8)
        for cut in 0..<long.count {
            let bytes = Array(long[cut...])
            let expected = String(validating: bytes, as: UTF8.self).map { $0.unicodeScalars.map(\.value) }
            #expect(decode(bytes) == expected, "cut \(cut)")
        }
    }

    @Test func invalidSequencesAreRefused() {
        let arabic = Array("مقاتلين".utf8)  // fourteen bytes of two-byte letters
        let bad: [[UInt8]] = [
            [0x80],  // a continuation byte alone
            [0xC0, 0x80], [0xC1, 0xBF],  // overlong two-byte forms
            [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],  // overlong three-byte forms
            [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],  // overlong four-byte forms
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF],  // past U+10FFFF
            [0xD8], [0xE2, 0x82], [0xF0, 0x9F, 0x99],  // cut short at the end
            [0xD8, 0x41],  // a lead byte without its continuation
            // Inside runs of Arabic letters, where the block paths read them.
            arabic + [0xC1, 0x80] + arabic,
            Array(arabic[0..<4]) + [0xC0, 0xAF] + Array(arabic[0..<2]),
            Array(arabic[0..<6]) + [0xD8, 0xD8],
            Array(arabic[0..<2]) + [0xD8, 0x28, 0xD8, 0xA7],
        ]
        for b in bad {
            #expect(String(validating: b, as: UTF8.self) == nil, "\(b)")
            #expect(decode(b) == nil, "\(b)")
        }
    }
}
