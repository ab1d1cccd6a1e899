import Foundation

/// The thin, strict core: builds each request of an OAuth 2.0 flow the standard way, runs the
/// provider's fixes at each endpoint's hook points, and reads responses with the strict parsers.
///
/// It does no I/O; a transport sends what it builds. One engine per provider and client setup;
/// it is a value and safe to share. Each endpoint has its request builder and response reader:
/// the authorization URL and token requests here, the device authorization endpoint
/// (`FlowEngine+Device`), revocation and introspection (`FlowEngine+Revocation`,
/// `FlowEngine+Introspection`), all through ``authenticatedRequest(to:parameters:client:authentication:context:trace:)``.
///
/// ```swift
/// let engine = FlowEngine(provider: try ProviderRegistry.builtIn.provider(named: "github"))
/// let request = try engine.tokenRequest(.authorizationCode(code, redirectURI: redirect, codeVerifier: pkce.verifier),
///                                       client: ClientCredentials(id: "id", secret: "secret"))
/// let token = try engine.token(from: response, for: .authorizationCode(code, redirectURI: redirect, codeVerifier: nil))
/// ```
public struct FlowEngine: Sendable {
    /// The provider, with the fixes this client enabled.
    public let provider: Provider
    /// The strict token response parser.
    public var parser: TokenResponseParser
    /// Bounds on response bodies.
    public var limits: TokenResponseLimits
    /// Values for placeholders in the provider's endpoints, such as a tenant.
    public var endpointValues: [String: String]

    /// The provider's fixes, compiled.
    public var hooks: HookPipelines { provider.hooks }

    /// Creates an engine for a provider.
    public init(provider: Provider, parser: TokenResponseParser = TokenResponseParser(), limits: TokenResponseLimits = .default, endpointValues: [String: String] = [:]) {
        self.provider = provider
        self.parser = parser
        self.limits = limits
        self.endpointValues = endpointValues
    }

    /// The URL of one of the provider's endpoints, its placeholders filled.
    ///
    /// - Parameter role: names the endpoint in the error when it is missing: `revocation endpoint`.
    /// - Throws: ``FlowError`` when the provider has no such endpoint or a placeholder has no value.
    public func endpointURL(_ endpoint: Endpoint?, role: String) throws(FlowError) -> URL {
        guard let endpoint else { throw .missingEndpoint(role, provider: provider.name) }
        do {
            return try endpoint.url(endpointValues)
        } catch {
            throw .endpoint(error)
        }
    }

    // MARK: Authorization request

    /// Builds the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) and runs the
    /// authorization-request fixes.
    ///
    /// - Parameters:
    ///   - scopes: the scopes to ask for; the provider's default scopes when `nil`.
    ///   - state: the `state` value; make it with ``PendingAuthorization/randomState()``.
    ///   - pkce: the PKCE pair whose challenge to send, or `nil` to send none.
    ///   - additionalParameters: more query parameters, appended last.
    public func authorizationRequest(
        clientID: String, redirectURI: String?, scopes: [String]? = nil, state: String?, pkce: PKCE?,
        additionalParameters: FormParameters = [], trace: FixTrace? = nil
    ) throws -> AuthorizationRequest {
        var parameters: FormParameters = ["response_type": "code", "client_id": clientID]
        if let redirectURI { parameters.append("redirect_uri", redirectURI) }
        appendScopes(scopes ?? provider.defaultScopes, to: &parameters, at: .authorizationRequest, trace: trace)
        if let state { parameters.append("state", state) }
        if let pkce {
            parameters.append("code_challenge", pkce.challenge)
            parameters.append("code_challenge_method", pkce.method.name)
        }
        for parameter in additionalParameters { parameters.append(parameter.name, parameter.value) }
        var request = AuthorizationRequest(endpoint: try endpointURL(provider.endpoints.authorization, role: "authorization endpoint"), parameters: parameters)
        try hooks.run(&request, context: context(.authorizationRequest, client: ClientCredentials(id: clientID), state: state), trace: trace)
        return request
    }

    /// Reads the callback strictly (see ``AuthorizationCallback``), then runs the
    /// authorization-response fixes: a fix may refuse the callback or keep values from it.
    ///
    /// - Throws: ``AuthorizationCallbackError``, or ``FixError`` when a fix refuses it.
    public func authorizationResponse(
        from callback: String, pending: PendingAuthorization, client: ClientCredentials, trace: FixTrace? = nil
    ) throws -> AuthorizationResponse {
        var response = try AuthorizationCallback.response(from: callback, for: pending)
        try hooks.run(&response, context: context(.authorizationResponse, client: client, state: pending.state), trace: trace)
        return response
    }

    // MARK: Token endpoint

