import Testing

@testable import TashihModel

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func standardVectors(input: String, expected: String) {
        #expect(SHA256.hex(Array(input.utf8)) == expected)
    }

    @Test func millionAsMatchesTheStandardVectorWhenFedInOddChunks() {
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var fed = 0
        while fed < 1_000_000 {
            let n = min(997, 1_000_000 - fed)
            chunk.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            fed += n
        }
        #expect(SHA256.hexString(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func textHashIsOfTheStoredBytesSoNFCAndNFDDiffer() {
        let nfc = "\u{00E9}"
        let nfd = "e\u{0301}"
        #expect(nfc == nfd)  // Swift's == is canonical equivalence...
        #expect(textHash(nfc) != textHash(nfd))  // ...but the hash is of the bytes.
        #expect(textHash("قصفت").hasPrefix("sha256:"))
    }
}
