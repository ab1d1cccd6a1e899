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
        let key = OAuth1Encoding.encode(clientSecret ?? "") + "&" + OAuth1Encoding.encode(tokenSecret ?? "")
        switch kind {
        case .hmacSHA1:
            return Data(HMAC<SHA1>.authenticationCode(for: baseString.utf8, key: Array(key.utf8))).base64EncodedString()
        case .hmacSHA256:
            return Data(HMAC<SHA256>.authenticationCode(for: baseString.utf8, key: Array(key.utf8))).base64EncodedString()
        case .plaintext:
            return key
        case .rsaSHA1(let signer):
            do {
                return Data(try signer.signature(for: Array(baseString.utf8))).base64EncodedString()
            } catch {
                throw .signerFailed(String(describing: error))
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
/// Elsewhere, hash the message with ``SHA1`` and sign the 20-byte digest with PKCS #1 v1.5
/// padding using your RSA library (OpenSSL's `RSA_sign` with `NID_sha1`, for one).
public protocol OAuth1RSASigner: Sendable {
    /// The RSASSA-PKCS1-v1_5 SHA-1 signature of `message`.
    func signature(for message: [UInt8]) throws -> [UInt8]
}
