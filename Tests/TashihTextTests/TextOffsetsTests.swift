import Testing

@testable import TashihText

/// FORMATS.md's text T: every interchange example uses it.
let textT = "قصفت القوات الروسية مدينة حلب أمس وقتلت 12 مدنياً"

@Suite("Text offsets")
struct TextOffsetsTests {
    @Test("FORMATS.md's text T: its spans in code points")
    func formatsExample() {
        #expect(textT.scalarCount == 49)
        #expect(textT.scalarSlice(5, 19) == "القوات الروسية")
        #expect(textT.scalarSlice(26..<29) == "حلب")
        #expect(textT.scalarSlice(40, 42) == "12")
        let t = TextOffsets(textT)
        #expect(t.scalarCount == 49)
        // All BMP: UTF-16 offsets equal scalar offsets, and the span is the same range.
        #expect(t.utf16Range(fromScalar: 5..<19) == 5..<19)
        // Arabic letters are two UTF-8 bytes, ASCII space and digits one.
        #expect(t.utf8Range(fromScalar: 40..<42) == 73..<75)
    }

    @Test("مدنياً: 6 scalars, 6 UTF-16 units, 12 UTF-8 bytes, 5 graphemes")
    func harakatWord() {
        let t = TextOffsets("مدنياً")
        #expect(t.scalarCount == 6)
        #expect(t.utf16Count == 6)
        #expect(t.utf8Count == 12)
        #expect(t.graphemeCount == 5)
        #expect("مدنياً".scalarCount == 6)
        // The tanwin (scalar 5) sits on the alef (scalar 4): offset 5 is no grapheme boundary.
        #expect(t.grapheme(fromScalar: 5) == nil)
        #expect(t.isGraphemeBoundary(4))
        #expect(t.scalar(fromGrapheme: 5) == 6)
    }

    @Test("An emoji is two UTF-16 units and four UTF-8 bytes; its middle converts to nil")
    func emojiUnits() {
        let text = "حلب 🙂 ١٢"  // 🙂 is scalar 4
        let t = TextOffsets(text)
        #expect(t.scalarCount == 8)
        #expect(t.utf16(fromScalar: 5) == 6)
        #expect(t.scalar(fromUTF16: 5) == nil)  // between the surrogates
        #expect(t.scalar(fromUTF16: 6) == 5)
        #expect(t.utf8(fromScalar: 4) == 7)
        #expect(t.scalar(fromUTF8: 8) == nil)
        #expect(t.scalar(fromUTF8: 11) == 5)
        #expect(t.scalarRange(fromUTF16: 4..<6) == 4..<5)
        #expect(t.scalarRange(fromUTF16: 4..<5) == nil)
    }

    @Test("A ZWJ family is five scalars and one grapheme; offsets inside it are no boundaries")
    func zwjFamily() {
        let text = "قتل 👨‍👩‍👧 أمس"
        let t = TextOffsets(text)
        #expect(t.scalarCount == 13)
        #expect(t.graphemeCount == 9)
        for inside in 5...8 { #expect(t.grapheme(fromScalar: inside) == nil) }
        #expect(t.graphemeRange(fromScalar: 4..<9) == 4..<5)
        #expect(t.scalarRange(fromGrapheme: 4..<5) == 4..<9)
    }

    @Test("Out-of-range offsets convert to nil")
    func outOfRange() {
        let t = TextOffsets("حلب")
        #expect(t.utf16(fromScalar: 4) == nil)
        #expect(t.utf16(fromScalar: -1) == nil)
        #expect(t.scalar(fromUTF8: 7) == nil)
        #expect(t.scalar(fromGrapheme: 4) == nil)
        #expect("حلب".scalarSlice(2, 4) == nil)
        #expect("حلب".scalarSlice(2, 1) == nil)
    }

    @Test("The empty text has one offset, 0, in every unit")
    func emptyText() {
        let t = TextOffsets("")
        #expect(t.scalarCount == 0)
        #expect(t.utf16(fromScalar: 0) == 0)
        #expect(t.scalar(fromUTF8: 0) == 0)
        #expect(t.grapheme(fromScalar: 0) == 0)
        #expect(t.scalar(fromUTF16: 1) == nil)
    }

    @Test("Property: counts agree with Swift's views", arguments: 0..<UInt64(20))
    func countsAgree(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let t = TextOffsets(text)
            #expect(t.scalarCount == text.unicodeScalars.count)
            #expect(text.scalarCount == text.unicodeScalars.count)
            #expect(t.utf16Count == text.utf16.count)
            #expect(t.utf8Count == text.utf8.count)
            #expect(t.graphemeCount == text.count)
        }
    }

