/// How the tokenizer and the segmenter see one Unicode scalar.
///
/// Looked up in a table for the Basic Multilingual Plane (built once from the Unicode
/// properties, so every script is classified correctly) and by range checks above it; hot loops
/// never call `Unicode.Scalar.properties`.
enum ScalarClass: UInt8 {
    /// White space, line breaks, control characters, direction marks (RLM, LRM, ALM, bidi
    /// embeddings and isolates) and the byte-order mark: they separate tokens and belong to none.
    case separator
    /// Letters of every script, including tatweel (U+0640, a modifier letter) and `𝐀`.
    case letter
    /// Decimal digits of every script (ASCII, Arabic-Indic, Extended Arabic-Indic, …).
    case digit
    /// Combining marks (harakat, variation selectors, the keycap), ZWJ, ZWNJ and other
    /// invisible format characters: they stay with the scalar before them.
    case mark
    /// Punctuation (general categories P*).
    case punctuation
    /// Symbols (S*), other numbers (`½`, `²`), private-use and unassigned scalars, emoji.
    case symbol

    /// The class of the scalar with value `v`.
    @inline(__always)
    static func of(_ v: UInt32) -> ScalarClass { of(v, table) }

    /// The class of the scalar with value `v`, with ``table`` loaded once by the caller: a hot
    /// loop then pays neither the lazy global's check nor a bounds check per scalar.
    @inline(__always)
    static func of(_ v: UInt32, _ table: UnsafePointer<UInt8>) -> ScalarClass {
        if v < 0x1_0000 {
            return unsafeBitCast(table[Int(v)], to: ScalarClass.self)
        }
        return supplementary(v)
    }

    /// ``bmpTable`` in an immortal buffer, for ``of(_:_:)``.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x1_0000)
        bmpTable.withUnsafeBufferPointer { p.initialize(from: $0.baseAddress!, count: 0x1_0000) }
        return UnsafePointer(p)
    }()

    /// Classes of U+0000…U+FFFF, one byte each, expanded from ``bmpRuns`` (ScalarClassRuns.swift,
    /// generated from ``fromProperties(_:)``): computing them from the Unicode properties took
    /// 65,536 property look-ups, a fifth of `pretag`'s start-up.
    static let bmpTable: [UInt8] = {
        let runs = bmpRuns
        return [UInt8](unsafeUninitializedCapacity: 0x1_0000) { table, count in
            for r in runs.indices {
                let start = Int(runs[r] >> 3)
                let end = r + 1 < runs.count ? Int(runs[r + 1] >> 3) : 0x1_0000
                table.baseAddress!.advanced(by: start).initialize(repeating: UInt8(runs[r] & 7), count: end - start)
            }
            count = 0x1_0000
        }
    }()

    /// The BMP's classes from the Unicode properties of the running Swift runtime, as runs
    /// (`first scalar << 3 | class`; surrogates, which never occur in a String, are symbols):
    /// what ``bmpRuns`` must equal.
    static func runsFromProperties() -> [UInt32] {
        var runs: [UInt32] = []
        var last: UInt8 = 0xFF
        for v in 0..<UInt32(0x1_0000) {
            let c = Unicode.Scalar(v).map { fromProperties($0).rawValue } ?? ScalarClass.symbol.rawValue
            if c != last { runs.append(v << 3 | UInt32(c)) }
            last = c
        }
        return runs
    }

    /// Classes above the BMP: emoji and other symbols are common, letters (`𝐀`) and digits rarer.
    /// Never inlined: inlined, its Unicode-property path sets up resilient enum metadata in the
    /// prologue of every hot function that classifies a scalar.
    @inline(never)
    static func supplementary(_ v: UInt32) -> ScalarClass {
        switch v {
        case 0x1F000...0x1FAFF: return .symbol  // emoji, skin tones, regional indicators
        case 0xE0000...0xE0FFF: return .mark  // tags (subdivision flags), variation selectors
        default:
            guard let s = Unicode.Scalar(v) else { return .symbol }
            return fromProperties(s)
        }
    }

    /// The class from the Unicode properties; used to build the table, never in a hot loop.
    static func fromProperties(_ s: Unicode.Scalar) -> ScalarClass {
        switch s.value {
        case 0x200C, 0x200D: return .mark  // ZWNJ, ZWJ stay inside a word or an emoji sequence
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return .separator
        default: break
        }
        let p = s.properties
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case .decimalNumber: return .digit
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control: return .separator
        case .format: return .mark
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .letterNumber:
            return .letter
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return .punctuation
        default:
            return p.isWhitespace ? .separator : .symbol
        }
    }
}

