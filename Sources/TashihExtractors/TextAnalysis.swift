import TashihModel
import TashihText

/// A document's text taken apart once and shared by the built-in extractors: its scalars and
/// its tokens.
public struct TextAnalysis: Sendable {
    /// The text's scalar values (``scalarValues(of:)``): what every matcher reads.
    public let values: [UInt32]
    /// The scalars, built on demand (the matchers use `values`).
    public var scalars: [Unicode.Scalar] { values.map { Unicode.Scalar($0)! } }
    public let tokens: [Token]
    /// The lookup key of each token (`MatchKey.of` its normalised scalars; a hashtag without
    /// its `#`; 0 for symbols, handles and URLs), shared by the lexicon matchers.
    let keys: [UInt64]

    public init(_ text: String, tokenizer: Tokenizer = Tokenizer()) {
        let s = scalarValues(of: text)
        let t = tokenizer.tokenize(values: s)
        values = s
        tokens = t
        keys = s.withUnsafeBufferPointer { sb in
            t.withUnsafeBufferPointer { tb in
                let table = MatchKey.foldTable
                return [UInt64](unsafeUninitializedCapacity: tb.count) { out, count in
                    for k in tb.indices {
                        let tok = tb[k]
                        switch tok.kind {
                        case .word, .number, .punctuation: out[k] = MatchKey.of(sb, tok.start, tok.end, table)
                        case .hashtag: out[k] = MatchKey.of(sb, tok.start + 1, tok.end, table)
                        default: out[k] = 0
                        }
                    }
                    count = tb.count
                }
            }
        }
    }
}

/// Allocation-free 64-bit keys (FNV-1a) over normalised scalars, for lexicon lookups.
enum MatchKey {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// The key of scalars `[a, b)` after normalisation (alef variants, ى, ة, harakat, tatweel,
    /// direction marks, digits), optionally as if `ا` stood before them (for لل = ل + ال).
    @inline(__always)
    static func of(_ s: [UInt32], _ a: Int, _ b: Int, alefFirst: Bool = false, appending: UInt32? = nil) -> UInt64 {
        var h = offset
        if alefFirst { h = (h ^ 0x0627) &* prime }
        var i = a
        while i < b {
            if let v = Arabic.matchingValue(s[i]) { h = (h ^ UInt64(v)) &* prime }
            i += 1
        }
        if let v = appending { h = (h ^ UInt64(v)) &* prime }
        return h
    }

    /// ``of(_:_:_:alefFirst:appending:)`` over a buffer, with ``foldTable`` loaded by the caller:
    /// the per-token hot path.
    @inline(__always)
    static func of(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, _ table: UnsafePointer<UInt32>) -> UInt64 {
        var h = offset
        var i = a
        while i < b {
            let v = s[i]
            if v < 0x700 {
                let m = table[Int(v)]
                if m != dropped { h = (h ^ UInt64(m)) &* prime }
            } else if v != 0x200E && v != 0x200F {
                h = (h ^ UInt64(v)) &* prime
            }
            i += 1
        }
        return h
    }

    /// `Arabic.matchingValue` of U+0000–U+06FF, ``dropped`` where normalisation drops the scalar
    /// (above U+06FF only the direction marks are dropped and every other scalar is kept).
    nonisolated(unsafe) static let foldTable: UnsafePointer<UInt32> = {
        let p = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x700)
        for v in 0..<UInt32(0x700) { p[Int(v)] = Arabic.matchingValue(v) ?? dropped }
        return UnsafePointer(p)
    }()

    static let dropped: UInt32 = 0xFFFF_FFFF

    /// The phonetic key of scalars `[a, b)`: normalised, ج غ ق ك folded into one class, ا و ي
    /// dropped after the first letter, runs of one letter collapsed. Returns the key and the
    /// number of letters in it — or 0 letters when the word cannot be a transliterated foreign
    /// name: it starts with ال or has a consonant Western names do not bring into Arabic
    /// (ع ح خ ص ض ط ظ ذ ث), so `العدوان` never matches `العدناني`.
    static func phonetic(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> (key: UInt64, letters: Int) {
        phonetic(s.map(\.value), a, b)
    }

    static func phonetic(_ s: [UInt32], _ a: Int, _ b: Int) -> (key: UInt64, letters: Int) {
        var h = offset
        var last: UInt32 = 0
        var n = 0
        var previous: UInt32 = 0
        var i = a
        while i < b {
            defer { i += 1 }
            guard var v = Arabic.matchingValue(s[i]) else { continue }
            switch v {
            case 0x0639, 0x062D, 0x062E, 0x0635, 0x0636, 0x0637, 0x0638, 0x0630, 0x062B: return (h, 0)
            case 0x0644 where n == 1 && previous == 0x0627: return (h, 0)  // ال
            default: break
            }
            previous = v
            switch v {
            case 0x062C, 0x063A, 0x0642, 0x0643: v = 0x0643
            case 0x0627, 0x0648, 0x064A: if n > 0 { continue }
            default: break
            }
            if v == last { continue }
            h = (h ^ UInt64(v)) &* prime
            last = v
            n += 1
        }
        return (h, n)
    }

    /// Calls `body` with the key and depth of each proclitic reading of a word token (و/ف, then
    /// ب/ل/ك; for لل also the reading with the article's alef restored), deepest last. Depth 0
    /// (the whole word) is the caller's: its key is already in `TextAnalysis.keys`.
    @inline(__always)
    static func forEachStemKey(of token: Token, in s: [UInt32], _ body: (_ key: UInt64, _ depth: Int) -> Void) {
        let first = s[token.start]
        guard first == 0x0648 || first == 0x0641 || first == 0x0628 || first == 0x0644 || first == 0x0643 else { return }
        Tokenizer().forEachProcliticSplit(of: token, inValues: s) { split in
            body(of(s, split.stemStart, token.end), split.depth)
            if split.articleElided { body(of(s, split.stemStart, token.end, alefFirst: true), split.depth) }
        }
    }

    /// Combines token keys into a sequence key.
    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &+ 0x632B_E59B_D9B4_E019)
    }
}
