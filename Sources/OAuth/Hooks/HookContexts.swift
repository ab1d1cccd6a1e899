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
    public var hookPoint: HookPoint {
        get { storage.hookPoint }
        set { storage = Storage(newValue, client, grantType, token, state, values) }
    }
    /// The client making the request. For a protected request, the secret is there when the
    /// client has one (request-signing fixes need it).
    public var client: ClientCredentials {
        get { storage.client }
        set { storage = Storage(hookPoint, newValue, grantType, token, state, values) }
    }
    /// The `grant_type` being requested, for token and refresh requests; `nil` elsewhere.
    public var grantType: String? {
        get { storage.grantType }
        set { storage = Storage(hookPoint, client, newValue, token, state, values) }
    }
    /// The token attached to a protected request; `nil` elsewhere.
    public var token: Token? {
        get { storage.token }
        set { storage = Storage(hookPoint, client, grantType, newValue, state, values) }
    }
    /// The authorization's `state`: on the authorization request and the code exchange.
    public var state: String? {
        get { storage.state }
        set { storage = Storage(hookPoint, client, grantType, token, newValue, values) }
    }
    /// The values the client was given for the provider's placeholders (a tenant, a user agent).
    public var values: [String: String] {
        get { storage.values }
        set { storage = Storage(hookPoint, client, grantType, token, state, newValue) }
    }

    /// The fields, in one box that is never changed, only replaced: every fix of a pipeline
    /// gets the context, and a box is one reference to pass and copy where the fields (a
    /// whole token among them) are many.
    private final class Storage: Sendable {
        let hookPoint: HookPoint
        let client: ClientCredentials
        let grantType: String?
        let token: Token?
        let state: String?
        let values: [String: String]

        init(_ hookPoint: HookPoint, _ client: ClientCredentials, _ grantType: String?, _ token: Token?, _ state: String?, _ values: [String: String]) {
            self.hookPoint = hookPoint
            self.client = client
            self.grantType = grantType
            self.token = token
            self.state = state
            self.values = values
        }
    }

    private var storage: Storage

    /// Creates a context.
    public init(
        hookPoint: HookPoint, client: ClientCredentials, grantType: String? = nil, token: Token? = nil, state: String? = nil,
        values: [String: String] = [:]
    ) {
        storage = Storage(hookPoint, client, grantType, token, state, values)
    }

    public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.hookPoint == rhs.hookPoint && lhs.client == rhs.client && lhs.grantType == rhs.grantType && lhs.token == rhs.token
                && lhs.state == rhs.state && lhs.values == rhs.values)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hookPoint)
        hasher.combine(client)
        hasher.combine(grantType)
        hasher.combine(token)
        hasher.combine(state)
        hasher.combine(values)
    }
}
