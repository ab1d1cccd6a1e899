/// SHA-1 (FIPS 180-4) in pure Swift, for OAuth 1.0a's HMAC-SHA1 and RSA-SHA1 signatures. SHA-1
/// is broken for collision resistance; HMAC-SHA1 as OAuth 1.0a uses it is not, which is why
/// providers still ask for it. Outside the package: ``OAuthDigest/sha1(_:)``.
///
/// ```swift
/// var hash = SHA1()
/// hash.update(Array("abc".utf8))
/// let digest: [UInt8] = hash.finalize()   // 20 bytes, a9993e36...
/// ```
package struct SHA1: HashFunction {
    /// The block length in bytes.
    package static let blockLength = 64
    /// The digest length in bytes.
    package static let digestLength = 20

    private var frame = BlockHashFrame<SHA1Compression>()

    /// Creates a hash with no input yet.
    package init() {}

    /// Adds the bytes at `bytes` to the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        frame.absorb(bytes)
    }

    /// Pads the message and writes the 20-byte digest at `digest`.
    package mutating func finalize(into digest: UnsafeMutableRawPointer) {
        frame.pad()
        frame.state.write(to: digest)
    }
}

/// SHA-1's state and compression function (FIPS 180-4 §6.1.2), written so that the five
/// working variables stay in registers: the rounds are unrolled by five and rename the
/// variables instead of moving them.
struct SHA1Compression: BlockCompression {
    static let digestLength = 20

    private var h0: UInt32 = 0x67452301, h1: UInt32 = 0xEFCDAB89, h2: UInt32 = 0x98BADCFE, h3: UInt32 = 0x10325476, h4: UInt32 = 0xC3D2E1F0

    func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBigEndian(h0, at: 0)
        digest.storeBigEndian(h1, at: 4)
        digest.storeBigEndian(h2, at: 8)
        digest.storeBigEndian(h3, at: 12)
        digest.storeBigEndian(h4, at: 16)
    }

    mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { schedule in
            let w = schedule.baseAddress!
            for t in 0..<16 { w[t] = block.loadBigEndian(at: 4 * t) }
            for t in 16..<80 { w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotatedLeft(1) }
            var (a, b, c, d, e) = (h0, h1, h2, h3, h4)
            var t = 0
            while t < 20 {
                Self.choice(a, &b, c, d, &e, 0x5A827999 &+ w[t])
                Self.choice(e, &a, b, c, &d, 0x5A827999 &+ w[t + 1])
                Self.choice(d, &e, a, b, &c, 0x5A827999 &+ w[t + 2])
                Self.choice(c, &d, e, a, &b, 0x5A827999 &+ w[t + 3])
                Self.choice(b, &c, d, e, &a, 0x5A827999 &+ w[t + 4])
                t += 5
            }
            while t < 40 {
                Self.parity(a, &b, c, d, &e, 0x6ED9EBA1 &+ w[t])
                Self.parity(e, &a, b, c, &d, 0x6ED9EBA1 &+ w[t + 1])
                Self.parity(d, &e, a, b, &c, 0x6ED9EBA1 &+ w[t + 2])
                Self.parity(c, &d, e, a, &b, 0x6ED9EBA1 &+ w[t + 3])
                Self.parity(b, &c, d, e, &a, 0x6ED9EBA1 &+ w[t + 4])
                t += 5
            }
            while t < 60 {
                Self.majority(a, &b, c, d, &e, 0x8F1BBCDC &+ w[t])
                Self.majority(e, &a, b, c, &d, 0x8F1BBCDC &+ w[t + 1])
                Self.majority(d, &e, a, b, &c, 0x8F1BBCDC &+ w[t + 2])
                Self.majority(c, &d, e, a, &b, 0x8F1BBCDC &+ w[t + 3])
                Self.majority(b, &c, d, e, &a, 0x8F1BBCDC &+ w[t + 4])
                t += 5
            }
            while t < 80 {
                Self.parity(a, &b, c, d, &e, 0xCA62C1D6 &+ w[t])
                Self.parity(e, &a, b, c, &d, 0xCA62C1D6 &+ w[t + 1])
                Self.parity(d, &e, a, b, &c, 0xCA62C1D6 &+ w[t + 2])
                Self.parity(c, &d, e, a, &b, 0xCA62C1D6 &+ w[t + 3])
                Self.parity(b, &c, d, e, &a, 0xCA62C1D6 &+ w[t + 4])
                t += 5
            }
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
        }
    }

    // One round each, with the variables renamed rather than moved: `e` takes the new `a` and
    // `b` is rotated into the new `c`; the next round passes them shifted by one place. `kw` is
    // the round constant plus the schedule word.

    @inline(__always)
    private static func choice(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        e = e &+ a.rotatedLeft(5) &+ (d ^ (b & (c ^ d))) &+ kw
        b = b.rotatedLeft(30)
    }

    @inline(__always)
    private static func parity(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        e = e &+ a.rotatedLeft(5) &+ (b ^ c ^ d) &+ kw
        b = b.rotatedLeft(30)
    }

    @inline(__always)
    private static func majority(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ kw: UInt32) {
        e = e &+ a.rotatedLeft(5) &+ ((b & c) | (d & (b | c))) &+ kw
        b = b.rotatedLeft(30)
    }
}
