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
    /// The keys of each word token's proclitic readings (و/ف, then ب/ل/ك; for لل also the
    /// reading with the article's alef restored), deepest last, computed once for both lexicon
    /// matchers: token t's are `stemKeys[stemStarts[t] ..< stemStarts[t + 1]]`, at depths
    /// `stemDepths[…]`. Depth 0 (the whole word) is `keys[t]`.
    let stemKeys: [UInt64]
    let stemDepths: [UInt8]
    let stemStarts: [Int32]

    public init(_ text: String, tokenizer: Tokenizer = Tokenizer()) {
        self.init(values: scalarValues(of: text), tokenizer: tokenizer)
    }

    /// The analysis of a text given as its scalar values.
    public init(values s: [UInt32], tokenizer: Tokenizer = Tokenizer()) {
        self.init(values: s, tokenizer: tokenizer, readingMemo: nil)
    }

    /// The analysis of a text given as its scalar values, leaving out the proclitic readings of
    /// the words `readingMemo` knows no lexicon has a use for (see ``ReadingMemo``).
    init(values s: [UInt32], tokenizer: Tokenizer = Tokenizer(), readingMemo: ReadingMemo?) {
        let (t, k) = tokenizer.tokensAndKeys(values: s)
        values = s
        tokens = t
        keys = k
        (stemKeys, stemDepths, stemStarts) = Self.stemReadings(values: s, tokens: t, keys: keys, memo: readingMemo)
    }

    /// ``stemKeys``, ``stemDepths`` and ``stemStarts`` of a text's tokens (none for the words
    /// whose readings `memo` knows to be of no use).
    static func stemReadings(
        values: [UInt32], tokens: [Token], keys: [UInt64] = [], memo: ReadingMemo? = nil
    ) -> ([UInt64], [UInt8], [Int32]) {
        let n = tokens.count
        let capacity = 4 * n + 1  // two splits a word, two readings a split at most
        let keyBuffer = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        let depthBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer {
            keyBuffer.deallocate()
            depthBuffer.deallocate()
        }
        var count = 0
        let starts = [Int32](copyingScratch: n + 1) { st, initialized in
            values.withUnsafeBufferPointer { sb in
                tokens.withUnsafeBufferPointer { tb in
                    let table = MatchKey.foldTable
                    for t in 0..<n {
                        st[t] = Int32(count)
                        let token = tb[t]
                        guard token.kind == .word else { continue }
                        let first = sb[token.start]
                        guard first == 0x0648 || first == 0x0641 || first == 0x0628 || first == 0x0644 || first == 0x0643
                        else { continue }
                        var known = false
                        if let memo {
                            if memo.skips(keys[t]) { continue }
                            known = memo.knows(keys[t])
                        }
                        let before = count
                        let (a, b) = Tokenizer.procliticSplits(of: token, in: sb)
                        if let a { count = addReadings(a, end: token.end, sb, table, keyBuffer, depthBuffer, count) }
                        if let b { count = addReadings(b, end: token.end, sb, table, keyBuffer, depthBuffer, count) }
                        if let memo, !known, before < count {
                            var useful = false
                            for r in before..<count where memo.isUseful(keyBuffer[r]) {
                                useful = true
                                break
                            }
                            memo.record(keys[t], useful: useful)
                        }
                    }
                    st[n] = Int32(count)
                }
            }
            initialized = n + 1
        }
        return (
            Array(UnsafeBufferPointer(start: keyBuffer, count: count)),
            Array(UnsafeBufferPointer(start: depthBuffer, count: count)), starts
        )
    }

    /// Writes the key of a split's stem, then (for لل) of the stem with the article's alef
    /// restored, at `count`; returns the new count.
    @inline(__always)
    static func addReadings(
        _ split: ProcliticSplit, end: Int, _ s: UnsafeBufferPointer<UInt32>, _ table: UnsafePointer<UInt32>,
        _ keys: UnsafeMutablePointer<UInt64>, _ depths: UnsafeMutablePointer<UInt8>, _ count: Int
    ) -> Int {
        keys[count] = MatchKey.of(s, split.stemStart, end, table)
        depths[count] = UInt8(split.depth)
        guard split.articleElided else { return count + 1 }
        keys[count + 1] = MatchKey.of(s, split.stemStart, end, table, alefFirst: true)
        depths[count + 1] = UInt8(split.depth)
        return count + 2
    }
}

/// The words, by token key, whose proclitic readings no lexicon of a pipeline has a use for
/// — no actor name and no stance cue starts with any of them (`والقصف`, `بالقرب`: most words
/// that start with و ف ب ل ك) — remembered over the texts of one run, so their readings are
/// neither taken apart nor looked up again. Words with one key have the same readings: the key
/// stands for the word's normalised scalars, no scalar is folded into و ف ب ل ك (so a clitic
/// letter is one in every spelling of the word), and what normalisation drops (tatweel,
/// harakat) is what a split skips. A fixed table (a key per slot, the newest wins): memory
/// stays flat, and a word not found only costs the work the table saves. Not thread-safe: one
/// per pipeline (``BuiltinSuite`` holds one).
final class ReadingMemo: @unchecked Sendable {
    let table = WordSlots()
    /// By slot: whether the readings of the word in it are of use.
    let useful: UnsafeMutablePointer<Bool>
    /// Whether a reading's key is of use: whether some name or cue starts with it.
    let isUseful: (UInt64) -> Bool

    init(isUseful: @escaping (UInt64) -> Bool) {
        self.isUseful = isUseful
        useful = .allocate(capacity: WordSlots.count)
        useful.initialize(repeating: false, count: WordSlots.count)
    }

    deinit { useful.deallocate() }

    /// Whether the word with token key `key` is known to have readings of no use.
    @inline(__always) func skips(_ key: UInt64) -> Bool { table.holds(key) && !useful[table.slot(key)] }

    /// Whether the table holds an answer for `key`.
    @inline(__always) func knows(_ key: UInt64) -> Bool { table.holds(key) }

    @inline(__always) func record(_ key: UInt64, useful u: Bool) { useful[table.put(key)] = u }
}

extension MatchKey {
    /// The phonetic key of scalars `[a, b)`: normalised, ج غ ق ك folded into one class, ا و ي
    /// dropped after the first letter, runs of one letter collapsed. Returns the key and the
    /// number of letters in it — or 0 letters when the word cannot be a transliterated foreign
    /// name: it starts with ال or has a consonant Western names do not bring into Arabic
    /// (ع ح خ ص ض ط ظ ذ ث), so `العدوان` never matches `العدناني`.
    static func phonetic(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> (key: UInt64, letters: Int) {
        phonetic(s.map(\.value), a, b)
    }

    static func phonetic(_ s: [UInt32], _ a: Int, _ b: Int) -> (key: UInt64, letters: Int) {
        s.withUnsafeBufferPointer { phonetic($0, a, b, foldTable) }
    }

    /// ``phonetic(_:_:_:)`` over a buffer, normalising through ``foldTable``.
    static func phonetic(
        _ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, _ table: UnsafePointer<UInt32>
    ) -> (key: UInt64, letters: Int) {
        var h = offset
        var last: UInt32 = 0
        var n = 0
        var previous: UInt32 = 0
        var i = a
        while i < b {
            let raw = s[i]
            i += 1
            var v: UInt32
            if raw < 0x700 {
                v = table[Int(raw)]
                if v == dropped { continue }
            } else {
                if raw == 0x200E || raw == 0x200F { continue }
                v = raw
            }
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

}
