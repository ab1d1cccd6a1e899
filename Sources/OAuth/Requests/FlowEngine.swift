import Foundation

/// The thin, strict core: builds each request of an OAuth 2.0 flow the standard way, runs the
/// provider's fixes at every hook point, and parses token responses with the strict parser.
///
/// It does no I/O; a transport sends what it builds. One engine per provider and client setup;
/// it is a value and safe to share.
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
    /// The provider's fixes, compiled.
    public let hooks: HookPipelines
    /// The strict token response parser.
    public var parser: TokenResponseParser
    /// Bounds on token response bodies.
    public var limits: TokenResponseLimits
    /// Values for placeholders in the provider's endpoints, such as a shop name.
    public var endpointValues: [String: String]

    /// The URL of one of the provider's endpoints, its placeholders filled.
    ///
    /// - Parameter kind: names the endpoint in the error when it is missing, as in
    ///   `--<kind>-url`.
    public func endpointURL(_ endpoint: Endpoint?, kind: String) throws(FlowError) -> URL {
        try url(endpoint, kind: kind)
    }

    /// Creates an engine for a provider.
    public init(provider: Provider, parser: TokenResponseParser = TokenResponseParser(), limits: TokenResponseLimits = .default, endpointValues: [String: String] = [:]) {
        self.provider = provider
        self.hooks = provider.hooks
        self.parser = parser
        self.limits = limits
        self.endpointValues = endpointValues
    }

    // MARK: Authorization request

    /// Builds the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) and runs the
    /// authorization-request fixes.
    ///
    /// - Parameters:
    ///   - scopes: the scopes to ask for; the provider's default scopes when `nil`.
    ///   - state: the `state` value; make it with ``AuthorizationState``.
    ///   - pkce: the PKCE pair whose challenge to send, or `nil` to send none.
    ///   - additionalParameters: more query parameters, appended last.
    public func authorizationRequest(
        clientID: String, redirectURI: String?, scopes: [String]? = nil, state: String?, pkce: PKCE?,
        additionalParameters: FormParameters = [], trace: FixTrace? = nil
    ) throws -> AuthorizationRequest {
        var parameters: FormParameters = ["response_type": "code", "client_id": clientID]
        if let redirectURI { parameters.append("redirect_uri", redirectURI) }
        let scopes = scopes ?? provider.defaultScopes
        if !scopes.isEmpty {
            parameters.append("scope", scopes.joined(separator: hooks.scopeSeparator))
            hooks.recordSetting(.scopeSeparator, at: .authorizationRequest, in: trace)
        }
        if let state { parameters.append("state", state) }
        if let pkce {
            parameters.append("code_challenge", pkce.challenge)
            parameters.append("code_challenge_method", pkce.method.name)
        }
        for parameter in additionalParameters { parameters.append(parameter.name, parameter.value) }
        var request = AuthorizationRequest(endpoint: try url(provider.endpoints.authorization, kind: "authorize"), parameters: parameters)
        try hooks.run(&request, trace: trace)
        return request
    }

    // MARK: Token requests

    /// Builds a token request for a grant (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6), authenticates
    /// the client as the provider declares (or as `authentication` overrides), and runs the
    /// access-token or refresh request fixes.
    public func tokenRequest(
        _ grant: TokenGrant, client: ClientCredentials, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        let hookPoint = grant.requestHookPoint
        let endpoint = grant.isRefresh ? (provider.endpoints.refresh ?? provider.endpoints.token) : provider.endpoints.token
        var body: FormParameters = ["grant_type": grant.type]
        for parameter in grant.parameters { body.append(parameter.name, parameter.value) }
        if !grant.scopes.isEmpty {
            body.append("scope", grant.scopes.joined(separator: hooks.scopeSeparator))
            hooks.recordSetting(.scopeSeparator, at: hookPoint, in: trace)
        }
        return try authenticatedPost(
            to: try url(endpoint, kind: "token"), parameters: body, client: client, authentication: authentication,
            hookPoint: hookPoint, grantType: grant.type, trace: trace
        )
    }

    /// A form POST to an endpoint of the authorization server with the client authenticated as
    /// the provider declares (or as `authentication` overrides), through the fixes of
    /// `hookPoint` when one is given.
    public func authenticatedPost(
        to url: URL, parameters: FormParameters, client: ClientCredentials, authentication: ClientAuthentication? = nil,
        hookPoint: HookPoint?, grantType: String, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var body = parameters
        var request = HTTPRequest(method: "POST", url: url)
        let method = authentication ?? hooks.clientAuthentication
        if authentication == nil, let hookPoint { hooks.recordSetting(.clientAuthentication, at: hookPoint, in: trace) }
        switch (method, client.secret) {
        case (.basic, let secret?):
            let credentials = FormParameters.encodeComponent(client.id) + ":" + FormParameters.encodeComponent(secret)
            request.headers["Authorization"] = "Basic " + Data(credentials.utf8).base64EncodedString()
        case (.post, let secret?):
            body.append("client_id", client.id)
            body.append("client_secret", secret)
        default:
            body.append("client_id", client.id)
        }
        request.setFormParameters(body)
        if let hookPoint {
            try hooks.run(&request, at: hookPoint, context: TokenRequestContext(grantType: grantType, client: client), trace: trace)
        }
        return request
    }

    // MARK: Token responses

    /// Runs a token endpoint response through the response fixes for `grant` and parses it
    /// strictly. For a refresh, `previous` supplies the refresh token when the response brings
    /// none.
    ///
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
        var draft = TokenEndpointResponse(response, limits: limits)
        try hooks.run(&draft, at: hookPoint, trace: trace)
        let token = try parser.parse(draft, issuedAt: issuedAt)
        if hookPoint == .refreshResponse, let previous { return previous.refreshed(by: token) }
        return token
    }

    // MARK: Protected requests

    /// Attaches the token to a request for a protected resource where the provider wants it,
    /// then runs the protected-request fixes.
    public func protectedRequest(_ request: HTTPRequest, token: Token, clientID: String? = nil, trace: FixTrace? = nil) throws -> HTTPRequest {
        var request = request
        switch hooks.tokenPlacement.storage {
        case .authorization(let scheme):
            request.headers["Authorization"] = "\(scheme) \(token.accessToken)"
        case .header(let name):
            request.headers[name] = token.accessToken
        case .query(let parameter):
            request.url = try Self.url(request.url, settingQueryParameter: parameter, to: token.accessToken)
            request.headers["Cache-Control"] = "no-store"
        }
        hooks.recordSetting(.tokenPlacement, at: .protectedRequest, in: trace)
        try hooks.run(&request, context: ProtectedRequestContext(token: token, clientID: clientID), trace: trace)
        return request
    }

    /// The URL with `name=value` appended to its query, or replacing a parameter of that name.
    /// Appending works on the bytes of the URL, without decoding the rest of the query: it runs
    /// on every protected request of such providers.
    static func url(_ url: URL, settingQueryParameter name: String, to value: String) throws -> URL {
        let text = Array(url.absoluteString.utf8)
        let fragmentStart = text.firstIndex(of: UInt8(ascii: "#")) ?? text.count
        let queryStart = text[..<fragmentStart].firstIndex(of: UInt8(ascii: "?"))
        let encodedName = Array(FormParameters.encodeComponent(name).utf8)
        if let queryStart {
            let query = text[(queryStart + 1)..<fragmentStart]
            let present = query.split(separator: UInt8(ascii: "&")).contains { pair in
                pair.starts(with: encodedName) && (pair.count == encodedName.count || pair[pair.startIndex + encodedName.count] == UInt8(ascii: "="))
            }
            if present {
                var request = HTTPRequest(url: url)
                var parameters = try request.queryParameters
                parameters[name] = value
                request.setQueryParameters(parameters)
                return request.url
            }
        }
        var joined = Array(text[..<fragmentStart])
        joined.reserveCapacity(text.count + encodedName.count + value.utf8.count + 2)
        if queryStart == nil {
            joined.append(UInt8(ascii: "?"))
        } else if let last = joined.last, last != UInt8(ascii: "?"), last != UInt8(ascii: "&") {
            joined.append(UInt8(ascii: "&"))
        }
        joined += encodedName
        joined.append(UInt8(ascii: "="))
        joined += FormParameters.encodeComponent(value).utf8
        joined += text[fragmentStart...]
        return URL(string: String(decoding: joined, as: UTF8.self)) ?? url
    }

    private func url(_ endpoint: Endpoint?, kind: String) throws(FlowError) -> URL {
        guard let endpoint else { throw .missingEndpoint(kind, provider: provider.name) }
        do {
            return try endpoint.url(endpointValues)
        } catch {
            throw .endpoint(error)
        }
    }
}
