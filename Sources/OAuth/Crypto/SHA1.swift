/// SHA-1 (FIPS 180-4) in pure Swift, for OAuth 1.0a's HMAC-SHA1 and RSA-SHA1 signatures. SHA-1
/// is broken for collision resistance; HMAC-SHA1 as OAuth 1.0a uses it is not, which is why
/// providers still ask for it.
///
/// ```swift
/// var hash = SHA1()
/// hash.update(Array("abc".utf8))
/// let digest = hash.finalize()   // 20 bytes, a9993e36...
/// ```
public struct SHA1: HashFunction, BlockHashFrame {
    /// The block length in bytes.
    public static let blockLength = 64
    /// The digest length in bytes.
    public static let digestLength = 20

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)
    var buffer: [UInt8] = []
    var length: UInt64 = 0

    /// Creates a hash with no input yet.
    public init() {
        buffer.reserveCapacity(64)
    }

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        absorb(bytes)
    }

    /// Pads the message and returns the 20-byte digest.
    public consuming func finalize() -> [UInt8] {
        pad()
        return Self.digest([state.0, state.1, state.2, state.3, state.4])
    }

    /// Compresses the 64 bytes at `block` into the state.
    mutating func compress(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            compress(block, schedule: w)
        }
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>, schedule w: UnsafeMutableBufferPointer<UInt32>) {
        for t in 0..<16 {
            let i = 4 * t
            w[t] = UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8 | UInt32(block[i + 3])
        }
        for t in 16..<80 {
            w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotatedLeft(1)
        }
        var (a, b, c, d, e) = state
        for t in 0..<80 {
            let f: UInt32
            let k: UInt32
            switch t {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A827999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62C1D6)
            }
            let temp = a.rotatedLeft(5) &+ f &+ e &+ k &+ w[t]
            e = d
            d = c
            c = b.rotatedLeft(30)
            b = a
            a = temp
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
    }
}

extension UInt32 {
    func rotatedLeft(_ count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }
}
