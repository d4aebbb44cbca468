/// One candidate reading of a word's proclitics: where its stem would start if `depth` clitics
/// were stripped.
public struct ProcliticSplit: Sendable, Hashable {
    /// How many proclitics this reading strips: 0 (the whole word), 1 or 2.
    public var depth: Int
    /// The scalar offset where the stem starts (after the clitics and their harakat/tatweel).
    public var stemStart: Int
    /// The clitic is the preposition ل before a stem written with ل: `للأمم` = ل + (ا)لأمم.
    /// Look the stem up as written *and* with ا prepended (`الأمم`); `لليبيا` = ل + ليبيا shows
    /// why the caller must try both.
    public var articleElided: Bool

    public init(depth: Int, stemStart: Int, articleElided: Bool = false) {
        self.depth = depth
        self.stemStart = stemStart
        self.articleElided = articleElided
    }
}

extension Tokenizer {
    /// The candidate proclitic splits of a word token, depth 0 first.
    ///
    /// Proclitics stack as conjunction (و ف), then preposition (ب ل ك); ل + ال is written لل
    /// (reported with ``ProcliticSplit/articleElided``). The article ال is not a clitic boundary
    /// for spans: it stays in the stem. A split is proposed only if at least two letters remain.
    ///
    /// The tokenizer only proposes: many words begin with a clitic letter without a clitic —
    /// `وليد` (و + ليد, ول + يد), `بغداد` (ب + غداد), `لبنان` (ل + بنان), `فرنسا` (ف + رنسا). The
    /// caller (a lexicon lookup) tries the deepest split its lexicon confirms, and falls back
    /// to depth 0. Non-word tokens get only depth 0.
    ///
    /// ```swift
    /// // "وبالرقة" at 0..<7
    /// tokenizer.proclitics(of: token, in: scalars).map(\.stemStart)   // [0, 1, 2]
    /// ```
    public func proclitics<C: RandomAccessCollection>(of token: Token, in scalars: C) -> [ProcliticSplit]
    where C.Element == Unicode.Scalar, C.Index == Int {
        var splits = [ProcliticSplit(depth: 0, stemStart: token.start)]
        forEachProcliticSplit(of: token, in: scalars) { splits.append($0) }
        return splits
    }

    /// ``forEachProcliticSplit(of:in:_:)`` for scalar values (``scalarValues(of:)``),
    /// specialised here.
    public func forEachProcliticSplit(of token: Token, inValues values: [UInt32], _ body: (ProcliticSplit) -> Void) {
        values.withUnsafeBufferPointer { Self.forEachProcliticSplit(of: token, in: $0, body) }
    }

    /// ``forEachProcliticSplit(of:in:_:)`` over a buffer of scalar values: the same rules, with
    /// plain loads instead of a generic collection's (the matchers call it for every word).
    public static func forEachProcliticSplit(
        of token: Token, in s: UnsafeBufferPointer<UInt32>, _ body: (ProcliticSplit) -> Void
    ) {
        let (a, b) = procliticSplits(of: token, in: s)
        if let a { body(a) }
        if let b { body(b) }
    }

    /// The proclitic splits of depth 1 and 2 of a word token (``forEachProcliticSplit(of:in:_:)``,
    /// in the same order), without a closure: at most two.
    public static func procliticSplits(
        of token: Token, in s: UnsafeBufferPointer<UInt32>
    ) -> (ProcliticSplit?, ProcliticSplit?) {
        guard token.kind == .word, token.start >= 0, token.end <= s.count, token.start < token.end else { return (nil, nil) }
        let end = token.end
        let table = ScalarClass.table
        var depth = 0
        var p = token.start
        var outer: ProcliticSplit?
        let first = s[p]
        if first == 0x0648 || first == 0x0641 {  // و ف
            let stem = afterClitic(s, p, end, table)
            guard stemIsLongEnough(s, stem, end, table) else { return (nil, nil) }
            depth = 1
            outer = ProcliticSplit(depth: 1, stemStart: stem)
            p = stem
        }
        let preposition = s[p]
        if preposition == 0x0628 || preposition == 0x0644 || preposition == 0x0643 {  // ب ل ك
            let stem = afterClitic(s, p, end, table)
            if stem < end, stemIsLongEnough(s, stem, end, table) {
                let elided = preposition == 0x0644 && s[stem] == 0x0644
                let inner = ProcliticSplit(depth: depth + 1, stemStart: stem, articleElided: elided)
                return outer == nil ? (inner, nil) : (outer, inner)
            }
        }
        return (outer, nil)
    }