    @Test("Property: every scalar offset round-trips through UTF-16, UTF-8 and graphemes", arguments: 0..<UInt64(20))
    func scalarRoundTrips(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let t = TextOffsets(text)
            let scalars = text.unicodeScalars
            for s in 0...t.scalarCount {
                let index = scalars.index(scalars.startIndex, offsetBy: s)
                // Swift's own views are the oracle.
                let u16 = text.utf16.distance(from: text.utf16.startIndex, to: index)
                let u8 = text.utf8.distance(from: text.utf8.startIndex, to: index)
                #expect(t.utf16(fromScalar: s) == u16)
                #expect(t.scalar(fromUTF16: u16) == s)
                #expect(t.utf8(fromScalar: s) == u8)
                #expect(t.scalar(fromUTF8: u8) == s)
                if let c = index.samePosition(in: text) {
                    let g = text.distance(from: text.startIndex, to: c)
                    #expect(t.grapheme(fromScalar: s) == g, "seed \(seed) scalar \(s)")
                    #expect(t.scalar(fromGrapheme: g) == s)
                } else {
                    #expect(t.grapheme(fromScalar: s) == nil, "seed \(seed) scalar \(s) splits a grapheme")
                }
            }
        }
    }

    @Test("Property: offsets inside a surrogate pair or a UTF-8 sequence convert to nil", arguments: 0..<UInt64(20))
    func insideUnitsAreNil(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let t = TextOffsets(text)
            var insideUTF16 = 0
            for u in 0...text.utf16.count {
                let index = text.utf16.index(text.utf16.startIndex, offsetBy: u)
                if index.samePosition(in: text.unicodeScalars) == nil {
                    insideUTF16 += 1
                    #expect(t.scalar(fromUTF16: u) == nil, "seed \(seed) UTF-16 \(u)")
                } else {
                    #expect(t.scalar(fromUTF16: u) != nil)
                }
            }
            var insideUTF8 = 0
            for b in 0...text.utf8.count {
                let index = text.utf8.index(text.utf8.startIndex, offsetBy: b)
                if index.samePosition(in: text.unicodeScalars) == nil {
                    insideUTF8 += 1
                    #expect(t.scalar(fromUTF8: b) == nil, "seed \(seed) UTF-8 \(b)")
                } else {
                    #expect(t.scalar(fromUTF8: b) != nil)
                }
            }
            // Each extra unit of a scalar is one position inside it.
            #expect(insideUTF16 == text.utf16.count - text.unicodeScalars.count)
            #expect(insideUTF8 == text.utf8.count - text.unicodeScalars.count)
        }
    }

    @Test("Property: scalarSlice agrees with slicing the scalar array", arguments: 0..<UInt64(20))
    func scalarSliceAgrees(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<10 {
            let text = RandomText.make(&rng, wellFormed: false)
            let scalars = Array(text.unicodeScalars)
            for _ in 0..<20 {
                let a = Int.random(in: 0...scalars.count, using: &rng)
                let b = Int.random(in: a...scalars.count, using: &rng)
                let slice = text.scalarSlice(a, b)
                // Compare scalar by scalar: String == would treat reordered harakat as equal.
                #expect(slice.map { Array($0.unicodeScalars) } == Array(scalars[a..<b]))
            }
            #expect(text.scalarSlice(0, scalars.count + 1) == nil)
        }
    }
}
