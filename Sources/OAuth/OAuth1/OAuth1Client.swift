import Foundation

/// An OAuth 1.0a client for one provider and one set of client credentials (RFC 5849): gets
/// temporary credentials, builds the authorization URL, checks the callback, exchanges it for
/// token credentials, and signs requests for protected resources, all through the provider's
/// fixes and over a transport.
///
/// ```swift
/// let twitter = try ProviderRegistry.builtIn.provider(named: "twitter")
/// let client = OAuth1Client(provider: twitter, credentials: ClientCredentials(id: consumerKey, secret: consumerSecret))
/// let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
/// // … the user approves; the browser comes back to the callback …
/// let token = try await client.finishAuthorization(callback: callbackURL, pending: pending)
/// let response = try await client.send(HTTPRequest(url: URL(string: "https://api.twitter.com/1.1/account/verify_credentials.json")!))
/// ```
public actor OAuth1Client {
    /// How the client signs and what it accepts.
    public struct Configuration: Sendable {
        /// The signature method; HMAC-SHA1 by default.
        public var method: OAuth1SignatureMethod = .hmacSHA1
        /// Where the `oauth_` parameters go; the `Authorization` header by default.
        public var placement: OAuth1SignaturePlacement = .header
        /// The `realm` sent in the `Authorization` header, if any.
        public var realm: String?
        /// More origins (`https://host[:port]`) signed requests may go to, beyond the provider's.
        public var additionalResourceOrigins: [String] = []
        /// The most redirects a protected request follows (default 5); each hop is signed anew.
        public var maximumRedirects = 5
        /// The oldest a pending authorization may be when its callback arrives (default 10 min).
        public var maximumPendingAge: TimeInterval = 600
        /// Bounds on the credentials exchanges.
        public var tokenEndpointLimits = TransportLimits.tokenEndpoint
        /// Bounds on protected requests.
        public var resourceLimits = TransportLimits.resource
        /// Called with the fixes that changed something, step by step.
        public var onFixesApplied: (@Sendable ([FixTrace.Entry]) -> Void)?

        /// The defaults.
        public init() {}
    }

    /// The engine that builds the requests and reads the responses.
    public nonisolated let engine: OAuth1Engine
    /// The client (consumer) key and secret.
    public nonisolated let credentials: ClientCredentials
    /// How the client signs.
    public nonisolated let configuration: Configuration
    let transport: any HTTPTransport
    let clock: any WallClock
    /// The token credentials, once the flow has them or ``adopt(_:)`` gave them.
    public private(set) var token: OAuth1Token?
    var usedTemporaryTokens: Set<String> = []

    /// Creates a client.
    public init(
        provider: Provider, credentials: ClientCredentials, transport: any HTTPTransport = URLSessionTransport(), clock: any WallClock = SystemClock(),
        configuration: Configuration = Configuration(), endpointValues: [String: String] = [:]
    ) {
        self.engine = OAuth1Engine(provider: provider, endpointValues: endpointValues)
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.configuration = configuration
    }

    /// The provider.
    public nonisolated var provider: Provider { engine.provider }

    /// The signer for this client, without a token.
    public nonisolated var signer: OAuth1Signer {
        OAuth1Signer(client: credentials, method: configuration.method, placement: configuration.placement, realm: configuration.realm, clock: clock)
    }

    // MARK: The flow

    /// Gets temporary credentials for `callback` (`oob` when the user will type the verifier)
    /// and builds the authorization URL; keep the pending authorization for the callback.
    ///
    /// - Parameters:
    ///   - requestTokenParameters: more parameters for the request-token call, such as Twitter's
    ///     `x_auth_access_type=write`; a provider fix leaves those you give alone.
    ///   - additionalParameters: more parameters for the authorization URL, such as Trello's `name`.
    /// - Throws: ``InsecureEndpointError`` for an http callback or endpoint off loopback,
    ///   ``OAuth1ResponseError`` when the server gives no temporary credentials.
    public func startAuthorization(
        callback: String = "oob", requestTokenParameters: FormParameters = [], additionalParameters: FormParameters = []
    ) async throws -> (url: URL, pending: OAuth1PendingAuthorization) {
        if callback != "oob" {
            guard let url = URL(string: callback), url.scheme != nil else {
                throw InsecureEndpointError(role: "callback", url: callback, reason: "it is not an absolute URI")
            }
            if let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" { try EndpointSecurity.check(url, role: "callback") }
        }
        let signer = self.signer
        let request = try traced {
            try engine.requestTokenRequest(callback: callback, signer: signer, additionalParameters: requestTokenParameters, trace: $0)
        }
        let response = try await sendToEndpoint(request, role: "request token endpoint")
        let temporary = try traced { try engine.temporaryCredentials(from: response, trace: $0) }
        let pending = OAuth1PendingAuthorization(temporaryCredentials: temporary, callback: callback, createdAt: clock.now)
        let authorization = try traced { try engine.authorizationRequest(for: pending, additionalParameters: additionalParameters, trace: $0) }
        try EndpointSecurity.check(authorization.url, role: "authorization endpoint")
        return (authorization.url, pending)
    }

    /// Checks the callback against the pending authorization and exchanges it for token
    /// credentials, which the client keeps.
    ///
    /// - Throws: ``OAuth1CallbackError`` for a callback that does not belong to the pending
    ///   authorization, then as ``finishAuthorization(verifier:pending:)``.
    public func finishAuthorization(callback: String, pending: OAuth1PendingAuthorization) async throws -> OAuth1Token {
        let verifier = try traced { try engine.verifier(fromCallback: callback, pending: pending, trace: $0) }
        return try await finishAuthorization(verifier: verifier, pending: pending)
    }

    /// Exchanges the temporary credentials and the verifier (typed by the user for `oob`) for
    /// token credentials, which the client keeps. Each pending authorization counts once.
    ///
    /// - Throws: ``OAuth1CallbackError/pendingUsed`` and ``OAuth1CallbackError/pendingExpired(ageSeconds:)``,
    ///   ``OAuth1ResponseError`` when the server gives no token credentials.
    public func finishAuthorization(verifier: String?, pending: OAuth1PendingAuthorization) async throws -> OAuth1Token {
        let age = clock.now.timeIntervalSince(pending.createdAt)
        guard age <= configuration.maximumPendingAge else { throw OAuth1CallbackError.pendingExpired(ageSeconds: Int(age)) }
        guard usedTemporaryTokens.insert(pending.temporaryCredentials.token).inserted else { throw OAuth1CallbackError.pendingUsed }
        let signer = self.signer
        let request = try traced { try engine.accessTokenRequest(pending: pending, verifier: verifier, signer: signer, trace: $0) }
        let response = try await sendToEndpoint(request, role: "token endpoint")
        let credentials = try traced { try engine.tokenCredentials(from: response, trace: $0) }
        token = credentials
        return credentials
    }

    /// Uses token credentials obtained earlier (or forgets them with `nil`).
    public func adopt(_ token: OAuth1Token?) {
        self.token = token
    }

    // MARK: Protected resources

    /// The origins signed requests may go to: the provider's and the configured ones.
    public nonisolated var allowedOrigins: Set<String> {
        ResourceRedirects.origins(provider.endpoints.resourceOrigins + configuration.additionalResourceOrigins, values: engine.endpointValues, token: nil)
    }

    /// Sends a request signed with the token credentials, after the protected-request fixes.
    /// A redirect is followed and signed anew when it stays among the allowed origins, sent
    /// unsigned when it leaves them, and refused from https to http.
    ///
    /// - Throws: ``OAuthClientError/noToken`` before the flow finished,
    ///   ``OAuthClientError/originNotAllowed(_:)`` for a URL off the provider's origins.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let token else { throw OAuthClientError.noToken }
        guard let origin = EndpointSecurity.origin(of: request.url), allowedOrigins.contains(origin) else {
            throw OAuthClientError.originNotAllowed(EndpointSecurity.origin(of: request.url) ?? request.url.absoluteString)
        }
        try EndpointSecurity.check(request.url, role: "resource")
        let signer = self.signer
        let redirects = ResourceRedirects(allowedOrigins: allowedOrigins, maximum: configuration.maximumRedirects)
        return try await redirects.send(request, over: transport, limits: configuration.resourceLimits) { hop in
            try traced { try engine.protectedRequest(hop, token: token, signer: signer, trace: $0) }
        }
    }

    // MARK: Plumbing

    /// Runs one step with a trace when someone listens for the fixes applied.
    nonisolated func traced<T>(_ body: (FixTrace?) throws -> T) throws -> T {
        try FixTrace.observing(configuration.onFixesApplied, body)
    }

    /// Sends a request to a credentials endpoint: https (or loopback http) only, redirects refused.
    func sendToEndpoint(_ request: HTTPRequest, role: String) async throws -> HTTPResponse {
        try await EndpointSecurity.send(request, role: role, over: transport, limits: configuration.tokenEndpointLimits)
    }
}
