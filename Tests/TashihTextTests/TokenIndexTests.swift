import Testing

@testable import TashihText

@Suite("Token index")
struct TokenIndexTests {
    let index = TokenIndex(text: textT)

    @Test(
        "FORMATS.md's spans are aligned, with Prodigy's inclusive token_end",
        arguments: [(5..<19, 1...2), (26..<29, 4...4), (40..<42, 7...7), (0..<49, 0...8)])
    func formatsSpans(span: Range<Int>, tokens: ClosedRange<Int>) {
        let a = index.align(span)
        #expect(a?.isAligned == true)
        #expect(a?.tokenRange == tokens)
        #expect(index.scalarRange(tokenStart: tokens.lowerBound, tokenEnd: tokens.upperBound) == span)
    }

    @Test("A span starting after a proclitic starts inside its token and widens to it")
    func afterProclitic() {
        let text = "قصفت الطائرات وبالرقة أمس"  // وبالرقة is token 2, 14..<21
        let index = TokenIndex(text: text)
        let a = try! #require(index.align(16..<21))  // الرقة
        #expect(!a.isAligned)
        #expect(a.start == .insideToken(2))
        #expect(a.startsInsideToken == 2)
        #expect(a.end == .onTokenBoundary)
        #expect(a.tokenRange == 2...2)
        #expect(index.scalarRange(of: a) == 14..<21)
        let conjunction = try! #require(index.align(14..<15))  // و alone
        #expect(conjunction.endsInsideToken == 2)
        #expect(conjunction.start == .onTokenBoundary)
        let both = try! #require(index.align(15..<17))
        #expect(both.start == .insideToken(2) && both.end == .insideToken(2))
    }

    @Test("Edges in white space contract to the covered tokens; pure white space aligns to nothing")
    func whiteSpaceEdges() {
        let a = try! #require(index.align(4..<11))  // " القوات"
        #expect(a.start == .betweenTokens)
        #expect(a.tokenRange == 1...1)
        let b = try! #require(index.align(5..<12))  // "القوات "
        #expect(b.end == .betweenTokens)
        #expect(b.tokenRange == 1...1)
        #expect(index.align(4..<5) == nil)
        #expect(index.align(5..<5) == nil)
        #expect(index.align(-1..<3) == nil)
        #expect(index.align(49..<60) == nil)
    }

    @Test("Adjacent tokens share an edge: لـ«قوات")
    func adjacentTokens() {
        let index = TokenIndex(text: "لـ«قوات»")
        #expect(index.align(3..<7)?.isAligned == true)
        #expect(index.align(3..<7)?.tokenRange == 2...2)
        #expect(index.align(0..<3)?.tokenRange == 0...1)
        #expect(index.token(containing: 2) == 1)
    }

    @Test("token(containing:) and out-of-range token ranges")
    func lookups() {
        #expect(index.token(containing: 0) == 0)
        #expect(index.token(containing: 4) == nil)  // a space
        #expect(index.token(containing: 48) == 8)
        #expect(index.token(containing: 49) == nil)
        #expect(index.scalarRange(tokenStart: 2, tokenEnd: 1) == nil)
        #expect(index.scalarRange(tokenStart: 0, tokenEnd: 9) == nil)
    }

    @Test("Property: alignment agrees with a scalar-by-scalar oracle", arguments: 0..<UInt64(25))
    func oracle(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<8 {
            let text = RandomText.make(&rng, wellFormed: false)
            let n = text.scalarCount
            let index = TokenIndex(text: text)
            var owner = [Int?](repeating: nil, count: n)
            for (k, t) in index.tokens.enumerated() { for i in t.range { owner[i] = k } }
            guard n > 0 else { continue }
            for _ in 0..<30 {
                let a = Int.random(in: 0..<n, using: &rng)
                let b = Int.random(in: (a + 1)...n, using: &rng)
                let covered = (a..<b).compactMap { owner[$0] }
                let result = index.align(a..<b)
                guard let lo = covered.min(), let hi = covered.max() else {
                    #expect(result == nil, "seed \(seed) span \(a)..<\(b)")
                    continue
                }
                let expectedStart: TokenAlignment.Edge =
                    owner[a].map { index.tokens[$0].start < a ? .insideToken($0) : .onTokenBoundary } ?? .betweenTokens
                let expectedEnd: TokenAlignment.Edge =
                    owner[b - 1].map { index.tokens[$0].end > b ? .insideToken($0) : .onTokenBoundary } ?? .betweenTokens
                #expect(
                    result == TokenAlignment(tokenStart: lo, tokenEnd: hi, start: expectedStart, end: expectedEnd),
                    "seed \(seed) span \(a)..<\(b)")
            }
        }
    }

    @Test("Property: every token range round-trips through its scalar span", arguments: 0..<UInt64(25))
    func roundTrip(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<8 {
            let index = TokenIndex(text: RandomText.make(&rng))
            let count = index.tokens.count
            guard count > 0 else { continue }
            for _ in 0..<20 {
                let i = Int.random(in: 0..<count, using: &rng)
                let j = Int.random(in: i..<count, using: &rng)
                let span = try! #require(index.scalarRange(tokenStart: i, tokenEnd: j))
                let a = index.align(span)
                #expect(a?.isAligned == true)
                #expect(a?.tokenRange == i...j, "seed \(seed)")
            }
        }
    }
}
