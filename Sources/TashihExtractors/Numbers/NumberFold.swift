// Private matching normalisation for the numbers extractor (ARABIC.md §1).
//
// The shared text layer (TashihText) is being written in parallel; this helper is internal and
// small on purpose so it can be swapped for the shared one later. It never builds a normalised
// String: each original scalar is folded on the fly to a small class and payload, and Arabic
// words are packed into a 64-bit key (6 bits a letter, first letter in the lowest bits), so
// matching a word against a lexicon is one integer dictionary lookup and stripping a proclitic
// is a shift.
//
// Folding (for matching only; stored text and span offsets stay on the original scalars):
// أ إ آ ٱ → ا, ى → ي, ة → ه, ی → ي, ک → ك; harakat U+064B–U+0652 (and the other Arabic marks)
// and U+0670 are dropped; tatweel U+0640 is dropped; RLM/LRM/ALM, ZWJ/ZWNJ and BOM are dropped;
// the three digit sets become 0–9.

enum NumFold {
    enum Class: UInt8 {
        /// An Arabic-script letter; payload is its 6-bit code (63: a letter outside the core set).
        case letter
        /// A decimal digit of any of the three sets; payload is 0–9.
        case digit
        /// Dropped for matching (harakat, tatweel, direction marks); payload 1 for harakat.
        case drop
        case space
        case newline
        /// ASCII letter; payload 1–26 (lower-cased).
        case latin
        /// Anything else: punctuation, symbols, emoji.
        case other
    }

    struct Folded {
        var cls: Class
        var payload: UInt8
    }

    /// The 6-bit code of an Arabic letter U+0621–U+064A: the scalar minus 0x620 (1–42).
    static let alef: UInt8 = 0x27 - 0x20
    static let yeh: UInt8 = 0x4A - 0x20
    static let heh: UInt8 = 0x47 - 0x20
    static let kaf: UInt8 = 0x43 - 0x20
    static let unknownLetter: UInt8 = 63

    /// Class and payload of each scalar U+0600–U+06FF, packed as class << 8 | payload.
    static let arabicTable: [UInt16] = {
        var t = [UInt16](repeating: UInt16(Class.other.rawValue) << 8, count: 256)
        func set(_ v: Int, _ c: Class, _ p: UInt8) { t[v - 0x600] = UInt16(c.rawValue) << 8 | UInt16(p) }
        for v in 0x621...0x63A { set(v, .letter, UInt8(v - 0x620)) }
        for v in 0x641...0x64A { set(v, .letter, UInt8(v - 0x620)) }
        for v in 0x63B...0x63F { set(v, .letter, unknownLetter) }
        for v in [0x622, 0x623, 0x625, 0x671] { set(v, .letter, alef) }
        set(0x649, .letter, yeh)
        set(0x629, .letter, heh)
        set(0x6CC, .letter, yeh)  // Persian yeh
        set(0x6A9, .letter, kaf)  // keheh
        for v in 0x672...0x6D3 where v != 0x6CC && v != 0x6A9 { set(v, .letter, unknownLetter) }
        set(0x6D5, .letter, unknownLetter)
        for v in 0x6EE...0x6EF { set(v, .letter, unknownLetter) }
        for v in 0x6FA...0x6FF { set(v, .letter, unknownLetter) }
        for v in 0x64B...0x652 { set(v, .drop, 1) }
        set(0x670, .drop, 1)
        for v in 0x653...0x65F { set(v, .drop, 1) }
        for v in 0x610...0x61A { set(v, .drop, 1) }
        for v in 0x6D6...0x6ED { set(v, .drop, 1) }
        set(0x640, .drop, 0)  // tatweel
        set(0x61C, .drop, 0)  // ALM
        for v in 0x660...0x669 { set(v, .digit, UInt8(v - 0x660)) }
        for v in 0x6F0...0x6F9 { set(v, .digit, UInt8(v - 0x6F0)) }
        return t
    }()

    static let asciiTable: [UInt16] = {
        var t = [UInt16](repeating: UInt16(Class.other.rawValue) << 8, count: 128)
        func set(_ v: Int, _ c: Class, _ p: UInt8) { t[v] = UInt16(c.rawValue) << 8 | UInt16(p) }
        for v in 0x30...0x39 { set(v, .digit, UInt8(v - 0x30)) }
        for v in 0x41...0x5A { set(v, .latin, UInt8(v - 0x40)) }
        for v in 0x61...0x7A { set(v, .latin, UInt8(v - 0x60)) }
        set(0x20, .space, 0)
        set(0x09, .space, 0)
        set(0x0D, .space, 0)
        set(0x0A, .newline, 0)
        set(0x0B, .newline, 0)
        set(0x0C, .newline, 0)
        return t
    }()

    /// Both tables in one immortal buffer: ASCII at 0..<128, U+0600–U+06FF at 128..<384. A raw
    /// pointer keeps the lexer's hot loop free of lazy-global checks and bounds checks.
    nonisolated(unsafe) static let table: UnsafePointer<UInt16> = {
        // The lexer reads a letter's packed value as its code: the letter class must be 0.
        precondition(Class.letter.rawValue == 0, "NumFold.Class.letter must be the first case")
        let p = UnsafeMutablePointer<UInt16>.allocate(capacity: 384)
        for i in 0..<128 { p[i] = asciiTable[i] }
        for i in 0..<256 { p[128 + i] = arabicTable[i] }
        return UnsafePointer(p)
    }()

    @inline(__always)
    static func fold(_ v: UInt32) -> Folded { fold(v, table) }

