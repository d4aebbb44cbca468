import CLibCrypto

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, which uses the CPU's SHA instructions
/// where it has them. Used for text hashes and release hashes; checked against the standard
/// test vectors in the tests.
///
/// A value holds one running digest; copies share it, so do not copy one mid-stream.
public struct SHA256: @unchecked Sendable {
    final class Context {
        let ctx: OpaquePointer
        init() {
            ctx = EVP_MD_CTX_new()!
            EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        }
        deinit { EVP_MD_CTX_free(ctx) }
    }

    let context = Context()

    public init() {}

    /// Feeds bytes.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let copy = Array(bytes)
        copy.withUnsafeBytes { update($0) }
    }

    /// Feeds a buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        EVP_DigestUpdate(context.ctx, base, buffer.count)
    }

    /// The digest as 32 bytes.
    public mutating func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var n: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context.ctx, $0.baseAddress, &n) }
        return out
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return hexString(s.finalize())
    }

    /// The digest of one buffer, in one call.
    public static func digest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { digest(buffer, into: $0.baseAddress!) }
        return out
    }

    /// OpenSSL's SHA-256 implementation, fetched once: `SHA256()` (`EVP_Q_digest`) fetches it
    /// from the provider store, under a lock, on every call.
    nonisolated(unsafe) static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// Writes the 32-byte digest of `buffer` at `out`.
    @inline(__always)
    static func digest(_ buffer: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var n: UInt32 = 0
        let data = buffer.baseAddress ?? UnsafeRawPointer(out)
        if let md = algorithm {
            _ = EVP_Digest(data, buffer.count, out, &n, md, nil)
        } else {
            _ = CLibCrypto.SHA256(data.assumingMemoryBound(to: UInt8.self), buffer.count, out)
        }
    }

    /// Lowercase hex of a digest.
    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: digest.count * 2) { out in
            for (i, b) in digest.enumerated() {
                out[2 * i] = digits[Int(b >> 4)]
                out[2 * i + 1] = digits[Int(b & 0xF)]
            }
            return digest.count * 2
        }
    }
}

/// The text hash every record carries: `sha256:` and the hex SHA-256 of the text's UTF-8 bytes.
/// The text is hashed exactly as stored (never normalised), so NFC and NFD spellings differ.
public func textHash(_ text: String) -> String {
    var copy = text
    return copy.withUTF8 { utf8 in
        // Written in place: no array for the digest, no concatenation.
        String(unsafeUninitializedCapacity: textHashLength) { out in
            writeTextHash(of: utf8, at: out.baseAddress!)
            return textHashLength
        }
    }
}

/// The bytes of a text hash (`sha256:` and 64 hex digits).
public let textHashLength = 71

/// Writes the text hash of the UTF-8 bytes `utf8` (``textHash(_:)`` of their text) at `p`,
/// which has room for ``textHashLength`` bytes.
public func writeTextHash(of utf8: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { d in
        SHA256.digest(UnsafeRawBufferPointer(utf8), into: d.baseAddress!)
        let prefix: StaticString = "sha256:"
        p.update(from: prefix.utf8Start, count: 7)
        for i in 0..<32 {
            let b = d[i]
            let hi = b >> 4
            let lo = b & 0xF
            p[7 + 2 * i] = hi < 10 ? hi + 0x30 : hi + 0x57
            p[8 + 2 * i] = lo < 10 ? lo + 0x30 : lo + 0x57
        }
    }
}
