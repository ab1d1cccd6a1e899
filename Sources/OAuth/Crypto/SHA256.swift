/// SHA-256 (FIPS 180-4) in pure Swift, for PKCE `S256` challenges and HMAC-SHA256. Outside the
/// package: ``OAuthDigest/sha256(_:)``.
///
/// Feed bytes in any number of pieces, then finish:
///
/// ```swift
/// var hash = SHA256()
/// hash.update(Array("abc".utf8))
/// let digest: [UInt8] = hash.finalize()   // 32 bytes, ba7816bf...
/// ```
package typealias SHA256 = BlockHash<SHA256Compression>

/// SHA-256's state and compression function (FIPS 180-4 §6.2.2), written so that the eight
/// working variables stay in registers: the 64 rounds are spelled out with their constants
/// (§4.2.2) and rename the variables instead of moving them.
package struct SHA256Compression: BlockCompression {
    package static let digestLength = 32

    private var h0: UInt32 = 0x6a09e667, h1: UInt32 = 0xbb67ae85, h2: UInt32 = 0x3c6ef372, h3: UInt32 = 0xa54ff53a
    private var h4: UInt32 = 0x510e527f, h5: UInt32 = 0x9b05688c, h6: UInt32 = 0x1f83d9ab, h7: UInt32 = 0x5be0cd19

    package init() {}

    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBigEndian(h0, at: 0)
        digest.storeBigEndian(h1, at: 4)
        digest.storeBigEndian(h2, at: 8)
        digest.storeBigEndian(h3, at: 12)
        digest.storeBigEndian(h4, at: 16)
        digest.storeBigEndian(h5, at: 20)
        digest.storeBigEndian(h6, at: 24)
        digest.storeBigEndian(h7, at: 28)
    }

    package mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { schedule in
            let w = schedule.baseAddress!
            for t in 0..<16 { w[t] = block.loadBigEndian(at: 4 * t) }
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            Self.round(a, b, c, &d, e, f, g, &h, 0x428a2f98 &+ w[0])
            Self.round(h, a, b, &c, d, e, f, &g, 0x71374491 &+ w[1])
            Self.round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf &+ w[2])
            Self.round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5 &+ w[3])
            Self.round(e, f, g, &h, a, b, c, &d, 0x3956c25b &+ w[4])
            Self.round(d, e, f, &g, h, a, b, &c, 0x59f111f1 &+ w[5])
            Self.round(c, d, e, &f, g, h, a, &b, 0x923f82a4 &+ w[6])
            Self.round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5 &+ w[7])

            Self.round(a, b, c, &d, e, f, g, &h, 0xd807aa98 &+ w[8])
            Self.round(h, a, b, &c, d, e, f, &g, 0x12835b01 &+ w[9])
            Self.round(g, h, a, &b, c, d, e, &f, 0x243185be &+ w[10])
            Self.round(f, g, h, &a, b, c, d, &e, 0x550c7dc3 &+ w[11])
            Self.round(e, f, g, &h, a, b, c, &d, 0x72be5d74 &+ w[12])
            Self.round(d, e, f, &g, h, a, b, &c, 0x80deb1fe &+ w[13])
            Self.round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7 &+ w[14])
            Self.round(b, c, d, &e, f, g, h, &a, 0xc19bf174 &+ w[15])

            Self.round(a, b, c, &d, e, f, g, &h, 0xe49b69c1 &+ Self.expand(w, 16))
            Self.round(h, a, b, &c, d, e, f, &g, 0xefbe4786 &+ Self.expand(w, 17))
            Self.round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6 &+ Self.expand(w, 18))
            Self.round(f, g, h, &a, b, c, d, &e, 0x240ca1cc &+ Self.expand(w, 19))
            Self.round(e, f, g, &h, a, b, c, &d, 0x2de92c6f &+ Self.expand(w, 20))
            Self.round(d, e, f, &g, h, a, b, &c, 0x4a7484aa &+ Self.expand(w, 21))
            Self.round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc &+ Self.expand(w, 22))
            Self.round(b, c, d, &e, f, g, h, &a, 0x76f988da &+ Self.expand(w, 23))

            Self.round(a, b, c, &d, e, f, g, &h, 0x983e5152 &+ Self.expand(w, 24))
            Self.round(h, a, b, &c, d, e, f, &g, 0xa831c66d &+ Self.expand(w, 25))
            Self.round(g, h, a, &b, c, d, e, &f, 0xb00327c8 &+ Self.expand(w, 26))
            Self.round(f, g, h, &a, b, c, d, &e, 0xbf597fc7 &+ Self.expand(w, 27))
            Self.round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3 &+ Self.expand(w, 28))
            Self.round(d, e, f, &g, h, a, b, &c, 0xd5a79147 &+ Self.expand(w, 29))
            Self.round(c, d, e, &f, g, h, a, &b, 0x06ca6351 &+ Self.expand(w, 30))
            Self.round(b, c, d, &e, f, g, h, &a, 0x14292967 &+ Self.expand(w, 31))

            Self.round(a, b, c, &d, e, f, g, &h, 0x27b70a85 &+ Self.expand(w, 32))
            Self.round(h, a, b, &c, d, e, f, &g, 0x2e1b2138 &+ Self.expand(w, 33))
            Self.round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc &+ Self.expand(w, 34))
            Self.round(f, g, h, &a, b, c, d, &e, 0x53380d13 &+ Self.expand(w, 35))
            Self.round(e, f, g, &h, a, b, c, &d, 0x650a7354 &+ Self.expand(w, 36))
            Self.round(d, e, f, &g, h, a, b, &c, 0x766a0abb &+ Self.expand(w, 37))
            Self.round(c, d, e, &f, g, h, a, &b, 0x81c2c92e &+ Self.expand(w, 38))
            Self.round(b, c, d, &e, f, g, h, &a, 0x92722c85 &+ Self.expand(w, 39))

            Self.round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1 &+ Self.expand(w, 40))
            Self.round(h, a, b, &c, d, e, f, &g, 0xa81a664b &+ Self.expand(w, 41))
            Self.round(g, h, a, &b, c, d, e, &f, 0xc24b8b70 &+ Self.expand(w, 42))
            Self.round(f, g, h, &a, b, c, d, &e, 0xc76c51a3 &+ Self.expand(w, 43))
            Self.round(e, f, g, &h, a, b, c, &d, 0xd192e819 &+ Self.expand(w, 44))
            Self.round(d, e, f, &g, h, a, b, &c, 0xd6990624 &+ Self.expand(w, 45))
            Self.round(c, d, e, &f, g, h, a, &b, 0xf40e3585 &+ Self.expand(w, 46))
            Self.round(b, c, d, &e, f, g, h, &a, 0x106aa070 &+ Self.expand(w, 47))

            Self.round(a, b, c, &d, e, f, g, &h, 0x19a4c116 &+ Self.expand(w, 48))
            Self.round(h, a, b, &c, d, e, f, &g, 0x1e376c08 &+ Self.expand(w, 49))
            Self.round(g, h, a, &b, c, d, e, &f, 0x2748774c &+ Self.expand(w, 50))
            Self.round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5 &+ Self.expand(w, 51))
            Self.round(e, f, g, &h, a, b, c, &d, 0x391c0cb3 &+ Self.expand(w, 52))
            Self.round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a &+ Self.expand(w, 53))
            Self.round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f &+ Self.expand(w, 54))
            Self.round(b, c, d, &e, f, g, h, &a, 0x682e6ff3 &+ Self.expand(w, 55))

            Self.round(a, b, c, &d, e, f, g, &h, 0x748f82ee &+ Self.expand(w, 56))
            Self.round(h, a, b, &c, d, e, f, &g, 0x78a5636f &+ Self.expand(w, 57))
            Self.round(g, h, a, &b, c, d, e, &f, 0x84c87814 &+ Self.expand(w, 58))
            Self.round(f, g, h, &a, b, c, d, &e, 0x8cc70208 &+ Self.expand(w, 59))
            Self.round(e, f, g, &h, a, b, c, &d, 0x90befffa &+ Self.expand(w, 60))
            Self.round(d, e, f, &g, h, a, b, &c, 0xa4506ceb &+ Self.expand(w, 61))
            Self.round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7 &+ Self.expand(w, 62))
            Self.round(b, c, d, &e, f, g, h, &a, 0xc67178f2 &+ Self.expand(w, 63))
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
        }
    }

    /// The schedule word `t` (16 ≤ t < 64) from the 16 before it, which `w` holds in a ring,
    /// computed as the rounds need it so that its work fills the gaps in theirs.
    @inline(__always)
    private static func expand(_ w: UnsafeMutablePointer<UInt32>, _ t: Int) -> UInt32 {
        let w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15]
        let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
        let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
        let word = w[t & 15] &+ s0 &+ w[(t - 7) & 15] &+ s1
        w[t & 15] = word
        return word
    }

    /// One round with the variables renamed: `d` and `h` take the new `e` and `a`, and the next
    /// round passes all eight shifted by one place. `kw` is the round constant plus the schedule
    /// word.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)) &+ ((a & b) | (c & (a | b)))
        d = d &+ t1
        h = t1 &+ t2
    }
}
