/// A token: a scalar range of the text, end exclusive.
public struct Token: Sendable, Hashable, BitwiseCopyable {
    /// What a token is made of.
    public enum Kind: Sendable, Hashable, BitwiseCopyable {
        /// Letters with their marks and tatweel (`وبِالرَّقَّة`, `لـ`, `RT`).
        case word
        /// Digits of any set with inner separators (`15،000`, `١٬٢٣٤`, `11.30`).
        case number
        /// One punctuation scalar (`،`, `«`, `.`), with any marks after it.
        case punctuation
        /// A symbol or a whole emoji sequence (`👨‍👩‍👧`, `🇸🇾`, `👍🏽`, `$`).
        case symbol
        /// A hashtag, `#` included (`#دير_الزور`): extractors skip it.
        case hashtag
        /// A social-media handle, `@` included (`@brett_mcgurk`): extractors skip it.
        case handle
        /// A web address starting `http://`, `https://` or `www.`.
        case url
    }

    public var start: Int
    public var end: Int
    public var kind: Kind

    public init(start: Int, end: Int, kind: Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// The token's scalar range.
    public var range: Range<Int> { start..<end }
}

/// Splits text into tokens with Unicode scalar offsets.
///
/// - White space, line breaks and direction marks (RLM, LRM, ALM) separate tokens and belong
///   to none.
/// - A word is a run of letters and marks: harakat and tatweel stay inside it (`وبِالـرَّقَّة`).
///   A tatweel-joined detached preposition ends at the punctuation after it: `لـ«قوات` is
///   `لـ`, `«`, `قوات`.
/// - Digits and letters split (`نحو200` → `نحو`, `200`; `37الف` → `37`, `الف`). A number keeps
///   a `.` `,` `٫` `٬` `،` that has a digit on both sides (`15،000`, `١٬٢٣٤`, `1.5`, the time
///   `11.30`); `، ` before a space is a list comma.
/// - Each punctuation scalar is a token; so is each symbol or emoji sequence, whole (ZWJ
///   sequences, flags, skin tones, keycaps).
/// - Hashtags (`#دير_الزور`), handles (`@brett_mcgurk`) and URLs are single tokens of their own
///   kinds, so extractors can skip them.
/// - Proclitics stay inside their word: ``proclitics(of:in:)`` proposes where the stem may start.
public struct Tokenizer: Sendable {
    public init() {}

    /// Tokens of `text`, in order, with scalar offsets.
    /// Tokens of a text already decoded to scalar values (see ``scalarValues(of:)``).
    public func tokenize(values: [UInt32]) -> [Token] {
        values.withUnsafeBufferPointer { Self.tokens(of: $0) }
    }

    /// Tokens of a text already decoded to scalar values (a ``ScalarBuffer``'s), into `tokens`
    /// (emptied first; its storage is reused).
    public func tokenize(scalars: UnsafeBufferPointer<UInt32>, into tokens: inout [Token]) {
        tokens.removeAll(keepingCapacity: true)
        Self.tokens(of: scalars, into: &tokens)
    }

    public func tokenize(_ text: String) -> [Token] {
        let values = Scalars.values(of: text)
        return values.withUnsafeBufferPointer { Self.tokens(of: $0) }
    }

    /// Tokens of a text given as scalar values.
    static func tokens(of s: UnsafeBufferPointer<UInt32>) -> [Token] {
        // Every token takes at least one scalar: room for one per scalar is enough.
        [Token](copyingScratch: s.count) { buf, count in count = Self.writeTokens(of: s, at: buf.baseAddress!, keys: nil) }
    }

    /// The tokens of a text given as its scalar values, with the lookup key of each: its
    /// ``MatchKey`` (of its normalised scalars; a hashtag's without its `#`; 0 for symbols,
    /// handles and URLs). Keyed as they are found, where a second pass read every scalar again.
    public func tokensAndKeys(values: [UInt32]) -> (tokens: [Token], keys: [UInt64]) {
        values.withUnsafeBufferPointer { s in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(s.count, 1)) { keys in
                let tokens = [Token](copyingScratch: s.count) { buf, count in
                    count = Self.writeTokens(of: s, at: buf.baseAddress!, keys: keys.baseAddress!)
                }
                return (tokens, Array(UnsafeBufferPointer(rebasing: keys[0..<tokens.count])))
            }
        }
    }

