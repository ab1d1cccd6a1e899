/// Proof Key for Code Exchange (RFC 7636): a verifier the client keeps and the challenge it
/// sends with the authorization request.
///
/// ```swift
/// let pkce = PKCE()                         // 32 random bytes, S256
/// pkce.challenge                            // send as code_challenge
/// pkce.verifier                             // send as code_verifier with the code
/// ```
public struct PKCE: Sendable, Hashable, CustomStringConvertible {
    /// How the challenge is derived from the verifier.
    public struct Method: Sendable, Hashable, CustomStringConvertible {
        /// The `code_challenge_method` value.
        public let name: String

        /// `S256`: the challenge is BASE64URL(SHA256(verifier)). The default.
        public static let s256 = Method(name: "S256")
        /// `plain`: the challenge is the verifier. Only for servers that cannot do S256.
        public static let plain = Method(name: "plain")

        public var description: String { name }
    }

    /// The `code_verifier`: 43 to 128 characters from `[A-Za-z0-9-._~]`.
    public let verifier: String
    /// The challenge method.
    public let method: Method

    /// Creates a fresh verifier from 32 CSPRNG bytes (43 characters), as RFC 7636 §4.1 advises.
    public init(method: Method = .s256) {
        self.verifier = Base64URL.encode(SecureRandom.bytes(32))
        self.method = method
    }

    /// Uses a verifier the caller already has.
    ///
    /// - Throws: ``PKCEError`` when the verifier's length or characters break RFC 7636 §4.1.
    public init(verifier: String, method: Method = .s256) throws(PKCEError) {
        guard (43...128).contains(verifier.utf8.count) else { throw .verifierLength(verifier.utf8.count) }
        guard verifier.utf8.allSatisfy(\.isUnreserved) else { throw .verifierCharacters }
        self.verifier = verifier
        self.method = method
    }

    /// The `code_challenge` for ``verifier`` under ``method``.
    public var challenge: String {
        guard method != .plain else { return verifier }
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digest) { digest in
            var verifier = verifier
            verifier.withUTF8 { SHA256.hash(UnsafeRawBufferPointer($0), into: digest.baseAddress!) }
            return Base64.string(UnsafeRawBufferPointer(digest), alphabet: .url)
        }
    }

    /// The method and challenge; the verifier is a secret and is not shown.
    public var description: String { "PKCE(\(method), challenge: \(challenge))" }
}

/// Why a PKCE verifier was refused.
public enum PKCEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The verifier is not 43 to 128 characters long.
    case verifierLength(Int)
    /// The verifier holds a character outside `[A-Za-z0-9-._~]`.
    case verifierCharacters

    public var description: String {
        switch self {
        case .verifierLength(let length):
            "PKCE code_verifier: expected 43 to 128 characters (RFC 7636 §4.1), got \(length)"
        case .verifierCharacters:
            "PKCE code_verifier: expected only A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1), got another character"
        }
    }
}
