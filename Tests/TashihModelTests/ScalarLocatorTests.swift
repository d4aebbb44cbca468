import Testing

@testable import TashihModel

/// The word-at-a-time scalar counting and edge mapping agree with walking `unicodeScalars`.
@Suite struct ScalarLocatorTests {
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

    static let pieces = [
        "ق", "ُ", "ت", "ِ", "ل", "َ", "ـ", "١", "٢", "۳", "5", " ", "«", "»", "🙂", "👨‍👩‍👧", "𝐀", "é", "\r\n", "a", "ّ",
    ]

    @Test(arguments: 0..<20)
    func agreesWithTheScalarView(seed: Int) {
        var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 1)
        for _ in 0..<50 {
            var text = ""
            for _ in 0..<rng.below(60) { text += Self.pieces[rng.below(Self.pieces.count)] }
            let scalars = Array(text.unicodeScalars)
            let edges = (0..<rng.below(8)).map { _ in rng.below(scalars.count + 3) }
            var t = text
            t.makeContiguousUTF8()
            t.utf8.withContiguousStorageIfAvailable { buf in
                let loc = ScalarLocator(buf, edges: edges)
                #expect(loc.scalarCount == scalars.count)
                for e in edges where e <= scalars.count {
                    let expected = String(String.UnicodeScalarView(scalars[0..<e])).utf8.count
                    #expect(loc.byteOffset(e) == expected, "\(text.debugDescription) edge \(e)")
                    if e < scalars.count { #expect(loc.scalar(at: e) == scalars[e]) }
                    if e > 0 { #expect(loc.scalar(before: e) == scalars[e - 1]) }
                }
            }
        }
    }
}
