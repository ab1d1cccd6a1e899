import Foundation

/// How an OAuth 1.0a request is signed (RFC 5849 §3.4): HMAC-SHA1 (the default), HMAC-SHA256,
/// PLAINTEXT (over TLS only), or RSA-SHA1 with a private key held by an ``OAuth1RSASigner``.
public struct OAuth1SignatureMethod: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case hmacSHA1, hmacSHA256, plaintext
        case rsaSHA1(any OAuth1RSASigner)
    }

    let kind: Kind

    /// HMAC-SHA1 over the base string, keyed with the encoded client and token secrets (§3.4.2).
    public static let hmacSHA1 = OAuth1SignatureMethod(kind: .hmacSHA1)
    /// HMAC-SHA256, the same with SHA-256 (not in RFC 5849; widely supported).
    public static let hmacSHA256 = OAuth1SignatureMethod(kind: .hmacSHA256)
    /// The key itself, `client_secret&token_secret` (§3.4.4); refused unless the request goes
    /// over https (or to a loopback host).
    public static let plaintext = OAuth1SignatureMethod(kind: .plaintext)

    /// RSA-SHA1 (§3.4.3): the signer makes the RSASSA-PKCS1-v1_5 signature with SHA-1 of the
    /// base string with the client's private key.
    public static func rsaSHA1(_ signer: any OAuth1RSASigner) -> OAuth1SignatureMethod {
        OAuth1SignatureMethod(kind: .rsaSHA1(signer))
    }

    /// The method named `HMAC-SHA1`, `HMAC-SHA256` or `PLAINTEXT`, in any case, as a command
    /// line takes it (RSA-SHA1 needs a signer).
    public init?(name: String) {
        switch name.uppercased() {
        case "HMAC-SHA1": self = .hmacSHA1
        case "HMAC-SHA256": self = .hmacSHA256
        case "PLAINTEXT": self = .plaintext
        default: return nil
        }
    }

    private init(kind: Kind) {
        self.kind = kind
    }

    /// The `oauth_signature_method` value.
    public var name: String {
        switch kind {
        case .hmacSHA1: "HMAC-SHA1"
        case .hmacSHA256: "HMAC-SHA256"
        case .plaintext: "PLAINTEXT"
        case .rsaSHA1: "RSA-SHA1"
        }
    }

    /// The `oauth_signature_method` value.
    public var description: String { name }

    /// The `oauth_signature` for a base string, before it is encoded for its place.
    ///
    /// - Throws: ``OAuth1SigningError/signerFailed(_:)`` when the RSA signer fails.
    public func signature(baseString: String, clientSecret: String?, tokenSecret: String?) throws(OAuth1SigningError) -> String {
        var baseString = baseString
        let key = OAuth1SigningKey(method: self, clientSecret: clientSecret, tokenSecret: tokenSecret)
        return try baseString.withUTF8 { base in
            key.withSignature(of: UnsafeRawBufferPointer(base)) { .success(String(decoding: $0, as: UTF8.self)) }
        }.get()
    }
}

/// A signature method's key for one client secret and token secret (§3.4.2, §3.4.4), prepared
/// once: for HMAC, the hash states after the key's inner and outer blocks, so that each
/// signature costs only the base string's blocks and one more.
struct OAuth1SigningKey: Sendable {
    private enum Material: Sendable {
        case hmacSHA1(HMAC<SHA1>)
        case hmacSHA256(HMAC<SHA256>)
        case plaintext(String)
        case rsaSHA1(any OAuth1RSASigner)
    }

    private let material: Material

    /// Prepares the key `client_secret&token_secret`, each encoded.
    init(method: OAuth1SignatureMethod, clientSecret: String?, tokenSecret: String?) {
        switch method.kind {
        case .hmacSHA1: material = .hmacSHA1(Self.withKey(clientSecret, tokenSecret) { HMAC(key: $0) })
        case .hmacSHA256: material = .hmacSHA256(Self.withKey(clientSecret, tokenSecret) { HMAC(key: $0) })
        case .plaintext: material = .plaintext(Self.withKey(clientSecret, tokenSecret) { String(decoding: $0, as: UTF8.self) })
        case .rsaSHA1(let signer): material = .rsaSHA1(signer)
        }
    }

