/// A client's identifier and, for a confidential client, its secret.
public struct ClientCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The `client_id`.
    public var id: String
    /// The `client_secret`, or `nil` for a public client.
    public var secret: String?

    /// Creates credentials.
    public init(id: String, secret: String? = nil) {
        self.id = id
        self.secret = secret
    }

    /// The identifier; the secret is redacted.
    public var description: String {
        "ClientCredentials(id: \(id)" + (secret.map { ", secret: \(Redaction.secret($0))" } ?? "") + ")"
    }
}

/// What a fix at the access-token or refresh request hook point knows besides the request.
public struct TokenRequestContext: Sendable, Hashable {
    /// The `grant_type` being requested.
    public var grantType: String
    /// The client making the request.
    public var client: ClientCredentials

    /// Creates a context.
    public init(grantType: String, client: ClientCredentials) {
        self.grantType = grantType
        self.client = client
    }
}

/// What a fix at the protected-request hook point knows besides the request.
public struct ProtectedRequestContext: Sendable, Hashable {
    /// The token attached to the request.
    public var token: Token
    /// The client's identifier, when known (Twitch wants it in a header).
    public var clientID: String?

    /// Creates a context.
    public init(token: Token, clientID: String? = nil) {
        self.token = token
        self.clientID = clientID
    }
}
