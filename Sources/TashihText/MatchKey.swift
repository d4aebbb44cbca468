/// Allocation-free 64-bit keys (FNV-1a) over normalised scalars, for lexicon lookups.
public enum MatchKey {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x100_0000_01b3

    /// The key of scalars `[a, b)` after normalisation (alef variants, ى, ة, harakat, tatweel,
    /// direction marks, digits), optionally as if `ا` stood before them (for لل = ل + ال).
    @inlinable @inline(__always)
    public static func of(_ s: [UInt32], _ a: Int, _ b: Int, alefFirst: Bool = false, appending: UInt32? = nil) -> UInt64 {
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
    @inlinable @inline(__always)
    public static func of(
        _ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, _ table: UnsafePointer<UInt32>, alefFirst: Bool = false
    ) -> UInt64 {
        var h = offset
        if alefFirst { h = (h ^ 0x0627) &* prime }
        var i = a
        while i < b {
            h = step(h, s[i], table)
            i += 1
        }
        return h
    }

    /// `h` with the scalar `v` hashed in after normalisation (nothing for a dropped scalar),
    /// with ``foldTable`` loaded by the caller: one scalar of ``of(_:_:_:_:alefFirst:)``, for
    /// the tokenizer, which keys its tokens as it finds them.
    @inlinable @inline(__always)
    public static func step(_ h: UInt64, _ v: UInt32, _ table: UnsafePointer<UInt32>) -> UInt64 {
        if v < 0x700 {
            let m = table[Int(v)]
            return m != dropped ? (h ^ UInt64(m)) &* prime : h
        }
        return v != 0x200E && v != 0x200F ? (h ^ UInt64(v)) &* prime : h
    }

    /// `Arabic.matchingValue` of U+0000–U+06FF, ``dropped`` where normalisation drops the scalar
    /// (above U+06FF only the direction marks are dropped and every other scalar is kept).
    nonisolated(unsafe) public static let foldTable: UnsafePointer<UInt32> = {
        let p = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x700)
        for v in 0..<UInt32(0x700) { p[Int(v)] = Arabic.matchingValue(v) ?? dropped }
        return UnsafePointer(p)
    }()

    public static let dropped: UInt32 = 0xFFFF_FFFF

    /// Combines token keys into a sequence key.
    @inlinable @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &+ 0x632B_E59B_D9B4_E019)
    }
}
