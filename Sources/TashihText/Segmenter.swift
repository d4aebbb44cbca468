/// Paragraph and sentence boundaries as scalar ranges, trimmed of the white space and direction
/// marks around them.
///
/// - Paragraphs are the text's non-blank lines (LF, CR, CRLF, U+2028, U+2029, NEL end a line).
/// - Sentences never cross a line break. Inside a line a sentence ends after a run of `.` `!`
///   `?` `؟` `…` `۔` (so `..` and `؟!` end one sentence), together with closing quotes and
///   brackets glued to it (`.”`, `.»`, `؟)`), when white space follows or an Arabic letter
///   follows directly (`حلب.وقال`).
/// - Numbers, times, URLs and handles are tokens, so `11.30`, `1.5` and `www.example.com` never
///   end a sentence. Nor does a `.` after a one-letter word glued to it (`U.S.`, `د. محمد`,
///   `أ.ف.ب`), nor one after a number that opens the sentence (the list item `1. `).
public enum Segmenter {
    /// The non-blank lines of `text`, trimmed.
    public static func paragraphs(_ text: String) -> [Range<Int>] {
        let s = Scalars.values(of: text)
        var result: [Range<Int>] = []
        var lineStart = 0
        for i in 0...s.count where i == s.count || Scalars.isNewline(s[i]) {
            if let r = trimmed(lineStart..<i, in: s) { result.append(r) }
            lineStart = i + 1
        }
        return result
    }

    /// The sentences of `text`, in order, trimmed.
    public static func sentences(_ text: String) -> [Range<Int>] {
        let s = Scalars.values(of: text)
        return sentences(values: s, tokens: s.withUnsafeBufferPointer { Tokenizer.tokens(of: $0) })
    }

    /// The sentences of a text already decoded (``scalarValues(of:)``) and tokenised.
    public static func sentences(values s: [UInt32], tokens: [Token]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var first = 0  // index of the current sentence's first token
        var k = 0
        while k < tokens.count {
            var last = k
            var ends = false
            if isTerminator(tokens[k], in: s) && !isAbbreviationDot(k, first: first, tokens, s) {
                // Take the whole run of terminators and the closing marks glued to it.
                while last + 1 < tokens.count, tokens[last + 1].start == tokens[last].end,
                    isTerminator(tokens[last + 1], in: s) || isCloser(tokens[last + 1], in: s)
                {
                    last += 1
                }
                if last + 1 == tokens.count || tokens[last + 1].start > tokens[last].end
                    || startsWithArabicLetter(tokens[last + 1], in: s)
                {
                    ends = true
                } else {
                    last = k
                }
            }
            if !ends, last + 1 < tokens.count,
                (tokens[last].end..<tokens[last + 1].start).contains(where: { Scalars.isNewline(s[$0]) })
            {
                ends = true
            }
            if ends || last + 1 == tokens.count {
                result.append(tokens[first].start..<tokens[last].end)
                first = last + 1
            }
            k = last + 1
        }
        return result
    }

    /// `r` without the separators at either end, or nil if nothing else is left.
    static func trimmed(_ r: Range<Int>, in s: [UInt32]) -> Range<Int>? {
        var lo = r.lowerBound
        var hi = r.upperBound
        while lo < hi, ScalarClass.of(s[lo]) == .separator { lo += 1 }
        while hi > lo, ScalarClass.of(s[hi - 1]) == .separator { hi -= 1 }
        return lo < hi ? lo..<hi : nil
    }

    static func isTerminator(_ t: Token, in s: [UInt32]) -> Bool {
        guard t.kind == .punctuation else { return false }
        switch s[t.start] {
        case 0x2E, 0x21, 0x3F, 0x061F, 0x2026, 0x06D4: return true  // . ! ? ؟ … ۔
        default: return false
        }
    }

    /// A closing quotation mark or bracket: `)` `]` `}` `»` `’` `”` `›`, and the ambiguous
    /// `"` `'` `‘` (they only count when glued to the terminator).
    static func isCloser(_ t: Token, in s: [UInt32]) -> Bool {
        guard t.kind == .punctuation else { return false }
        switch s[t.start] {
        case 0x29, 0x5D, 0x7D, 0xBB, 0x2019, 0x201D, 0x203A, 0x22, 0x27, 0x2018: return true
        default: return false
        }
    }

    /// Whether token `k` is a `.` that does not end a sentence: after a one-letter word glued to
    /// it, or after a number that opens the sentence (a list item).
    static func isAbbreviationDot(_ k: Int, first: Int, _ tokens: [Token], _ s: [UInt32]) -> Bool {
        guard s[tokens[k].start] == 0x2E, k > 0, tokens[k - 1].end == tokens[k].start else { return false }
        let previous = tokens[k - 1]
        if previous.kind == .number { return k - 1 == first }
        guard previous.kind == .word else { return false }
        var letters = 0
        for i in previous.range where s[i] != 0x0640 && ScalarClass.of(s[i]) == .letter { letters += 1 }
        return letters == 1
    }

    static func startsWithArabicLetter(_ t: Token, in s: [UInt32]) -> Bool {
        t.kind == .word && Arabic.isArabicLetter(s[t.start])
    }
}
