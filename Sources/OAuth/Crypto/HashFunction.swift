/// A cryptographic hash fed in pieces: what ``HMAC`` is built on. Package-wide, so that a file
/// importing both this module and CryptoKit sees no second `SHA256`; users reach the hashes
/// through ``OAuthDigest``.
package protocol HashFunction: Sendable {
    /// The block length in bytes (64 for SHA-1 and SHA-256).
    static var blockLength: Int { get }
    /// The digest length in bytes.
    static var digestLength: Int { get }
    /// Creates a hash with no input yet.
    init()
    /// Adds the bytes at `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// Pads the message and writes the ``digestLength`` bytes of the digest at `digest`; the
    /// hash is then spent.
    mutating func finalize(into digest: UnsafeMutableRawPointer)
}

extension HashFunction {
    /// Adds bytes from any sequence; contiguous ones are read in place.
    package mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// Pads the message and lends the digest, which lives on the stack, to `body`.
    package consuming func finalize<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var hash = self
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &words) { digest in
            precondition(Self.digestLength <= digest.count, "a digest longer than 32 bytes")
            hash.finalize(into: digest.baseAddress!)
            return try body(UnsafeRawBufferPointer(rebasing: digest[..<Self.digestLength]))
        }
    }

    /// Pads the message and returns the digest.
    package consuming func finalize() -> [UInt8] {
        var hash = self
        return [UInt8](unsafeUninitializedCapacity: Self.digestLength) { buffer, count in
            hash.finalize(into: buffer.baseAddress!)
            count = Self.digestLength
        }
    }

    /// The digest of `bytes`.
    package static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hash = Self()
        hash.update(bytes)
        return hash.finalize()
    }
}
