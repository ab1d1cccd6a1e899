import Foundation

/// What a client must remember between sending the user to the authorization endpoint and
/// the callback: the `state`, the PKCE verifier, the redirect URI and the issuer to expect.
///
/// `Codable`, so a command-line tool can keep it in a file (mode 0600) and a server in its
/// session. Its description hides the state and the verifier.
public struct PendingAuthorization: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The `state` sent: 32 CSPRNG bytes, base64url (256 bits).
    public let state: String
    /// The PKCE `code_verifier`, or `nil` when PKCE is off.
    public let codeVerifier: String?
    /// The `redirect_uri` sent; the callback must come back to it.
    public let redirectURI: String
    /// The authorization server's issuer identifier, when the provider declares one.
    public let issuer: String?
    /// Whether the provider promises `iss` in its responses (RFC 9207), so that it is required.
    public let requiresIssuer: Bool
    /// When the request was made.
    public let createdAt: Date

    /// Creates a pending authorization.
    public init(state: String, codeVerifier: String?, redirectURI: String, issuer: String? = nil, requiresIssuer: Bool = false, createdAt: Date) {
        self.state = state
        self.codeVerifier = codeVerifier
        self.redirectURI = redirectURI
        self.issuer = issuer
        self.requiresIssuer = requiresIssuer
        self.createdAt = createdAt
    }

    /// A fresh `state`: 32 bytes from the system CSPRNG, base64url.
    public static func randomState() -> String {
        Base64URL.encode(SecureRandom.bytes(32))
    }

    private enum CodingKeys: String, CodingKey {
        case state, codeVerifier = "code_verifier", redirectURI = "redirect_uri", issuer, requiresIssuer = "requires_iss", createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(String.self, forKey: .state)
        codeVerifier = try container.decodeIfPresent(String.self, forKey: .codeVerifier)
        redirectURI = try container.decode(String.self, forKey: .redirectURI)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer)
        requiresIssuer = try container.decodeIfPresent(Bool.self, forKey: .requiresIssuer) ?? false
        createdAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .createdAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(codeVerifier, forKey: .codeVerifier)
        try container.encode(redirectURI, forKey: .redirectURI)
        try container.encodeIfPresent(issuer, forKey: .issuer)
        try container.encode(requiresIssuer, forKey: .requiresIssuer)
        try container.encode(createdAt.timeIntervalSince1970, forKey: .createdAt)
    }

    public var description: String {
        "PendingAuthorization(redirect_uri: \(redirectURI), state: \(Redaction.secret(state)), pkce: \(codeVerifier == nil ? "off" : "S256"))"
    }
}
