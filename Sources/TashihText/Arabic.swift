/// Facts about Arabic scalars, and the matching normalisation of CAMeL Tools' conventions.
///
/// Every test here is a range check on the scalar value, cheap enough for an automaton's inner
/// loop. The normalisation is for matching only: stored text is never normalised (see
/// ``NormalizedText`` for the shadow copy with its map back to original offsets).
///
/// ```swift
/// Arabic.normalize("إلى الرَّقَّة ١٥")   // "الي الرقه 15"
/// Arabic.digitValue("٧")              // 7
/// ```
public enum Arabic {
    /// Tatweel (kashida), U+0640: stretches a letter, carries no sound.
    public static let tatweel: Unicode.Scalar = "\u{0640}"

    /// A haraka in CAMeL Tools' dediacritisation set: U+064B–U+0652 (tanwin, short vowels,
    /// shadda, sukun) and U+0670 (superscript alef).
    @inlinable
    public static func isHaraka(_ s: Unicode.Scalar) -> Bool { isHaraka(s.value) }

    /// ``isHaraka(_:)`` on a scalar value.
    @inlinable
    public static func isHaraka(_ v: UInt32) -> Bool { (0x064B...0x0652).contains(v) || v == 0x0670 }

    /// An invisible direction mark: RLM U+200F, LRM U+200E, ALM U+061C.
    @inlinable
    public static func isDirectionMark(_ s: Unicode.Scalar) -> Bool { isDirectionMark(s.value) }

    /// ``isDirectionMark(_:)`` on a scalar value.
    @inlinable
    public static func isDirectionMark(_ v: UInt32) -> Bool { v == 0x200F || v == 0x200E || v == 0x061C }

    /// A decimal digit of one of the three sets in Arabic news: ASCII 0–9, Arabic-Indic
    /// U+0660–U+0669, Extended Arabic-Indic U+06F0–U+06F9.
    @inlinable
    public static func isDigit(_ s: Unicode.Scalar) -> Bool { digitValue(s.value) != nil }

    /// ``isDigit(_:)`` on a scalar value.
    @inlinable
    public static func isDigit(_ v: UInt32) -> Bool { digitValue(v) != nil }

    /// The value 0–9 of a digit of the three sets (``isDigit(_:)``), else nil.
    @inlinable
    public static func digitValue(_ s: Unicode.Scalar) -> Int? { digitValue(s.value) }

    /// ``digitValue(_:)`` on a scalar value.
    @inlinable
    public static func digitValue(_ v: UInt32) -> Int? {
        if v &- 0x30 < 10 { return Int(v &- 0x30) }
        if v &- 0x0660 < 10 { return Int(v &- 0x0660) }
        if v &- 0x06F0 < 10 { return Int(v &- 0x06F0) }
        return nil
    }

    /// A letter of the Arabic script (general category Lo in the Arabic blocks, presentation
    /// forms included). Not tatweel (a modifier letter), not harakat, not digits.
    @inlinable
    public static func isArabicLetter(_ s: Unicode.Scalar) -> Bool { isArabicLetter(s.value) }

    /// ``isArabicLetter(_:)`` on a scalar value.
    @inlinable
    public static func isArabicLetter(_ v: UInt32) -> Bool {
        if v < 0x0620 { return false }
        if v <= 0x06FF {
            // The common case first: U+0621–U+063F and U+0641–U+064A.
            if v <= 0x064A { return v != 0x0640 }
            return (0x066E...0x066F).contains(v) || (0x0671...0x06D3).contains(v) || v == 0x06D5
                || (0x06EE...0x06EF).contains(v) || (0x06FA...0x06FC).contains(v) || v == 0x06FF
        }
        return isRareArabicLetter(v)
    }

    /// Arabic letters outside U+0600–U+06FF (supplement, extended blocks, presentation forms).
    @usableFromInline
    static func isRareArabicLetter(_ v: UInt32) -> Bool {
        switch v {
        case 0x0750...0x077F, 0x0870...0x0887, 0x0889...0x088F, 0x08A0...0x08C8: return true
        case 0xFB50...0xFBB1, 0xFBD3...0xFD3D, 0xFD50...0xFD8F, 0xFD92...0xFDC7, 0xFDF0...0xFDFB:
            return true
        case 0xFE70...0xFE74, 0xFE76...0xFEFC: return true
        case 0x10EC0...0x10EFF, 0x1EE00...0x1EEFF:
            return Unicode.Scalar(v)?.properties.generalCategory == .otherLetter
        default: return false
        }
    }

    /// The matching form of the text: alef variants to bare alef, ى to ي, ة to ه, digits to
    /// ASCII, harakat, tatweel and direction marks dropped (``NormalizedText`` documents the
    /// whole table). Use it for lexicon keys, so keys and texts are normalised alike.
    public static func normalize(_ s: String) -> String {
        NormalizedText(s).string
    }

    /// The matching value of one scalar taken alone (the context-free part of ``normalize(_:)``),
    /// or nil if normalisation drops it. For allocation-free keys over slices of a text.
    @inlinable @inline(__always)
    public static func matchingValue(_ v: UInt32) -> UInt32? {
        switch fold(v) {
        case .drop: return nil
        case .keep(let k): return k
        }
    }

    /// What normalisation does with one scalar value taken alone.
    @usableFromInline
    enum Fold {
        /// The scalar is dropped.
        case drop
        /// The scalar is replaced by (or kept as) this value.
        case keep(UInt32)
    }

    /// The normalisation of one scalar value, without context (``NormalizedText`` adds the
    /// context rules for decomposed hamza and madda).
    @inlinable @inline(__always)
    static func fold(_ v: UInt32) -> Fold {
        // Everything below U+0622 except the direction marks is kept; this is most of ASCII.
        if v < 0x0622 { return v == 0x061C ? .drop : .keep(v) }
        if v <= 0x06F9 {
            switch v {
            case 0x0622, 0x0623, 0x0625, 0x0671: return .keep(0x0627)  // آ أ إ ٱ → ا
            case 0x0649: return .keep(0x064A)  // ى → ي
            case 0x0629: return .keep(0x0647)  // ة → ه
            case 0x0640, 0x064B...0x0652, 0x0670: return .drop  // tatweel, harakat
            case 0x0660...0x0669: return .keep(v - 0x0660 + 0x30)
            case 0x06F0...0x06F9: return .keep(v - 0x06F0 + 0x30)
            default: return .keep(v)
            }
        }
        return v == 0x200E || v == 0x200F ? .drop : .keep(v)
    }
}
