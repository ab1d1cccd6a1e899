/// SHA-1, SHA-256 (FIPS 180-4) and HMAC over either (RFC 2104), for code outside the package:
/// a PKCE challenge of your own, a request proof such as Facebook's `appsecret_proof`, the
/// SHA-1 digest an RSA-SHA1 signer signs. The names cannot clash with CryptoKit's in a file that
/// imports both.
///
/// ```swift
/// let challenge = Base64URL.encode(OAuthDigest.sha256(verifier.utf8))
/// let proof = OAuthDigest.hmacSHA256(accessToken.utf8, key: appSecret.utf8)
/// ```
public enum OAuthDigest {
    /// The 20-byte SHA-1 digest of `bytes`.
    public static func sha1<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        SHA1.hash(bytes)
    }

    /// The 32-byte SHA-256 digest of `bytes`.
    public static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        SHA256.hash(bytes)
    }

    /// The 20-byte HMAC-SHA1 of `message` under `key`.
    public static func hmacSHA1<Message: Sequence, Key: Sequence>(_ message: Message, key: Key) -> [UInt8]
    where Message.Element == UInt8, Key.Element == UInt8 {
        var mac = HMAC<SHA1>(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256<Message: Sequence, Key: Sequence>(_ message: Message, key: Key) -> [UInt8]
    where Message.Element == UInt8, Key.Element == UInt8 {
        var mac = HMAC<SHA256>(key: key)
        mac.update(message)
        return mac.finalize()
    }
}
