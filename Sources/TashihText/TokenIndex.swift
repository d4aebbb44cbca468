/// How a scalar span lies on a text's tokens: the inclusive token range (Prodigy's
/// `token_start`/`token_end`) and, for each edge, whether it falls on a token edge, inside a
/// token, or in the white space between tokens.
///
/// An edge inside a token (a span that starts after the proclitic of `وبالرقة`) widens the
/// range to that whole token; an edge in white space contracts it to the tokens the span
/// covers. Nothing is guessed: the edges say which happened, and exporters decide (split the
/// clitic off, or widen, and count it).
public struct TokenAlignment: Sendable, Hashable {
    /// Where one edge of a span falls.
    public enum Edge: Sendable, Hashable {
        /// On a token boundary: the start of the first token or the end of the last.
        case onTokenBoundary
        /// Strictly inside token `k` (after its first scalar, before its end).
        case insideToken(Int)
        /// In white space (or other separators) between tokens, before the first token or
        /// after the last.
        case betweenTokens
    }

    /// Index of the first token (inclusive).
    public let tokenStart: Int
    /// Index of the last token (inclusive).
    public let tokenEnd: Int
    /// Where the span's start falls.
    public let start: Edge
    /// Where the span's end falls.
    public let end: Edge

    public init(tokenStart: Int, tokenEnd: Int, start: Edge, end: Edge) {
        self.tokenStart = tokenStart
        self.tokenEnd = tokenEnd
        self.start = start
        self.end = end
    }

    /// Whether both edges are token boundaries: the span is exactly tokens `tokenStart...tokenEnd`.
    public var isAligned: Bool { start == .onTokenBoundary && end == .onTokenBoundary }

    /// The token the start falls inside, if it does.
    public var startsInsideToken: Int? {
        if case .insideToken(let k) = start { return k }
        return nil
    }

    /// The token the end falls inside, if it does.
    public var endsInsideToken: Int? {
        if case .insideToken(let k) = end { return k }
        return nil
    }

    /// `tokenStart...tokenEnd`.
    public var tokenRange: ClosedRange<Int> { tokenStart...tokenEnd }
}

/// Conversions between scalar spans `[start, end)` and inclusive token ranges over one text's
/// tokens. Built from the tokens (checked once, O(n)); each conversion is O(log n).
///
/// ```swift
/// let index = TokenIndex(text: "قصفت القوات الروسية مدينة حلب")
/// index.align(5..<19)                          // tokens 1...2, aligned
/// index.align(6..<19)?.startsInsideToken      // 1
/// index.scalarRange(tokenStart: 1, tokenEnd: 2) // 5..<19
/// ```
public struct TokenIndex: Sendable, Hashable {
    /// The tokens, in text order, non-empty and non-overlapping.
    public let tokens: [Token]

    /// An index over `tokens`, which must be in text order, non-empty and non-overlapping (as
    /// ``Tokenizer/tokenize(_:)`` makes them).
    public init(tokens: [Token]) {
        precondition(
            zip(tokens, tokens.dropFirst()).allSatisfy { $0.end <= $1.start } && tokens.allSatisfy { $0.start < $0.end },
            "tokens must be non-empty, ordered and non-overlapping")
        self.tokens = tokens
    }

    /// An index over the tokens `tokenizer` makes of `text`.
    public init(text: String, tokenizer: Tokenizer = Tokenizer()) {
        self.tokens = tokenizer.tokenize(text)
    }

    /// The index of the token containing scalar offset `offset` (`start <= offset < end`), or
    /// nil if the offset is in white space or outside the tokens.
    public func token(containing offset: Int) -> Int? {
        let k = firstToken(endingAfter: offset)
        return k < tokens.count && tokens[k].start <= offset ? k : nil
    }

    /// How the span `[span.lowerBound, span.upperBound)` lies on the tokens, or nil if it is
    /// empty, negative or covers no token (only white space).
    public func align(_ span: Range<Int>) -> TokenAlignment? {
        guard span.lowerBound >= 0, !span.isEmpty else { return nil }
        // First token that ends after the start: the start is before it, at it, or inside it.
        let first = firstToken(endingAfter: span.lowerBound)
        guard first < tokens.count else { return nil }
        let startEdge: TokenAlignment.Edge
        let firstStart = tokens[first].start
        if firstStart == span.lowerBound {
            startEdge = .onTokenBoundary
        } else if firstStart < span.lowerBound {
            startEdge = .insideToken(first)
        } else {
            startEdge = .betweenTokens
        }
        // Last token that starts before the end: the end is after it, at its end, or inside it.
        let last = firstToken(startingAtOrAfter: span.upperBound) - 1
        guard last >= first else { return nil }
        let endEdge: TokenAlignment.Edge
        let lastEnd = tokens[last].end
        if lastEnd == span.upperBound {
            endEdge = .onTokenBoundary
        } else if lastEnd > span.upperBound {
            endEdge = .insideToken(last)
        } else {
            endEdge = .betweenTokens
        }
        return TokenAlignment(tokenStart: first, tokenEnd: last, start: startEdge, end: endEdge)
    }

    /// The scalar span of tokens `tokenStart...tokenEnd` (inclusive), or nil if the indices are
    /// out of range or reversed.
    public func scalarRange(tokenStart: Int, tokenEnd: Int) -> Range<Int>? {
        guard tokenStart >= 0, tokenStart <= tokenEnd, tokenEnd < tokens.count else { return nil }
        return tokens[tokenStart].start..<tokens[tokenEnd].end
    }

    /// The scalar span of an alignment's token range: the span widened over the tokens its
    /// edges fall inside and contracted off white space.
    public func scalarRange(of alignment: TokenAlignment) -> Range<Int>? {
        scalarRange(tokenStart: alignment.tokenStart, tokenEnd: alignment.tokenEnd)
    }

    /// The smallest k with `tokens[k].end > offset` (tokens.count if none).
    func firstToken(endingAfter offset: Int) -> Int {
        var lo = 0
        var hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].end <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The smallest k with `tokens[k].start >= offset` (tokens.count if none).
    func firstToken(startingAtOrAfter offset: Int) -> Int {
        var lo = 0
        var hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