    /// Appends the tokens of `s` to `tokens`.
    static func tokens(of s: UnsafeBufferPointer<UInt32>, into tokens: inout [Token]) {
        withUnsafeTemporaryAllocation(of: Token.self, capacity: max(s.count, 1)) { buf in
            let n = Self.writeTokens(of: s, at: buf.baseAddress!, keys: nil)
            tokens.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<n]))
        }
    }

    /// Writes the tokens of `s` at `out` (room for one per scalar) and returns how many: stored
    /// in place, where appending to an array checked its capacity and asked the runtime whether
    /// it was shared, token by token. With `keys`, writes each token's key there too (see
    /// ``tokensAndKeys(values:)``). Inlined into its callers, so the one without keys pays
    /// nothing for them.
    @inline(__always)
    static func writeTokens(
        of s: UnsafeBufferPointer<UInt32>, at out: UnsafeMutablePointer<Token>, keys: UnsafeMutablePointer<UInt64>?
    ) -> Int {
        var count = 0
        let n = s.count
        let table = ScalarClass.table
        let fold = MatchKey.foldTable
        var i = 0
        while i < n {
            let v = s[i]
            let start = i
            switch ScalarClass.of(v, table) {
            case .separator:
                i += 1
            case .letter, .mark:
                if v | 0x20 == 0x68 || v | 0x20 == 0x77, let end = urlEnd(s, at: i) {  // h, w
                    put(out, keys, &count, start, end, .url)
                    i = end
                    continue
                }
                var h = MatchKey.offset
                i = wordEnd(s, from: i, table, fold, key: &h, keyed: keys != nil)
                while i < n && s[i] >= 0x1_0000 && isWordScalar(s[i], table) {
                    i = wordEnd(s, from: i, table, fold, key: &h, keyed: keys != nil)
                }
                put(out, keys, &count, start, i, .word, key: h)
            case .digit:
                i += 1
                while i < n {
                    let c = ScalarClass.of(s[i], table)
                    if c == .digit || c == .mark {
                        i += 1
                    } else if isNumberSeparator(s[i]), i + 1 < n, ScalarClass.of(s[i + 1], table) == .digit {
                        i += 2
                    } else {
                        break
                    }
                }
                put(out, keys, &count, start, i, .number, key: keys == nil ? 0 : MatchKey.of(s, start, i, fold))
            case .punctuation:
                if v == 0x23, let end = hashtagEnd(s, at: i) {
                    put(out, keys, &count, start, end, .hashtag, key: keys == nil ? 0 : MatchKey.of(s, start + 1, end, fold))
                    i = end
                } else if v == 0x40, let end = handleEnd(s, at: i) {
                    put(out, keys, &count, start, end, .handle)
                    i = end
                } else {
                    i = marksEnd(s, from: i + 1)
                    put(out, keys, &count, start, i, .punctuation, key: keys == nil ? 0 : MatchKey.of(s, start, i, fold))
                }
            case .symbol:
                i = symbolEnd(s, at: i)
                put(out, keys, &count, start, i, .symbol)
            }
        }
        return count
    }

    /// Where the word (letters and marks) starting at `i` ends or leaves the BMP, with its
    /// scalars hashed into `key` (``MatchKey/step(_:_:_:)``) when `keyed`: the caller goes on
    /// past a letter or mark above the BMP (`𝐀`). A function of its own, not a loop inside
    /// ``writeTokens(of:at:keys:)``, and with no call in it: inside the tokenizer's loop, or
    /// with the call that classifies a scalar above the BMP, the compiler kept the tables'
    /// addresses on the stack and reloaded them for every letter.
    @inline(never)
    static func wordEnd(
        _ s: UnsafeBufferPointer<UInt32>, from i: Int, _ classes: UnsafePointer<UInt8>, _ fold: UnsafePointer<UInt32>,
        key: inout UInt64, keyed: Bool
    ) -> Int {
        let n = s.count
        let letter = ScalarClass.letter.rawValue
        let mark = ScalarClass.mark.rawValue
        var h = key
        var j = i
        var v = s[j]
        while true {
            if keyed { h = MatchKey.step(h, v, fold) }
            j &+= 1
            guard j < n else { break }
            v = s[j]
            guard v < 0x1_0000 else { break }
            let c = classes[Int(v)]
            guard c == letter || c == mark else { break }
        }
        key = h
        return j
    }

    /// Whether the scalar `v` continues a word: a letter or a mark.
    @inline(__always)
    static func isWordScalar(_ v: UInt32, _ classes: UnsafePointer<UInt8>) -> Bool {
        let c = ScalarClass.of(v, classes)
        return c == .letter || c == .mark
    }

    /// Writes a token (and its key, with `keys`) at `count` and counts it. Not a nested function
    /// over the tokenizer's locals: capturing them would put them on the heap.
    @inline(__always)
    static func put(
        _ out: UnsafeMutablePointer<Token>, _ keys: UnsafeMutablePointer<UInt64>?, _ count: inout Int, _ start: Int,
        _ end: Int, _ kind: Token.Kind, key: UInt64 = 0
    ) {
        (out + count).initialize(to: Token(start: start, end: end, kind: kind))
        keys?[count] = key
        count += 1
    }

    /// `.` `,` `٫` `٬` `،`: inside a number when a digit follows.
    @inline(__always)
    static func isNumberSeparator(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x2C || v == 0x066B || v == 0x066C || v == 0x060C
    }

    /// The end of the run of marks starting at `i`.
    @inline(__always)
    static func marksEnd(_ s: UnsafeBufferPointer<UInt32>, from i: Int) -> Int {
        var j = i
        while j < s.count, ScalarClass.of(s[j]) == .mark { j += 1 }
        return j
    }

    /// Whether the scalar before `i` would glue to a hashtag, handle or URL starting at `i`
    /// (`a#b`, `mail@example.com` are not hashtags or handles).
    @inline(__always)
    static func continuesWord(_ s: UnsafeBufferPointer<UInt32>, before i: Int) -> Bool {
        guard i > 0 else { return false }
        let p = s[i - 1]
        let c = ScalarClass.of(p)
        return c == .letter || c == .digit || c == .mark || p == 0x5F
    }

    /// The end of an emoji sequence (or other symbol) starting at `i`: a flag's two regional
    /// indicators, then any marks (variation selectors, keycap, tags), skin tones, and
    /// ZWJ-joined symbols.
    static func symbolEnd(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> Int {
        let n = s.count
        var j = i + 1
        if Scalars.isRegionalIndicator(s[i]), j < n, Scalars.isRegionalIndicator(s[j]) { j += 1 }
        while j < n {
            let v = s[j]
            if v == Scalars.zwj {
                j += 1
                if j < n, ScalarClass.of(s[j]) == .symbol { j += 1 }
            } else if Scalars.isSkinTone(v) || ScalarClass.of(v) == .mark {
                j += 1
            } else {
                break
            }
        }
        return j
    }

    /// The end of a hashtag at `i` (a `#`): letters, digits, marks and `_`, at least one
    /// letter; nil if this `#` starts no hashtag.
    static func hashtagEnd(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> Int? {
        guard !continuesWord(s, before: i) else { return nil }
        var j = i + 1
        var letters = 0
        while j < s.count {
            let v = s[j]
            let c = ScalarClass.of(v)
            if c == .letter {
                letters += 1
            } else if !(c == .digit || v == 0x5F || (c == .mark && j > i + 1)) {
                break
            }
            j += 1
        }
        return letters > 0 ? j : nil
    }

    /// The end of a handle at `i` (an `@`): ASCII letters, digits and `_`, then any marks; nil
    /// if this `@` starts no handle.
    static func handleEnd(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> Int? {
        guard !continuesWord(s, before: i) else { return nil }
        var j = i + 1
        while j < s.count {
            let v = s[j]
            let isASCIIWord = (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
            if !isASCIIWord { break }
            j += 1
        }
        return j > i + 1 ? marksEnd(s, from: j) : nil
    }

    /// The end of a URL at `i` if one starts there (`http://`, `https://`, `www.`, any case):
    /// everything up to white space or a quotation mark, less trailing punctuation (`.`, `،`,
    /// an unbalanced `)`, …).
    static func urlEnd(_ s: UnsafeBufferPointer<UInt32>, at i: Int) -> Int? {
        guard !continuesWord(s, before: i) else { return nil }
        var prefix = 0
        for candidate in ["https://", "http://", "www."] where hasASCIIPrefix(s, at: i, candidate) {
            prefix = candidate.utf8.count
            break
        }
        guard prefix > 0 else { return nil }
        var j = i + prefix
        var open = 0
        var close = 0
        while j < s.count {
            let v = s[j]
            if ScalarClass.of(v) == .separator || isURLStop(v) { break }
            if v == 0x28 { open += 1 } else if v == 0x29 { close += 1 }
            j += 1
        }
        // Trailing punctuation belongs to the sentence, not to the address.
        while j > i + prefix {
            let v = s[j - 1]
            if v == 0x29 && close > open {
                close -= 1
            } else if !isURLTrailingPunctuation(v) {
                break
            }
            j -= 1
        }
        return j > i + prefix ? j : nil
    }

    /// `"` `<` `>` `«` `»` `“` `”`: never inside an address written in running text.
    static func isURLStop(_ v: UInt32) -> Bool {
        v == 0x22 || v == 0x3C || v == 0x3E || v == 0xAB || v == 0xBB || v == 0x201C || v == 0x201D
    }

    static func isURLTrailingPunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27, 0x5D, 0x7D, 0x060C, 0x061B, 0x061F, 0x2026,
            0x2019:
            return true
        default:
            return false
        }
    }

    static func hasASCIIPrefix(_ s: UnsafeBufferPointer<UInt32>, at i: Int, _ prefix: String) -> Bool {
        var j = i
        for b in prefix.utf8 {
            guard j < s.count else { return false }
            let v = s[j]
            guard v < 0x80 else { return false }
            let isLetter = (0x61...0x7A).contains(b)
            guard isLetter ? UInt8(v) | 0x20 == b : UInt8(v) == b else { return false }
            j += 1
        }
        return true
    }
}