/// Scalar-level facts shared by the tokenizer and the segmenter.
/// The scalar values of `text`, decoded straight from its UTF-8 in one pass (a few times
/// faster than `Array(text.unicodeScalars)`, which counts first).
public func scalarValues(of text: String) -> [UInt32] { Scalars.values(of: text) }

/// The scalar values of UTF-8 `bytes`, validated as they are decoded (RFC 3629: no overlong
/// forms, no surrogates, nothing past U+10FFFF), or nil if they are not valid UTF-8. One pass
/// that does what building a `String` (validation) and ``scalarValues(of:)`` (decoding) do in two.
public func scalarValues(validatingUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]? {
    var valid = true
    let values = [UInt32](copyingScratch: bytes.count) { out, count in
        if let n = Scalars.decodeValidating(bytes, into: out) { count = n } else { valid = false }
    }
    return valid ? values : nil
}

/// A reusable buffer of scalar values: ``load(_:)`` decodes a text into it (growing it when
/// needed) and returns the values, valid until the next load. For loops over many texts, where
/// a new array per text costs more than the decoding.
public final class ScalarBuffer {
    private var base: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    /// The values of the last text loaded.
    public private(set) var values: UnsafeBufferPointer<UInt32>

    public init() {
        capacity = 1024
        base = .allocate(capacity: capacity)
        values = UnsafeBufferPointer(start: base, count: 0)
    }

    deinit { base.deallocate() }

    /// Decodes `text` and returns its scalar values.
    @discardableResult
    public func load(_ text: String) -> UnsafeBufferPointer<UInt32> {
        var text = text
        let k = text.withUTF8 { utf8 -> Int in
            if utf8.count > capacity {
                base.deallocate()
                capacity = max(utf8.count, 2 * capacity)
                base = .allocate(capacity: capacity)
            }
            return Scalars.decode(utf8, into: UnsafeMutableBufferPointer(start: base, count: capacity))
        }
        values = UnsafeBufferPointer(start: base, count: k)
        return values
    }
}

enum Scalars {
    /// The scalar values of `text`, decoded straight from its UTF-8 (a few times faster than
    /// `Array(text.unicodeScalars)`).
    static func values(of text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { utf8 in
            [UInt32](copyingScratch: utf8.count) { out, count in count = decode(utf8, into: out) }
        }
    }

