import Foundation

/// What an OAuth 1.0a client keeps between sending the user to the provider and the callback:
/// the temporary credentials and the callback URI (RFC 5849 §2.1). Save it (mode 0600) when the
/// callback arrives in another process; it holds a secret.
public struct OAuth1PendingAuthorization: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The temporary credentials (request token and secret).
    public var temporaryCredentials: OAuth1Token
    /// The callback URI, or `oob` when the user copies a verifier by hand.
    public var callback: String
    /// When the temporary credentials were obtained.
    public var createdAt: Date

    /// Creates a pending authorization.
    public init(temporaryCredentials: OAuth1Token, callback: String, createdAt: Date) {
        self.temporaryCredentials = temporaryCredentials
        self.callback = callback
        self.createdAt = createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case temporaryCredentials = "temporary_credentials", callback, createdAt = "created_at"
    }

    /// Reads the JSON a pending file holds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        temporaryCredentials = try container.decode(OAuth1Token.self, forKey: .temporaryCredentials)
        callback = try container.decode(String.self, forKey: .callback)
        createdAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .createdAt))
    }

    /// Writes `temporary_credentials`, `callback` and `created_at` (Unix seconds).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(temporaryCredentials, forKey: .temporaryCredentials)
        try container.encode(callback, forKey: .callback)
        try container.encode(createdAt.timeIntervalSince1970, forKey: .createdAt)
    }

    /// The callback and the redacted temporary token.
    public var description: String { "OAuth1PendingAuthorization(\(temporaryCredentials), callback: \(callback))" }
}
