import OAuth
import Testing

/// SHA-1 against the FIPS 180 examples and padding boundaries (reference §3.7), and HMAC-SHA1
/// and HMAC-SHA256 against RFC 2202 and RFC 4231 (reference §3.8).
@Suite struct SHA1AndHMACTests {
    @Test(arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "a49b2446a02c645bf419f995b67091253a04a259"),
        (String(repeating: "a", count: 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (String(repeating: "a", count: 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
    ])
    func sha1FIPSVectorsAndPaddingBoundaries(message: String, digest: String) {
        #expect(hex(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test(arguments: [1, 63, 64, 65])
    func sha1OfOneMillionAsFedInChunks(chunk: Int) {
        var hash = SHA1()
        var remaining = 1_000_000
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: chunk)
        while remaining > 0 {
            let count = min(chunk, remaining)
            hash.update(block[0..<count])
            remaining -= count
        }
        #expect(hex(hash.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    static let largeKeyData = "Test Using Larger Than Block-Size Key - Hash Key First"

    /// RFC 2202 test cases 1, 2, 3, 4, 6 and 7.
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b617318655057264e28bc0b6fb378c8ef146be00"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        ([UInt8](repeating: 0xaa, count: 80), Array(largeKeyData.utf8), "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        ([UInt8](repeating: 0xaa, count: 80), Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
    ] as [([UInt8], [UInt8], String)])
    func hmacSHA1RFC2202(key: [UInt8], data: [UInt8], mac: String) {
        #expect(hex(HMAC<SHA1>.authenticationCode(for: data, key: key)) == mac)
    }

    /// RFC 4231 test cases 1, 2, 3, 4, 6 and 7.
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), Array(largeKeyData.utf8), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ] as [([UInt8], [UInt8], String)])
    func hmacSHA256RFC4231(key: [UInt8], data: [UInt8], mac: String) {
        #expect(hex(HMAC<SHA256>.authenticationCode(for: data, key: key)) == mac)
    }

    @Test func hmacFedInPiecesEqualsHmacInOne() {
        let message = Array("what do ya want for nothing?".utf8)
        var mac = HMAC<SHA1>(key: Array("Jefe".utf8))
        for byte in message { mac.update([byte]) }
        #expect(hex(mac.finalize()) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    /// Every byte value, four times over: 1024 bytes whose words differ, so that a slip in byte
    /// order or in carrying a partial block over from one update to the next changes the digest.
    /// Expected digests computed with Python's hashlib and hmac modules.
    static let everyByteFourTimes = [UInt8]((0..<4).flatMap { _ in 0...255 })

    func fed<H: HashFunction>(_ hash: inout H, _ bytes: [UInt8], chunk: Int) {
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            hash.update(bytes[start..<end])
            start = end
        }
    }

    @Test(arguments: [1, 3, 55, 63, 64, 65, 127, 1024])
    func hashesOfVariedBytesDoNotDependOnHowTheyAreFed(chunk: Int) {
        let data = Self.everyByteFourTimes
        var sha1 = SHA1()
        fed(&sha1, data, chunk: chunk)
        #expect(hex(sha1.finalize()) == "5b00669c480d5cffbdfa8bdba99561160f2d1b77")
        var sha256 = SHA256()
        fed(&sha256, data, chunk: chunk)
        #expect(hex(sha256.finalize()) == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9")
        var mac1 = HMAC<SHA1>(key: Array(0..<100))
        var start = 0
        while start < data.count {
            let end = min(start + chunk, data.count)
            mac1.update(data[start..<end])
            start = end
        }
        #expect(hex(mac1.finalize()) == "b88f42454bfa6c21c30e711f6351d876a04f32dc")
    }

    @Test func hmacOfVariedBytesInOne() {
        let key = [UInt8](0..<100)
        #expect(hex(HMAC<SHA1>.authenticationCode(for: Self.everyByteFourTimes, key: key)) == "b88f42454bfa6c21c30e711f6351d876a04f32dc")
        #expect(hex(HMAC<SHA256>.authenticationCode(for: Self.everyByteFourTimes, key: key))
            == "eece000428262f663137ce6a4f5ece8737cf749d4f561e42feb0e5a2451d6dd2")
        #expect(hex(SHA1.hash(Self.everyByteFourTimes)) == "5b00669c480d5cffbdfa8bdba99561160f2d1b77")
    }
}