    /// Decodes valid UTF-8 into `out` (room for one value per byte); returns how many.
    @inline(__always)
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>) -> Int {
        let n = utf8.count
        var i = 0
        var k = 0
        while i < n {
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                out[k] = b0
                i += 1
            } else if b0 < 0xE0 {
                out[k] = (b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                out[k] = (b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                i += 3
            } else {
                out[k] =
                    (b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                    | UInt32(utf8[i + 3] & 0x3F)
                i += 4
            }
            k += 1
        }
        return k
    }

    /// Decodes `utf8` into `out` (room for one value per byte) as ``decode(_:into:)`` does,
    /// checking each sequence; returns how many values, or nil at the first invalid sequence.
    static func decodeValidating(_ utf8: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>) -> Int? {
        let n = utf8.count
        guard let base = utf8.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var k = 0
        while i < n {
            // Four two-byte sequences (most of an Arabic word) checked and decoded at once: eight
            // bytes of lead (110xxxxx, not C0 or C1) and continuation (10xxxxxx) in turn.
            if i &+ 8 <= n {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if w & 0xC0E0_C0E0_C0E0_C0E0 == 0x80C0_80C0_80C0_80C0
                    && (w & 0x001E_001E_001E_001E &+ 0x7FFF_7FFF_7FFF_7FFF) & 0x8000_8000_8000_8000 == 0x8000_8000_8000_8000
                {
                    var lanes = w
                    for _ in 0..<4 {
                        let l = UInt32(truncatingIfNeeded: lanes)
                        out[k] = (l & 0x1F) << 6 | (l >> 8) & 0x3F
                        lanes >>= 16
                        k &+= 1
                    }
                    i &+= 8
                    continue
                }
                // Two, for the end of a word.
                let h = UInt32(truncatingIfNeeded: w)
                if h & 0xC0E0_C0E0 == 0x80C0_80C0 && (h & 0x001E_001E &+ 0x7FFF_7FFF) & 0x8000_8000 == 0x8000_8000 {
                    out[k] = (h & 0x1F) << 6 | (h >> 8) & 0x3F
                    out[k &+ 1] = (h >> 10) & 0x7C0 | (h >> 24) & 0x3F
                    k &+= 2
                    i &+= 4
                    continue
                }
            }
            let b0 = UInt32(utf8[i])
            if b0 < 0x80 {
                out[k] = b0
                i &+= 1
            } else if b0 < 0xE0 {
                // C0 and C1 would be overlong; a continuation byte cannot lead.
                guard b0 >= 0xC2, i &+ 1 < n else { return nil }
                let b1 = UInt32(utf8[i &+ 1])
                guard b1 & 0xC0 == 0x80 else { return nil }
                out[k] = (b0 & 0x1F) << 6 | (b1 & 0x3F)
                i &+= 2
            } else if b0 < 0xF0 {
                guard i &+ 2 < n else { return nil }
                let b1 = UInt32(utf8[i &+ 1])
                let b2 = UInt32(utf8[i &+ 2])
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
                let v = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
                guard v >= 0x800, v & 0xFFFF_F800 != 0xD800 else { return nil }  // overlong, surrogate
                out[k] = v
                i &+= 3
            } else {
                guard b0 <= 0xF4, i &+ 3 < n else { return nil }
                let b1 = UInt32(utf8[i &+ 1])
                let b2 = UInt32(utf8[i &+ 2])
                let b3 = UInt32(utf8[i &+ 3])
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return nil }
                let v = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F)
                guard v >= 0x10000, v <= 0x10FFFF else { return nil }
                out[k] = v
                i &+= 4
            }
            k &+= 1
        }
        return k
    }

    /// A line break: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    @inline(__always)
    static func isNewline(_ v: UInt32) -> Bool {
        (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029
    }

    static let zwj: UInt32 = 0x200D

    /// An emoji skin-tone modifier (Fitzpatrick U+1F3FB–U+1F3FF).
    @inline(__always)
    static func isSkinTone(_ v: UInt32) -> Bool { (0x1F3FB...0x1F3FF).contains(v) }

    /// A regional indicator (two of them make a flag).
    @inline(__always)
    static func isRegionalIndicator(_ v: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(v) }
}

extension Array where Element: BitwiseCopyable {
    /// As `init(unsafeUninitializedCapacity:initializingWith:)`, written in scratch memory and
    /// copied once: that initialiser looks the array's storage type up in the runtime's metadata
    /// cache on every call (its allocation entry point is not specialisable: several hundred
    /// instructions, more than copying a text's worth of elements), a copy from a buffer does not.
    /// For the arrays made per text on hot paths.
    @inlinable
    public init(
        copyingScratch capacity: Int, initializingWith body: (inout UnsafeMutableBufferPointer<Element>, inout Int) -> Void
    ) {
        self = withUnsafeTemporaryAllocation(of: Element.self, capacity: Swift.max(capacity, 1)) { scratch in
            var buffer = scratch
            var count = 0
            body(&buffer, &count)
            return Array(UnsafeBufferPointer(rebasing: scratch[0..<count]))
        }
    }
}
