/// MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain reference), the function
/// Prodigy's hashes are built on. Tashih's Prodigy export feeds it its own inputs (see
/// `docs/FORMATS.md`), so the values are stable and documented, not Prodigy's own.
public enum Murmur3 {
    public static func hash32<C: Collection>(_ bytes: C, seed: UInt32 = 0) -> UInt32 where C.Element == UInt8 {
        let c1: UInt32 = 0xcc9e_2d51
        let c2: UInt32 = 0x1b87_3593
        var h = seed
        var k: UInt32 = 0
        var n = 0
        var len = 0
        for b in bytes {
            k |= UInt32(b) << (8 * UInt32(n))
            n += 1
            len += 1
            if n == 4 {
                k &*= c1
                k = (k << 15) | (k >> 17)
                k &*= c2
                h ^= k
                h = (h << 13) | (h >> 19)
                h = h &* 5 &+ 0xe654_6b64
                k = 0
                n = 0
            }
        }
        if n > 0 {
            k &*= c1
            k = (k << 15) | (k >> 17)
            k &*= c2
            h ^= k
        }
        h ^= UInt32(truncatingIfNeeded: len)
        h ^= h >> 16
        h &*= 0x85eb_ca6b
        h ^= h >> 13
        h &*= 0xc2b2_ae35
        h ^= h >> 16
        return h
    }

    /// The hash as a signed 32-bit integer, the way Python's `murmurhash`/`mmh3` return it.
    public static func signed<C: Collection>(_ bytes: C) -> Int32 where C.Element == UInt8 {
        Int32(bitPattern: hash32(bytes))
    }
}
