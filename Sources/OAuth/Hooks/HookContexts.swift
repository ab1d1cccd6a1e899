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

/// What a fix at a request hook point (and at the authorization request) knows besides the
/// request: which endpoint the request goes to, the client, the client's values for the
/// provider's placeholders, and for token requests the grant, for protected requests the token.
///
/// ```swift
/// .requests(at: [.protectedRequest]) { request, context in
///     guard let token = context.token else { return }
///     request.headers["X-Proof"] = Base64URL.encode(OAuthDigest.sha256(token.accessToken.utf8))
/// }
/// ```
public struct RequestContext: Sendable, Hashable {
    /// The hook point running, which names the endpoint: ``HookPoint/revocationRequest``,
    /// ``HookPoint/protectedRequest``, ….
    public var hookPoint: HookPoint
    /// The client making the request. For a protected request, the secret is there when the
    /// client has one (request-signing fixes need it).
    public var client: ClientCredentials
    /// The `grant_type` being requested, for token and refresh requests; `nil` elsewhere.
    public var grantType: String?
    /// The token attached to a protected request; `nil` elsewhere.
    public var token: Token?
    /// The authorization's `state`: on the authorization request and the code exchange.
    public var state: String?
    /// The values the client was given for the provider's placeholders (a tenant, a user agent).
    public var values: [String: String]

    /// Creates a context.
    public init(
        hookPoint: HookPoint, client: ClientCredentials, grantType: String? = nil, token: Token? = nil, state: String? = nil,
        values: [String: String] = [:]
    ) {
        self.hookPoint = hookPoint
        self.client = client
        self.grantType = grantType
        self.token = token
        self.state = state
        self.values = values
    }
}
