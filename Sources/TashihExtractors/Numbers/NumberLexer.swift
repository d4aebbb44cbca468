import TashihText

// One pass over the original scalars that yields the tokens the number parser reads: Arabic
// words (as packed keys), digit numbers (already valued), Latin words, and single punctuation
// scalars. Offsets are original Unicode scalar offsets; nothing is allocated per character.

struct NumToken {
    enum Kind: UInt8 { case word, number, latin, punct }

    var kind: Kind
    /// Original scalar offset of the first kept scalar.
    var start: Int32
    /// Original scalar offset after the last kept scalar and the harakat written on it.
    var end: Int32
    /// word: packed folded letters; latin: packed lower-case letters; punct: the scalar value.
    var key: UInt64
    /// word/latin: letter count; number: integer digit count.
    var len: UInt16
    /// No white space between the previous token and this one.
    var glued: Bool
    /// A line break between the previous token and this one.
    var lineStart: Bool
    /// Inside a hashtag, @handle, URL or Latin word: never a number or a part of one.
    var suppressed: Bool
    /// number: has a decimal part.
    var hasDecimal: Bool
    /// number: has a thousands separator.
    var hasGroup: Bool
    /// number: digits separated by `:` (a clock time) or too many digits to be a count.
    var notCount: Bool
    /// number: its value.
    var value: Double
}

enum NumberLexer {
    /// The Unicode scalar values of `text` (the text layer's one-pass decoder), so the offsets
    /// are scalar offsets.
    static func scalars(of text: String) -> [UInt32] { scalarValues(of: text) }

    static let comma: UInt32 = 0x2C
    static let arabicComma: UInt32 = 0x60C
    static let arabicThousands: UInt32 = 0x66C
    static let arabicDecimal: UInt32 = 0x66B

    @inline(__always)
    static func digitValue(_ v: UInt32) -> Int {
        if v >= 0x30 && v <= 0x39 { return Int(v - 0x30) }
        if v >= 0x660 && v <= 0x669 { return Int(v - 0x660) }
        if v >= 0x6F0 && v <= 0x6F9 { return Int(v - 0x6F0) }
        return -1
    }

    /// Ends a chunk (a run of tokens without white space): all its tokens are suppressed if it
    /// holds a hashtag, handle, URL, date or Latin word.
    @inline(__always)
    static func closeChunk(
        _ toks: UnsafeMutableBufferPointer<NumToken>, _ count: Int, _ chunkFirst: inout Int, _ chunkFlag: inout Bool,
        _ chunkDashes: inout Int
    ) {
        if chunkFlag {
            var k = chunkFirst
            while k < count {
                toks[k].suppressed = true
                k += 1
            }
        }
        chunkFlag = false
        chunkDashes = 0
        chunkFirst = count
    }