    /// Lends the signature of `base`, before it is encoded for its place, to `body`: base64 of
    /// the MAC or the RSA signature, or the PLAINTEXT key (which reads no base string).
    func withSignature<Base: OAuth1BaseString, Result>(
        of base: Base, _ body: (UnsafeBufferPointer<UInt8>) -> Swift.Result<Result, OAuth1SigningError>
    ) -> Swift.Result<Result, OAuth1SigningError> {
        switch material {
        case .hmacSHA1(var mac):
            base.feed(&mac)
            return mac.finalize { Self.withBase64($0, body) }
        case .hmacSHA256(var mac):
            base.feed(&mac)
            return mac.finalize { Self.withBase64($0, body) }
        case .plaintext(var key):
            return key.withUTF8(body)
        case .rsaSHA1(let signer):
            var message = OAuth1ByteCollector()
            base.feed(&message)
            return Swift.Result { try signer.signature(for: message.bytes) }
                .mapError { OAuth1SigningError.signerFailed(String(describing: $0)) }
                .flatMap { signature in signature.withUnsafeBytes { Self.withBase64($0, body) } }
        }
    }

    /// Lends the base64 (RFC 4648 §4) of `bytes`, written on the stack when short.
    private static func withBase64<Result>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let count = Base64.encodedCount(bytes.count, alphabet: .standard)
        return withScratchBuffer(byteCount: count) { buffer in
            let start = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            Base64.write(bytes, to: start, alphabet: .standard)
            return body(UnsafeBufferPointer(start: start, count: count))
        }
    }

    /// Lends the key, `encode(client_secret)&encode(token_secret)`, from a stack buffer that is
    /// cleared afterwards.
    private static func withKey<Result>(_ clientSecret: String?, _ tokenSecret: String?, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var client = clientSecret ?? ""
        var token = tokenSecret ?? ""
        return client.withUTF8 { client in
            token.withUTF8 { token in
                let count = OAuth1Encoding.encodedCount(client) + 1 + OAuth1Encoding.encodedCount(token)
                return withScratchBuffer(byteCount: count) { buffer in
                    var cursor = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    OAuth1Encoding.writeEncoded(client, to: &cursor)
                    cursor.pointee = UInt8(ascii: "&")
                    cursor += 1
                    OAuth1Encoding.writeEncoded(token, to: &cursor)
                    defer { buffer.initializeMemory(as: UInt8.self, repeating: 0) }
                    return body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                }
            }
        }
    }
}

/// Signs with an RSA private key for ``OAuth1SignatureMethod/rsaSHA1(_:)``: return the
/// RSASSA-PKCS1-v1_5 signature of `message` with SHA-1 (RFC 3447 §8.2), as raw bytes.
///
/// The package has no RSA of its own. On Apple platforms, Security does it:
///
/// ```swift
/// struct KeychainRSASigner: OAuth1RSASigner {
///     let key: SecKey                                  // the private key
///     func signature(for message: [UInt8]) throws -> [UInt8] {
///         var error: Unmanaged<CFError>?
///         guard let signature = SecKeyCreateSignature(key, .rsaSignatureMessagePKCS1v15SHA1, Data(message) as CFData, &error) else {
///             throw error!.takeRetainedValue() as Error
///         }
///         return Array(signature as Data)
///     }
/// }
/// ```
///
/// Elsewhere, hash the message with ``OAuthDigest/sha1(_:)`` and sign the 20-byte digest with PKCS #1 v1.5
/// padding using your RSA library (OpenSSL's `RSA_sign` with `NID_sha1`, for one).
public protocol OAuth1RSASigner: Sendable {
    /// The RSASSA-PKCS1-v1_5 SHA-1 signature of `message`.
    func signature(for message: [UInt8]) throws -> [UInt8]
}