    /// The offset after the clitic letter at `p` and the harakat/tatweel/marks on it.
    @inline(__always)
    static func afterClitic(_ s: UnsafeBufferPointer<UInt32>, _ p: Int, _ end: Int, _ table: UnsafePointer<UInt8>) -> Int {
        var q = p + 1
        while q < end {
            let v = s[q]
            if v == 0x0640 || ScalarClass.of(v, table) == .mark { q += 1 } else { break }
        }
        return q
    }

    /// Whether at least two letters (not tatweel) remain in `[p, end)`.
    @inline(__always)
    static func stemIsLongEnough(_ s: UnsafeBufferPointer<UInt32>, _ p: Int, _ end: Int, _ table: UnsafePointer<UInt8>) -> Bool {
        var letters = 0
        var q = p
        while q < end, letters < 2 {
            let v = s[q]
            if v != 0x0640 && ScalarClass.of(v, table) == .letter { letters += 1 }
            q += 1
        }
        return letters >= 2
    }

    /// ``forEachProcliticSplit(of:in:_:)`` for an array of scalars, specialised here (a generic
    /// called from another module runs unspecialised).
    public func forEachProcliticSplit(of token: Token, in scalars: [Unicode.Scalar], _ body: (ProcliticSplit) -> Void) {
        forEachProcliticSplit(of: token, in: scalars[...], body)
    }

    /// The proclitic splits of depth 1 and 2 of a word token, in order, without allocating:
    /// the hot path of the lexicon matchers (``proclitics(of:in:)`` documents the rules).
    public func forEachProcliticSplit<C: RandomAccessCollection>(
        of token: Token, in scalars: C, _ body: (ProcliticSplit) -> Void
    ) where C.Element == Unicode.Scalar, C.Index == Int {
        var depth = 0
        guard token.kind == .word, token.start >= scalars.startIndex, token.end <= scalars.endIndex,
            token.start < token.end
        else { return }
        let end = token.end
        let table = ScalarClass.table

        /// The offset after the clitic letter at `p` and the harakat/tatweel/marks on it.
        func afterClitic(_ p: Int) -> Int {
            var q = p + 1
            while q < end {
                let v = scalars[q].value
                if v == 0x0640 || ScalarClass.of(v, table) == .mark { q += 1 } else { break }
            }
            return q
        }
        /// Whether at least two letters (not tatweel) remain from `p`.
        func stemIsLongEnough(_ p: Int) -> Bool {
            var letters = 0
            var q = p
            while q < end, letters < 2 {
                let v = scalars[q].value
                if v != 0x0640 && ScalarClass.of(v, table) == .letter { letters += 1 }
                q += 1
            }
            return letters >= 2
        }

        var p = token.start
        let first = scalars[p].value
        if first == 0x0648 || first == 0x0641 {  // و ف
            let stem = afterClitic(p)
            guard stemIsLongEnough(stem) else { return }
            depth = 1
            body(ProcliticSplit(depth: 1, stemStart: stem))
            p = stem
        }
        let preposition = scalars[p].value
        if preposition == 0x0628 || preposition == 0x0644 || preposition == 0x0643 {  // ب ل ك
            let stem = afterClitic(p)
            if stem < end, stemIsLongEnough(stem) {
                let elided = preposition == 0x0644 && scalars[stem].value == 0x0644
                body(ProcliticSplit(depth: depth + 1, stemStart: stem, articleElided: elided))
            }
        }
    }

    /// The candidate proclitic splits of one word, with offsets relative to the word's start
    /// (for lexicon tools that hold words, not texts).
    public func proclitics(ofWord word: String) -> [ProcliticSplit] {
        let scalars = Array(word.unicodeScalars)
        return proclitics(of: Token(start: 0, end: scalars.count, kind: .word), in: scalars)
    }
}
