/// How many terminal columns text takes: the sum over its scalars, with combining marks
/// (harakat included), direction marks (RLM, LRM, ALM), zero-width joiners and ZWNBSP taking 0,
/// East Asian wide characters and emoji 2, everything else 1 — the figures glibc's `wcwidth`
/// gives, which terminals follow.
public enum DisplayWidth {
    /// The columns `s` takes on one line.
    public static func of(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += of(u) }
        return w
    }

    /// The columns one scalar takes (0, 1 or 2).
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        switch v {
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x061C, 0xFEFF: return 0  // zero-width, direction marks
        case 0x0640: return 1  // tatweel is a visible letter extension
        default: break
        }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(v) { return 2 }
        return 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
