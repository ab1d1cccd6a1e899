/// A cryptographic hash fed in pieces: what ``HMAC`` is built on.
public protocol HashFunction: Sendable {
    /// The block length in bytes (64 for SHA-1 and SHA-256).
    static var blockLength: Int { get }
    /// The digest length in bytes.
    static var digestLength: Int { get }
    /// Creates a hash with no input yet.
    init()
    /// Adds bytes to the message.
    mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8
    /// Pads the message and returns the digest.
    consuming func finalize() -> [UInt8]
}

extension HashFunction {
    /// The digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hash = Self()
        hash.update(bytes)
        return hash.finalize()
    }
}
