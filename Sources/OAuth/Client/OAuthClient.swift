import Foundation

/// An OAuth 2.0 client for one provider and one set of client credentials: runs the grants
/// over a transport, keeps the token in a store, refreshes it single-flight, and sends
/// protected requests with the token placed as the provider wants it.
///
/// ```swift
/// let client = OAuthClient(provider: .github, credentials: ClientCredentials(id: id, secret: secret),
///                          store: FileTokenStore(path: path))
/// let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback", scopes: ["repo"])
/// // … the user approves; the browser comes back to the redirect URI …
/// let token = try await client.exchange(callback: callbackURL, pending: pending)
/// let response = try await client.send(HTTPRequest(url: URL(string: "https://api.github.com/user")!))
/// ```
///
/// N concurrent callers that find the token expired cause exactly one refresh request, and all
/// of them get its result or its error. With a ``SharedTokenStore`` (a ``FileTokenStore``, a
/// ``RedisTokenStore``) that holds across processes and hosts too: the refresh runs under the
/// store's lease after a re-read, and the other holders take the token it writes.
public actor OAuthClient {
    /// How the client behaves.
    public struct Configuration: Sendable {
        /// Overrides the client authentication the provider declares.
        public var clientAuthentication: ClientAuthentication?
        /// Refresh this long before the token expires (default 60 s), but at most a fifth of the
        /// token's lifetime, so a short-lived token is not refreshed on every call.
        public var refreshLeeway: TimeInterval = 60
        /// More origins (`https://host[:port]`) the token may be sent to, beyond the provider's.
        public var additionalResourceOrigins: [String] = []
        /// The most redirects a protected request follows (default 5).
        public var maximumRedirects = 5
        /// The oldest a pending authorization may be when its callback arrives (default 10 min).
        public var maximumPendingAge: TimeInterval = 600
        /// Bounds on token, revocation and introspection exchanges.
        public var tokenEndpointLimits = TransportLimits.tokenEndpoint
        /// Bounds on protected requests.
        public var resourceLimits = TransportLimits.resource
        /// Called after every change of the token: a new one, or `nil` when it was cleared.
        public var onTokenChange: (@Sendable (Token?) async -> Void)?
        /// Called with the fixes that changed something, each time a step of a flow (building
        /// a request, reading a response) ran any: for logs, or to see a provider's quirks at work.
        public var onFixesApplied: (@Sendable ([FixTrace.Entry]) -> Void)?
        /// How refreshes go through a ``SharedTokenStore``: the lease's time to live, how long
        /// to wait for another holder's refresh, how often to look.
        public var sharedRefresh = SharedRefreshPolicy()

        /// The defaults.
        public init() {}
    }

    /// The engine that builds the requests and reads the responses.
    public nonisolated let engine: FlowEngine
    /// The client's id and secret.
    public nonisolated let credentials: ClientCredentials
    /// How the client behaves.
    public nonisolated let configuration: Configuration
    let transport: any HTTPTransport
    let store: any TokenStore
    let clock: any WallClock

    var token: Token?
    var tokenLoaded = false
    /// The version of ``token`` in a shared store, when known.
    var tokenVersion: TokenVersion?
    /// A refreshed token a shared store could not take yet (it was unreachable): written
    /// before anything else once the store answers again.
    var unsavedToken: (token: Token, expecting: TokenVersion)?
    /// Who this client is when it holds a shared store's refresh lease.
    nonisolated let leaseOwner = Base64URL.encode(SecureRandom.bytes(16))
    var refreshTask: Task<Token, any Error>?
    var usedStates: [String] = []

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - provider: the provider, with the fixes this client enables.
    ///   - endpointValues: values for placeholders in the provider's endpoints.
    public init(
        provider: Provider, credentials: ClientCredentials, transport: any HTTPTransport = URLSessionTransport(),
        store: any TokenStore = InMemoryTokenStore(), clock: any WallClock = SystemClock(),
        configuration: Configuration = Configuration(), endpointValues: [String: String] = [:]
    ) {
        self.engine = FlowEngine(provider: provider, endpointValues: endpointValues)
        self.credentials = credentials
        self.transport = transport
        self.store = store
        self.clock = clock
        self.configuration = configuration
    }

    /// The provider.
    public nonisolated var provider: Provider { engine.provider }

    // MARK: Authorization code

    /// Builds the authorization URL with a fresh `state` and, unless the provider refuses it,
    /// a PKCE S256 challenge; keep the returned pending authorization for the callback.
    ///
    /// - Throws: ``InsecureEndpointError`` for an http redirect URI or endpoint off loopback.
    public nonisolated func startAuthorization(
        redirectURI: String, scopes: [String]? = nil, usePKCE: Bool = true, additionalParameters: FormParameters = []
    ) throws -> (url: URL, pending: PendingAuthorization) {
        guard let redirect = URL(string: redirectURI) else {
            throw InsecureEndpointError(role: "redirect URI", url: redirectURI, reason: "it is not a URL")
        }
        if let scheme = redirect.scheme?.lowercased(), scheme == "http" || scheme == "https" {
            try EndpointSecurity.check(redirect, role: "redirect URI")
        }
        // An issuer whose placeholders have no values is unknown, and then not checked, unless
        // the provider promises `iss` in every callback (RFC 9207): then the values are needed.
        var issuer = provider.issuer
        if let template = issuer {
            do {
                issuer = try Endpoint(template).filled(engine.endpointValues)
            } catch EndpointError.missingValue where !provider.issuerInAuthorizationResponse {
                issuer = nil
            } catch {
                throw FlowError.endpoint(error)
            }
        }
        let pkce = usePKCE ? provider.pkce.method.map { PKCE(method: $0) } : nil
        let state = PendingAuthorization.randomState()
        let request = try traced { trace in
            try engine.authorizationRequest(
                clientID: credentials.id, redirectURI: redirectURI, scopes: scopes, state: state, pkce: pkce,
                additionalParameters: additionalParameters, trace: trace
            )
        }
        try EndpointSecurity.check(request.url, role: "authorization endpoint")
        let pending = PendingAuthorization(
            state: state, codeVerifier: pkce?.verifier, redirectURI: redirectURI, issuer: issuer,
            requiresIssuer: provider.issuerInAuthorizationResponse, createdAt: clock.now
        )
        return (request.url, pending)
    }

    /// Reads the callback, checks it against the pending authorization (once only), and
    /// exchanges the code for a token.
    ///
    /// - Throws: ``AuthorizationCallbackError`` for a bad callback, then as
    ///   ``exchange(code:redirectURI:codeVerifier:)``.
    public func exchange(callback: URL, pending: PendingAuthorization) async throws -> Token {
        try await exchange(callback: callback.absoluteString, pending: pending)
    }

    /// Reads the callback from its text exactly as it arrived (see
    /// ``AuthorizationCallback/code(from:for:)-(String,_)``), then as ``exchange(callback:pending:)-(URL,_)``.
    public func exchange(callback: String, pending: PendingAuthorization) async throws -> Token {
        let age = clock.now.timeIntervalSince(pending.createdAt)
        guard age <= configuration.maximumPendingAge else { throw AuthorizationCallbackError.expired(ageSeconds: Int(age)) }
        guard !usedStates.contains(pending.state) else { throw AuthorizationCallbackError.stateAlreadyUsed }
        let response = try traced { try engine.authorizationResponse(from: callback, pending: pending, client: credentials, trace: $0) }
        usedStates.append(pending.state)
        if usedStates.count > 10_000 { usedStates.removeFirst(usedStates.count - 10_000) }
        let grant = TokenGrant.authorizationCode(response.code, redirectURI: pending.redirectURI, codeVerifier: pending.codeVerifier, state: pending.state)
        var token = try await requestToken(grant, previous: nil)
        for member in response.kept where token.extras[member.key] == nil { token.extras[member.key] = member.value }
        try await adopt(token)
        return token
    }

    /// Exchanges an authorization code for a token and stores it.
    ///
    /// - Throws: ``TokenResponseError``, ``TransportError``, ``OAuthClientError``.
    ///
    /// - Parameter state: the authorization's `state`, for a provider whose fixes repeat it.
    public func exchange(code: String, redirectURI: String?, codeVerifier: String?, state: String? = nil) async throws -> Token {
        try await obtain(.authorizationCode(code, redirectURI: redirectURI, codeVerifier: codeVerifier, state: state))
    }

    // MARK: Other grants

    /// A token for the client itself (RFC 6749 §4.4), stored.
    public func clientCredentials(scopes: [String] = []) async throws -> Token {
        try await obtain(.clientCredentials(scopes: scopes))
    }

    /// A token for the resource owner's password (RFC 6749 §4.3), stored. Legacy: RFC 9700
    /// §2.4 says not to use this grant; it is here for servers that offer nothing else.
    public func password(username: String, password: String, scopes: [String] = []) async throws -> Token {
        try await obtain(.password(username: username, password: password, scopes: scopes))
    }

    /// Runs any grant against the token endpoint and stores the token.
    public func obtain(_ grant: TokenGrant) async throws -> Token {
        let token = try await requestToken(grant, previous: nil)
        try await adopt(token)
        return token
    }

    // MARK: The token

    /// The stored token, as it is, or `nil`.
    public func currentToken() async throws -> Token? {
        try await loadToken()
    }

    /// Makes `token` the client's token: stored first, then used, then announced.
    public func adopt(_ token: Token) async throws {
        try await store.save(token)
        unsavedToken = nil
        await use(token, version: nil)
    }

    /// Forgets the token, here and in the store.
    public func signOut() async throws {
        try await store.clear()
        unsavedToken = nil
        await use(nil, version: nil)
    }

    /// Makes `token` the one this client uses, as stored at `version` (`nil`: not known), and
    /// announces a change.
    func use(_ token: Token?, version: TokenVersion?) async {
        let changed = !tokenLoaded || token != self.token
        self.token = token
        tokenVersion = version
        tokenLoaded = true
        if changed { await configuration.onTokenChange?(token) }
    }

    func loadToken() async throws -> Token? {
        if !tokenLoaded {
            // Another call may load the token, or take a newer one, while this one waits for
            // the store: what this read found is then older, and is not kept.
            if let shared = store as? any SharedTokenStore {
                let stored = try await shared.loadVersioned()
                if !tokenLoaded {
                    token = stored.token
                    tokenVersion = stored.version
                }
            } else {
                let stored = try await store.load()
                if !tokenLoaded { token = stored }
            }
            tokenLoaded = true
        }
        return token
    }

    /// Sends a grant to the token endpoint and parses the answer with the provider's fixes.
    func requestToken(_ grant: TokenGrant, previous: Token?) async throws -> Token {
        guard !credentials.id.isEmpty else { throw OAuthClientError.missingClientID }
        let request = try traced { try engine.tokenRequest(grant, client: credentials, authentication: configuration.clientAuthentication, trace: $0) }
        let response = try await sendToEndpoint(request, role: "token endpoint")
        let issuedAt = clock.now
        return try traced { try engine.token(from: response, for: grant, previous: previous, issuedAt: issuedAt, trace: $0) }
    }

    /// Runs one step with a trace when someone listens for the fixes applied.
    nonisolated func traced<T>(_ body: (FixTrace?) throws -> T) throws -> T {
        try FixTrace.observing(configuration.onFixesApplied, body)
    }

    /// Sends a request to a credentials endpoint: https (or loopback http) only, redirects refused.
    func sendToEndpoint(_ request: HTTPRequest, role: String) async throws -> HTTPResponse {
        try await EndpointSecurity.send(request, role: role, over: transport, limits: configuration.tokenEndpointLimits)
    }
}
