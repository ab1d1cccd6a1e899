/// HMAC (RFC 2104) over any ``HashFunction``: HMAC-SHA1 and HMAC-SHA256 for OAuth 1.0a
/// signatures.
///
/// ```swift
/// let mac = HMAC<SHA1>.authenticationCode(for: Array("message".utf8), key: Array("key".utf8))
/// ```
public struct HMAC<Hash: HashFunction>: Sendable {
    private var inner: Hash
    private let outerKey: [UInt8]

    /// Starts a MAC with `key`; a key longer than the block is hashed first.
    public init(key: [UInt8]) {
        var block = key.count > Hash.blockLength ? Hash.hash(key) : key
        block += [UInt8](repeating: 0, count: Hash.blockLength - block.count)
        inner = Hash()
        inner.update(block.map { $0 ^ 0x36 })
        outerKey = block.map { $0 ^ 0x5c }
    }

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        inner.update(bytes)
    }

    /// The authentication code.
    public consuming func finalize() -> [UInt8] {
        var outer = Hash()
        outer.update(outerKey)
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The authentication code of `message` under `key`.
    public static func authenticationCode<Bytes: Sequence>(for message: Bytes, key: [UInt8]) -> [UInt8] where Bytes.Element == UInt8 {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