    @inline(__always)
    static func make(
        _ kind: NumToken.Kind, _ start: Int, _ end: Int, _ key: UInt64, _ len: Int, _ pendingSpace: inout Bool,
        _ pendingLine: inout Bool
    ) -> NumToken {
        // Offsets fit: a text has fewer than 2^31 scalars (a JSONL record is far smaller).
        let t = NumToken(
            kind: kind, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end), key: key,
            len: UInt16(truncatingIfNeeded: len),
            glued: !pendingSpace, lineStart: pendingLine, suppressed: false, hasDecimal: false, hasGroup: false,
            notCount: false, value: 0)
        pendingSpace = false
        pendingLine = false
        return t
    }

    static func tokenize(_ s: UnsafeBufferPointer<UInt32>) -> [NumToken] {
        // Every token takes at least one scalar, so n tokens is room enough: written in place,
        // with no uniqueness or capacity check per token.
        [NumToken](unsafeUninitializedCapacity: s.count + 1) { toks, count in
            count = tokenize(s, into: toks)
        }
    }

    /// An Arabic word scanned by ``scanWord(_:from:_:)``.
    struct ScannedWord {
        /// Packed folded letters (`NumFold.longKey` past `NumFold.maxLetters`).
        var key: UInt64
        var len: Int
        /// After the last letter and the harakat written on it.
        var end: Int
        /// Where the next token may start.
        var next: Int
    }

    /// The word of letters (and dropped marks) starting at `i`, a letter. A function of its
    /// own, not a loop inside ``tokenize(_:into:)``: there, among the tokenizer's dozen live
    /// values, the loop kept its count and the buffer's address on the stack and reloaded them
    /// for every letter.
    @inline(never)
    static func scanWord(_ s: UnsafeBufferPointer<UInt32>, from start: Int, _ table: UnsafePointer<UInt16>) -> ScannedWord {
        let n = s.count
        let arabicTable = table + 128  // U+0600–U+06FF
        var i = start
        var key: UInt64 = 0
        var len = 0
        var end = i
        while i < n {
            let w = s[i]
            // The Arabic block's letters first, straight from its table: most scalars of a
            // word are, and the general fold's range tests are for the rest.
            let arabic = w &- 0x600
            if arabic < 0x100 {
                let packed = arabicTable[Int(arabic)]
                // A letter's class is 0: its packed value is its code. Packed without the
                // length test of `NumFold.append`: a word over `maxLetters` letters gets
                // `longKey` after the loop (the same key the test would give).
                if packed < 0x100 {
                    key |= UInt64(packed) &<< UInt64(truncatingIfNeeded: 6 &* len)
                    len &+= 1
                    i &+= 1
                    end = i
                    continue
                }
            }
            let g = NumFold.fold(w, table)
            if g.cls.rawValue == NumFold.Class.letter.rawValue {
                key = NumFold.append(key, len, g.payload)
                len &+= 1
                i &+= 1
                end = i
            } else if g.cls.rawValue == NumFold.Class.drop.rawValue {
                if g.payload == 1 && end == i { end = i + 1 }
                i += 1
            } else {
                break
            }
        }
        if len > NumFold.maxLetters { key = NumFold.longKey }
        return ScannedWord(key: key, len: len, end: end, next: i)
    }

    /// Writes the tokens of `s` to `toks` (room for `s.count` at least); returns their number.
    static func tokenize(_ s: UnsafeBufferPointer<UInt32>, into toks: UnsafeMutableBufferPointer<NumToken>) -> Int {
        let n = s.count
        var count = 0
        var i = 0
        var pendingSpace = true
        var pendingLine = true
        var chunkFirst = 0
        var chunkFlag = false
        var chunkDashes = 0
        let table = NumFold.table

        // No nested functions over these locals: capturing them would box them on the heap
        // behind dynamic exclusivity checks, once per token.
        while i < n {
            let v = s[i]
            let f = NumFold.fold(v, table)
            switch f.cls {
            case .space:
                closeChunk(toks, count, &chunkFirst, &chunkFlag, &chunkDashes)
                pendingSpace = true
                i += 1
            case .newline:
                closeChunk(toks, count, &chunkFirst, &chunkFlag, &chunkDashes)
                pendingSpace = true
                pendingLine = true
                i += 1
            case .drop:
                i += 1
            case .letter:
                let w = scanWord(s, from: i, table)
                toks[count] = make(.word, i, w.end, w.key, w.len, &pendingSpace, &pendingLine)
                count += 1
                i = w.next
            case .latin:
                let start = i
                var key: UInt64 = 0
                var len = 0
                while i < n {
                    let g = NumFold.fold(s[i], table)
                    guard g.cls.rawValue == NumFold.Class.latin.rawValue else { break }
                    if len < 12 { key |= UInt64(g.payload) << UInt64(5 * len) } else { key = NumFold.longKey }
                    len += 1
                    i += 1
                }
                chunkFlag = true
                toks[count] = make(.latin, start, i, key, len, &pendingSpace, &pendingLine)
                count += 1
            case .digit:
                let start = i
                var intPart: Double = 0
                var digits = 0
                while i < n {
                    let d = digitValue(s[i])
                    guard d >= 0 else { break }
                    intPart = intPart * 10 + Double(d)
                    digits += 1
                    i += 1
                }
                var t = make(.number, start, i, 0, digits, &pendingSpace, &pendingLine)
                var value = intPart
                // Thousands groups: `,` `٬` `،` followed by exactly three digits and no more.
                while i + 3 < n {
                    let c = s[i]
                    guard c == comma || c == arabicThousands || c == arabicComma else { break }
                    guard digitValue(s[i + 1]) >= 0, digitValue(s[i + 2]) >= 0, digitValue(s[i + 3]) >= 0 else { break }
                    if i + 4 < n && digitValue(s[i + 4]) >= 0 { break }
                    value = value * 1000 + Double(digitValue(s[i + 1]) * 100 + digitValue(s[i + 2]) * 10 + digitValue(s[i + 3]))
                    digits += 3
                    t.hasGroup = true
                    i += 4
                }
                if i + 1 < n, s[i] == 0x2E || s[i] == arabicDecimal, digitValue(s[i + 1]) >= 0 {
                    i += 1
                    var scale = 0.1
                    while i < n {
                        let d = digitValue(s[i])
                        guard d >= 0 else { break }
                        value += Double(d) * scale
                        scale /= 10
                        i += 1
                    }
                    t.hasDecimal = true
                    // 27.11.2018, 192.168.1.1: a dotted date or address, not a number.
                    if i + 1 < n, s[i] == 0x2E || s[i] == arabicDecimal, digitValue(s[i + 1]) >= 0 {
                        chunkFlag = true
                        while i < n && (digitValue(s[i]) >= 0 || s[i] == 0x2E || s[i] == arabicDecimal) { i += 1 }
                    }
                } else if i + 1 < n, s[i] == 0x3A, digitValue(s[i + 1]) >= 0 {
                    // 11:30 — a clock time; swallow the minutes so they are not read as a count.
                    i += 1
                    while i < n && digitValue(s[i]) >= 0 { i += 1 }
                    t.notCount = true
                }
                if digits > 15 { t.notCount = true }
                t.value = value
                t.len = UInt16(min(digits, 0xFFFF))
                t.end = Int32(truncatingIfNeeded: i)
                toks[count] = t
                count += 1
            case .other:
                // `#` and `@` open a hashtag or a handle; `_` and `/` only occur inside handles,
                // hashtags, URLs and dates (27/11/2018) — never inside a count.
                if v == 0x23 || v == 0x40 || v == 0x5F || v == 0x2F || v == 0xFF03 { chunkFlag = true }
                // 2018-11-27: two dashes between digits in one chunk make a date.
                if v == 0x2D, count > 0, toks[count - 1].kind == .number, count > chunkFirst, i + 1 < n,
                    digitValue(s[i + 1]) >= 0
                {
                    chunkDashes += 1
                    if chunkDashes >= 2 { chunkFlag = true }
                }
                toks[count] = make(.punct, i, i + 1, UInt64(v), 1, &pendingSpace, &pendingLine)
                count += 1
                i += 1
            }
        }
        closeChunk(toks, count, &chunkFirst, &chunkFlag, &chunkDashes)
        return count
    }
}
