/// SHA-1 (FIPS 180-4) in pure Swift, for OAuth 1.0a's HMAC-SHA1 and RSA-SHA1 signatures. SHA-1
/// is broken for collision resistance; HMAC-SHA1 as OAuth 1.0a uses it is not, which is why
/// providers still ask for it. Outside the package: ``OAuthDigest/sha1(_:)``.
///
/// ```swift
/// var hash = SHA1()
/// hash.update(Array("abc".utf8))
/// let digest: [UInt8] = hash.finalize()   // 20 bytes, a9993e36...
/// ```
package typealias SHA1 = BlockHash<SHA1Compression>

/// SHA-1's state and compression function (FIPS 180-4 §6.1.2), written so that the five
/// working variables stay in registers: the rounds are unrolled by five and rename the
/// variables instead of moving them.
package struct SHA1Compression: BlockCompression {
    package static let digestLength = 20

    private var h0: UInt32 = 0x67452301, h1: UInt32 = 0xEFCDAB89, h2: UInt32 = 0x98BADCFE, h3: UInt32 = 0x10325476, h4: UInt32 = 0xC3D2E1F0

    package init() {}

    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBigEndian(h0, at: 0)
        digest.storeBigEndian(h1, at: 4)
        digest.storeBigEndian(h2, at: 8)
        digest.storeBigEndian(h3, at: 12)
        digest.storeBigEndian(h4, at: 16)
    }

    package mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { schedule in
            let w = schedule.baseAddress!
            for t in 0..<16 { w[t] = block.loadBigEndian(at: 4 * t) }
            var (a, b, c, d, e) = (h0, h1, h2, h3, h4)
            Self.choice(a, &b, c, d, &e, 0x5A827999 &+ w[0])
            Self.choice(e, &a, b, c, &d, 0x5A827999 &+ w[1])
            Self.choice(d, &e, a, b, &c, 0x5A827999 &+ w[2])
            Self.choice(c, &d, e, a, &b, 0x5A827999 &+ w[3])
            Self.choice(b, &c, d, e, &a, 0x5A827999 &+ w[4])

            Self.choice(a, &b, c, d, &e, 0x5A827999 &+ w[5])
            Self.choice(e, &a, b, c, &d, 0x5A827999 &+ w[6])
            Self.choice(d, &e, a, b, &c, 0x5A827999 &+ w[7])
            Self.choice(c, &d, e, a, &b, 0x5A827999 &+ w[8])
            Self.choice(b, &c, d, e, &a, 0x5A827999 &+ w[9])

            Self.choice(a, &b, c, d, &e, 0x5A827999 &+ w[10])
            Self.choice(e, &a, b, c, &d, 0x5A827999 &+ w[11])
            Self.choice(d, &e, a, b, &c, 0x5A827999 &+ w[12])
            Self.choice(c, &d, e, a, &b, 0x5A827999 &+ w[13])
            Self.choice(b, &c, d, e, &a, 0x5A827999 &+ w[14])

            Self.choice(a, &b, c, d, &e, 0x5A827999 &+ w[15])
            Self.choice(e, &a, b, c, &d, 0x5A827999 &+ Self.expand(w, 16))
            Self.choice(d, &e, a, b, &c, 0x5A827999 &+ Self.expand(w, 17))
            Self.choice(c, &d, e, a, &b, 0x5A827999 &+ Self.expand(w, 18))
            Self.choice(b, &c, d, e, &a, 0x5A827999 &+ Self.expand(w, 19))

            Self.parity(a, &b, c, d, &e, 0x6ED9EBA1 &+ Self.expand(w, 20))
            Self.parity(e, &a, b, c, &d, 0x6ED9EBA1 &+ Self.expand(w, 21))
            Self.parity(d, &e, a, b, &c, 0x6ED9EBA1 &+ Self.expand(w, 22))
            Self.parity(c, &d, e, a, &b, 0x6ED9EBA1 &+ Self.expand(w, 23))
            Self.parity(b, &c, d, e, &a, 0x6ED9EBA1 &+ Self.expand(w, 24))

            Self.parity(a, &b, c, d, &e, 0x6ED9EBA1 &+ Self.expand(w, 25))
            Self.parity(e, &a, b, c, &d, 0x6ED9EBA1 &+ Self.expand(w, 26))
            Self.parity(d, &e, a, b, &c, 0x6ED9EBA1 &+ Self.expand(w, 27))
            Self.parity(c, &d, e, a, &b, 0x6ED9EBA1 &+ Self.expand(w, 28))
            Self.parity(b, &c, d, e, &a, 0x6ED9EBA1 &+ Self.expand(w, 29))

            Self.parity(a, &b, c, d, &e, 0x6ED9EBA1 &+ Self.expand(w, 30))
            Self.parity(e, &a, b, c, &d, 0x6ED9EBA1 &+ Self.expand(w, 31))
            Self.parity(d, &e, a, b, &c, 0x6ED9EBA1 &+ Self.expand(w, 32))
            Self.parity(c, &d, e, a, &b, 0x6ED9EBA1 &+ Self.expand(w, 33))
            Self.parity(b, &c, d, e, &a, 0x6ED9EBA1 &+ Self.expand(w, 34))

            Self.parity(a, &b, c, d, &e, 0x6ED9EBA1 &+ Self.expand(w, 35))
            Self.parity(e, &a, b, c, &d, 0x6ED9EBA1 &+ Self.expand(w, 36))
            Self.parity(d, &e, a, b, &c, 0x6ED9EBA1 &+ Self.expand(w, 37))
            Self.parity(c, &d, e, a, &b, 0x6ED9EBA1 &+ Self.expand(w, 38))
            Self.parity(b, &c, d, e, &a, 0x6ED9EBA1 &+ Self.expand(w, 39))

            Self.majority(a, &b, c, d, &e, 0x8F1BBCDC &+ Self.expand(w, 40))
            Self.majority(e, &a, b, c, &d, 0x8F1BBCDC &+ Self.expand(w, 41))
            Self.majority(d, &e, a, b, &c, 0x8F1BBCDC &+ Self.expand(w, 42))
            Self.majority(c, &d, e, a, &b, 0x8F1BBCDC &+ Self.expand(w, 43))
            Self.majority(b, &c, d, e, &a, 0x8F1BBCDC &+ Self.expand(w, 44))

            Self.majority(a, &b, c, d, &e, 0x8F1BBCDC &+ Self.expand(w, 45))
            Self.majority(e, &a, b, c, &d, 0x8F1BBCDC &+ Self.expand(w, 46))
            Self.majority(d, &e, a, b, &c, 0x8F1BBCDC &+ Self.expand(w, 47))
            Self.majority(c, &d, e, a, &b, 0x8F1BBCDC &+ Self.expand(w, 48))
            Self.majority(b, &c, d, e, &a, 0x8F1BBCDC &+ Self.expand(w, 49))

            Self.majority(a, &b, c, d, &e, 0x8F1BBCDC &+ Self.expand(w, 50))
            Self.majority(e, &a, b, c, &d, 0x8F1BBCDC &+ Self.expand(w, 51))
            Self.majority(d, &e, a, b, &c, 0x8F1BBCDC &+ Self.expand(w, 52))
            Self.majority(c, &d, e, a, &b, 0x8F1BBCDC &+ Self.expand(w, 53))
            Self.majority(b, &c, d, e, &a, 0x8F1BBCDC &+ Self.expand(w, 54))

            Self.majority(a, &b, c, d, &e, 0x8F1BBCDC &+ Self.expand(w, 55))
            Self.majority(e, &a, b, c, &d, 0x8F1BBCDC &+ Self.expand(w, 56))
            Self.majority(d, &e, a, b, &c, 0x8F1BBCDC &+ Self.expand(w, 57))
            Self.majority(c, &d, e, a, &b, 0x8F1BBCDC &+ Self.expand(w, 58))
            Self.majority(b, &c, d, e, &a, 0x8F1BBCDC &+ Self.expand(w, 59))

            Self.parity(a, &b, c, d, &e, 0xCA62C1D6 &+ Self.expand(w, 60))
            Self.parity(e, &a, b, c, &d, 0xCA62C1D6 &+ Self.expand(w, 61))
            Self.parity(d, &e, a, b, &c, 0xCA62C1D6 &+ Self.expand(w, 62))
            Self.parity(c, &d, e, a, &b, 0xCA62C1D6 &+ Self.expand(w, 63))
            Self.parity(b, &c, d, e, &a, 0xCA62C1D6 &+ Self.expand(w, 64))

            Self.parity(a, &b, c, d, &e, 0xCA62C1D6 &+ Self.expand(w, 65))
            Self.parity(e, &a, b, c, &d, 0xCA62C1D6 &+ Self.expand(w, 66))
            Self.parity(d, &e, a, b, &c, 0xCA62C1D6 &+ Self.expand(w, 67))
            Self.parity(c, &d, e, a, &b, 0xCA62C1D6 &+ Self.expand(w, 68))
            Self.parity(b, &c, d, e, &a, 0xCA62C1D6 &+ Self.expand(w, 69))

            Self.parity(a, &b, c, d, &e, 0xCA62C1D6 &+ Self.expand(w, 70))
            Self.parity(e, &a, b, c, &d, 0xCA62C1D6 &+ Self.expand(w, 71))
            Self.parity(d, &e, a, b, &c, 0xCA62C1D6 &+ Self.expand(w, 72))
            Self.parity(c, &d, e, a, &b, 0xCA62C1D6 &+ Self.expand(w, 73))
            Self.parity(b, &c, d, e, &a, 0xCA62C1D6 &+ Self.expand(w, 74))

            Self.parity(a, &b, c, d, &e, 0xCA62C1D6 &+ Self.expand(w, 75))
            Self.parity(e, &a, b, c, &d, 0xCA62C1D6 &+ Self.expand(w, 76))
            Self.parity(d, &e, a, b, &c, 0xCA62C1D6 &+ Self.expand(w, 77))
            Self.parity(c, &d, e, a, &b, 0xCA62C1D6 &+ Self.expand(w, 78))
            Self.parity(b, &c, d, e, &a, 0xCA62C1D6 &+ Self.expand(w, 79))
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
        }
    }

    /// The schedule word `t` (16 ≤ t < 80) from the 16 before it, which `w` holds in a ring,
    /// computed as the rounds need it so that its work fills the gaps in theirs.
    @inline(__always)
    private static func expand(_ w: UnsafeMutablePointer<UInt32>, _ t: Int) -> UInt32 {
        let word = (w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15]).rotatedLeft(1)
        w[t & 15] = word
        return word
    }

    // One round each, with the variables renamed rather than moved: `e` takes the new `a` and
    // `b` is rotated into the new `c`; the next round passes them shifted by one place. `kw` is
    // the round constant plus the schedule word.

    @inline(__always)
    private static func choice(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        let f = (d ^ (b & (c ^ d)))
        b = b.rotatedLeft(30)
        e = e &+ kw &+ f &+ a.rotatedLeft(5)
    }

    @inline(__always)
    private static func parity(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        let f = (b ^ c ^ d)
        b = b.rotatedLeft(30)
        e = e &+ kw &+ f &+ a.rotatedLeft(5)
    }

    @inline(__always)
    private static func majority(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        let f = ((b & c) | (d & (b | c)))
        b = b.rotatedLeft(30)
        e = e &+ kw &+ f &+ a.rotatedLeft(5)
    }
}