    @inline(__always)
    static func fold(_ v: UInt32, _ table: UnsafePointer<UInt16>) -> Folded {
        let packed: UInt16
        // The Arabic block first: most scalars of the texts are Arabic letters.
        let arabic = v &- 0x600
        if arabic < 0x100 {
            packed = table[Int(arabic) + 128]
        } else if v < 0x80 {
            packed = table[Int(v)]
        } else {
            switch v {
            case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                return Folded(cls: .space, payload: 0)
            case 0x85, 0x2028, 0x2029:
                return Folded(cls: .newline, payload: 0)
            case 0x200B...0x200F, 0xFEFF, 0x2066...0x2069, 0x202A...0x202E:
                return Folded(cls: .drop, payload: 0)
            case 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFC:
                return Folded(cls: .letter, payload: unknownLetter)
            default:
                return Folded(cls: .other, payload: 0)
            }
        }
        return Folded(cls: unsafeBitCast(UInt8(packed >> 8), to: Class.self), payload: UInt8(truncatingIfNeeded: packed))
    }

    // MARK: Word keys

    /// Letters a key holds exactly; longer words get `longKey` and never match a lexicon entry.
    static let maxLetters = 10
    /// Marks a word too long to pack; no lexicon key has this bit.
    static let longKey: UInt64 = 1 << 63

    @inline(__always)
    static func append(_ key: UInt64, _ len: Int, _ code: UInt8) -> UInt64 {
        if len >= maxLetters { return longKey }
        // len < maxLetters, so the shift is below 64: a masking shift needs no range check.
        return key | (UInt64(code) &<< UInt64(truncatingIfNeeded: 6 &* len))
    }

    /// The key without its first `k` letters (a proclitic strip). `len` must be ≤ maxLetters.
    @inline(__always)
    static func dropFirst(_ key: UInt64, _ k: Int) -> UInt64 { key >> UInt64(6 * k) }

    /// The key of the first `k` letters.
    @inline(__always)
    static func prefix(_ key: UInt64, _ k: Int) -> UInt64 {
        k >= maxLetters ? key : key & ((1 << UInt64(6 * k)) - 1)
    }

    /// The code of letter `i` (0-based).
    @inline(__always)
    static func letter(_ key: UInt64, _ i: Int) -> UInt8 { UInt8((key >> UInt64(6 * i)) & 63) }

    /// The key of an Arabic word given as a literal (lexicon building), or nil if it holds
    /// anything but Arabic letters and dropped marks, or is too long to pack.
    static func key(_ word: String) -> UInt64? {
        var key: UInt64 = 0
        var len = 0
        for s in word.unicodeScalars {
            let f = fold(s.value)
            switch f.cls {
            case .letter:
                guard len < maxLetters, f.payload != unknownLetter else { return nil }
                key = append(key, len, f.payload)
                len += 1
            case .drop: continue
            default: return nil
            }
        }
        return len == 0 ? nil : key
    }

    /// Number of letters in a key built by `key(_:)` (codes are never 0).
    static func length(_ key: UInt64) -> Int {
        var k = key
        var n = 0
        while k != 0 && n < maxLetters {
            k >>= 6
            n += 1
        }
        return n
    }

    /// The key of a lower-case ASCII word (5 bits a letter, up to 12 letters), for Latin tokens.
    static func latinKey(_ word: String) -> UInt64 {
        var key: UInt64 = 0
        var len = 0
        for s in word.unicodeScalars {
            let f = fold(s.value)
            guard f.cls == .latin, len < 12 else { return longKey }
            key |= UInt64(f.payload) << UInt64(5 * len)
            len += 1
        }
        return key
    }

    /// Harakat and other combining marks (not tatweel, not direction marks): a span that ends
    /// on a letter takes the marks written on it.
    @inline(__always)
    static func isCombiningMark(_ v: UInt32) -> Bool {
        (v >= 0x64B && v <= 0x65F) || v == 0x670 || (v >= 0x610 && v <= 0x61A) || (v >= 0x6D6 && v <= 0x6ED)
    }
}

/// An open-addressing table from word keys to values: the hot-path lexicon lookup (one multiply,
/// usually one probe), instead of a `Dictionary` and its SipHash.
struct KeyTable<Value: Sendable>: Sendable {
    private let keys: [UInt64]
    private let slots: [Int32]
    let values: [Value]
    private let shift: UInt64
    private let mask: Int

    init(_ dict: [UInt64: Value]) {
        var bits = 4
        while (1 << bits) < dict.count * 4 { bits += 1 }
        let cap = 1 << bits
        var keys = [UInt64](repeating: 0, count: cap)
        var slots = [Int32](repeating: -1, count: cap)
        var values: [Value] = []
        values.reserveCapacity(dict.count)
        // Sorted, so the layout (and any probe order) is the same on every run.
        for (k, v) in dict.sorted(by: { $0.key < $1.key }) {
            precondition(k != 0, "KeyTable: key 0 is reserved")
            var h = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
            while keys[h] != 0 { h = (h + 1) & (cap - 1) }
            keys[h] = k
            slots[h] = Int32(values.count)
            values.append(v)
        }
        self.keys = keys
        self.slots = slots
        self.values = values
        self.shift = UInt64(64 - bits)
        self.mask = cap - 1
    }

    @inline(__always)
    func index(_ key: UInt64) -> Int {
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[h]
            if k == key { return Int(slots[h]) }
            if k == 0 { return -1 }
            h = (h + 1) & mask
        }
    }

    @inline(__always)
    subscript(_ key: UInt64) -> Value? {
        let i = index(key)
        return i < 0 ? nil : values[i]
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool { index(key) >= 0 }
}

extension KeyTable where Value == Bool {
    /// A set of keys.
    init(_ set: Set<UInt64>) { self.init(Dictionary(uniqueKeysWithValues: set.map { ($0, true) })) }
}