    /// Builds a token request for a grant (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6), authenticates
    /// the client as the provider declares (or as `authentication` overrides), and runs the
    /// access-token or refresh request fixes. A refresh goes to the provider's refresh endpoint
    /// when it has one.
    public func tokenRequest(
        _ grant: TokenGrant, client: ClientCredentials, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        let hookPoint = grant.requestHookPoint
        let endpoint = grant.isRefresh ? (provider.endpoints.refresh ?? provider.endpoints.token) : provider.endpoints.token
        var body: FormParameters = ["grant_type": grant.type]
        for parameter in grant.parameters { body.append(parameter.name, parameter.value) }
        appendScopes(grant.scopes, to: &body, at: hookPoint, trace: trace)
        return try authenticatedRequest(
            to: try endpointURL(endpoint, role: "token endpoint"), parameters: body, client: client, authentication: authentication,
            context: context(hookPoint, client: client, grantType: grant.type, state: grant.state), trace: trace
        )
    }

    /// Runs a token endpoint response through the response fixes for `grant` and parses it
    /// strictly. For a refresh, `previous` supplies the refresh token when the response brings
    /// none.
    ///
    /// - Parameter issuedAt: when the response arrived, from the client's clock: the token's
    ///   expiry counts from it, and fixes that turn an absolute expiry into a lifetime use it.
    /// - Throws: ``TokenResponseError`` when the response holds no token, ``FixError`` when a
    ///   fix fails.
    public func token(
        from response: HTTPResponse, for grant: TokenGrant, previous: Token? = nil, issuedAt: Date = Date(), trace: FixTrace? = nil
    ) throws -> Token {
        try token(from: response, at: grant.responseHookPoint, previous: previous, issuedAt: issuedAt, trace: trace)
    }

    /// Runs a token endpoint response through the fixes at `hookPoint`
    /// (``HookPoint/accessTokenResponse`` or ``HookPoint/refreshResponse``) and parses it.
    public func token(
        from response: HTTPResponse, at hookPoint: HookPoint, previous: Token? = nil, issuedAt: Date = Date(), trace: FixTrace? = nil
    ) throws -> Token {
        let draft = try fixedResponse(response, at: hookPoint, receivedAt: issuedAt, trace: trace)
        // Handed over, not copied: the parser reads the one draft the fixes made.
        let token = try parser.parse(consume draft, issuedAt: issuedAt)
        if hookPoint == .refreshResponse, let previous { return previous.refreshed(by: token) }
        return token
    }

    // MARK: Protected requests

    /// Attaches the token to a request for a protected resource where the provider wants it,
    /// then runs the protected-request fixes.
    ///
    /// - Parameter client: the client, for fixes that name it (Twitch's `Client-Id`) or sign
    ///   with its secret.
    public func protectedRequest(_ request: HTTPRequest, token: Token, client: ClientCredentials? = nil, trace: FixTrace? = nil) throws -> HTTPRequest {
        var request = request
        let placement = hooks.tokenPlacement
        try placement.place(token.accessToken, on: &request)
        if !placement.placesLikeTheDefault(token.accessToken) { hooks.recordSetting(TokenPlacementSetting.self, at: .protectedRequest, in: trace) }
        if hooks.hasRequestStages(at: .protectedRequest) {
            try hooks.run(&request, context: context(.protectedRequest, client: client ?? ClientCredentials(id: ""), token: token), trace: trace)
        }
        return request
    }

    // MARK: Shared steps

    /// A form POST to one of the authorization server's endpoints with the client authenticated
    /// as the provider declares (or as `authentication` overrides), through the fixes of the
    /// request hook point the context names.
    public func authenticatedRequest(
        to url: URL, parameters: FormParameters, client: ClientCredentials, authentication: ClientAuthentication? = nil,
        context: RequestContext, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        let method = authentication ?? hooks.clientAuthentication
        if authentication == nil { hooks.recordSetting(ClientAuthenticationSetting.self, at: context.hookPoint, in: trace) }
        var parts = ClientAuthenticationRequest(endpoint: url, parameters: parameters)
        try method.method.authenticate(&parts, client: client)
        var request = HTTPRequest(method: "POST", url: url, headers: parts.headers)
        request.setFormParameters(parts.parameters)
        try hooks.run(&request, context: context, trace: trace)
        return request
    }

    /// A response from one of the server's endpoints after the fixes of `hookPoint`, ready for
    /// a strict reader.
    func fixedResponse(_ response: HTTPResponse, at hookPoint: HookPoint, receivedAt: Date, trace: FixTrace?) throws -> TokenEndpointResponse {
        var draft = TokenEndpointResponse(response, limits: limits, receivedAt: receivedAt)
        try hooks.run(&draft, at: hookPoint, trace: trace)
        return draft
    }

    /// The context fixes see at a hook point, with the client's endpoint values.
    func context(
        _ hookPoint: HookPoint, client: ClientCredentials, grantType: String? = nil, token: Token? = nil, state: String? = nil
    ) -> RequestContext {
        RequestContext(hookPoint: hookPoint, client: client, grantType: grantType, token: token, state: state, values: endpointValues)
    }

    /// Appends `scope`, joined with the provider's separator, when there are scopes.
    func appendScopes(_ scopes: [String], to parameters: inout FormParameters, at hookPoint: HookPoint, trace: FixTrace?) {
        guard !scopes.isEmpty else { return }
        parameters.append("scope", scopes.joined(separator: hooks.scopeSeparator))
        hooks.recordSetting(ScopeSeparatorSetting.self, at: hookPoint, in: trace)
    }
}
