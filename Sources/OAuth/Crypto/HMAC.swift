/// HMAC (RFC 2104) over any ``HashFunction``: HMAC-SHA1 and HMAC-SHA256 for OAuth 1.0a
/// signatures. Outside the package: ``OAuthDigest/hmacSHA1(_:key:)`` and
/// ``OAuthDigest/hmacSHA256(_:key:)``.
///
/// A value holds the hash states after the key's inner and outer blocks, so a key used for many
/// messages is prepared once and copied for each:
///
/// ```swift
/// let key = HMAC<SHA1>(key: Array("key".utf8))
/// var mac = key
/// mac.update(Array("message".utf8))
/// let code: [UInt8] = mac.finalize()
/// ```
package struct HMAC<Hash: HashFunction>: Sendable {
    private var inner: Hash
    private let outer: Hash

    /// Starts a MAC with the key at `key`; a key longer than the block is hashed first.
    package init(key: UnsafeRawBufferPointer) {
        precondition(Hash.blockLength <= 64, "a hash block longer than 64 bytes")
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        (inner, outer) = withUnsafeMutableBytes(of: &block) { block in
            let pad = UnsafeMutableRawBufferPointer(rebasing: block[..<Hash.blockLength])
            if key.count > Hash.blockLength {
                var hash = Hash()
                hash.update(key)
                hash.finalize(into: pad.baseAddress!)
            } else if let start = key.baseAddress {
                pad.baseAddress!.copyMemory(from: start, byteCount: key.count)
            }
            for index in pad.indices { pad[index] ^= 0x36 }
            var inner = Hash()
            inner.update(UnsafeRawBufferPointer(pad))
            for index in pad.indices { pad[index] ^= 0x36 ^ 0x5c }
            var outer = Hash()
            outer.update(UnsafeRawBufferPointer(pad))
            pad.initializeMemory(as: UInt8.self, repeating: 0)
            return (inner, outer)
        }
    }

    /// Starts a MAC with `key`; a key longer than the block is hashed first.
    package init<Key: Sequence>(key: Key) where Key.Element == UInt8 {
        if let keyed = key.withContiguousStorageIfAvailable({ Self(key: UnsafeRawBufferPointer($0)) }) {
            self = keyed
        } else {
            self = Array(key).withUnsafeBytes { Self(key: $0) }
        }
    }

    /// Adds the bytes at `bytes` to the message.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        inner.update(bytes)
    }

    /// Adds bytes to the message.
    package mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        inner.update(bytes)
    }

    /// Writes the authentication code, ``HashFunction/digestLength`` bytes, at `code`.
    package mutating func finalize(into code: UnsafeMutableRawPointer) {
        var outer = self.outer
        inner.finalize { outer.update($0) }
        outer.finalize(into: code)
    }

    /// Lends the authentication code, which lives on the stack, to `body`.
    package consuming func finalize<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var outer = self.outer
        inner.finalize { outer.update($0) }
        return try outer.finalize(body)
    }

    /// The authentication code.
    package consuming func finalize() -> [UInt8] {
        var outer = self.outer
        inner.finalize { outer.update($0) }
        return outer.finalize()
    }

    /// The authentication code of `message` under this key, which stays ready for the next.
    package func authenticationCode<Result>(for message: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var mac = self
        mac.update(message)
        return try mac.finalize(body)
    }

    /// The authentication code of `message` under `key`.
    package static func authenticationCode<Bytes: Sequence>(for message: Bytes, key: [UInt8]) -> [UInt8] where Bytes.Element == UInt8 {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
