import Foundation

/// Builds the OAuth 1.0a requests (RFC 5849 §2) through a provider's fixes and reads the
/// answers strictly; it does no I/O, like ``FlowEngine`` for OAuth 2.0.
///
/// ```swift
/// let engine = OAuth1Engine(provider: try ProviderRegistry.builtIn.provider(named: "twitter"))
/// let signer = OAuth1Signer(client: ClientCredentials(id: consumerKey, secret: consumerSecret))
/// let request = try engine.requestTokenRequest(callback: "http://127.0.0.1:8400/callback", signer: signer)
/// let temporary = try engine.temporaryCredentials(from: try await send(request))
/// let pending = OAuth1PendingAuthorization(temporaryCredentials: temporary, callback: "http://127.0.0.1:8400/callback", createdAt: Date())
/// let url = try engine.authorizationRequest(for: pending).url
/// // … the user approves; the browser comes back …
/// let verifier = try engine.verifier(fromCallback: callbackURL, pending: pending)
/// let tokenRequest = try engine.accessTokenRequest(pending: pending, verifier: verifier, signer: signer)
/// let token = try engine.tokenCredentials(from: try await send(tokenRequest))
/// let call = try engine.protectedRequest(HTTPRequest(url: apiURL), token: token, signer: signer)
/// ```
public struct OAuth1Engine: Sendable {
    /// The provider.
    public let provider: Provider
    /// Its fixes, compiled.
    public var hooks: HookPipelines { provider.hooks }
    /// Values for placeholders in the provider's endpoints.
    public var endpointValues: [String: String]
    /// The strict reader of credentials responses.
    public var parser = OAuth1CredentialsParser()

    /// Creates an engine for a provider with the fixes it carries.
    public init(provider: Provider, endpointValues: [String: String] = [:]) {
        self.provider = provider
        self.endpointValues = endpointValues
    }

    /// The callback rules the provider's fixes declare.
    public var callbackRules: OAuth1CallbackRules { hooks.oauth1CallbackRules }

    // MARK: Temporary credentials (§2.1)

    /// The temporary-credentials request: a `POST` to the request-token endpoint with
    /// `oauth_callback` (RFC 5849 rules) and the caller's `additionalParameters` in the query,
    /// through the request-token fixes, then signed.
    public func requestTokenRequest(
        callback: String, signer: OAuth1Signer, additionalParameters: FormParameters = [], trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var request = HTTPRequest(method: "POST", url: try url(provider.endpoints.requestToken, role: "request token endpoint"))
        if !additionalParameters.isEmpty {
            var query = try request.queryParameters
            for parameter in additionalParameters { query.append(parameter.name, parameter.value) }
            request.setQueryParameters(query)
        }
        try hooks.run(&request, context: RequestContext(hookPoint: .requestTokenRequest, client: signer.client, values: endpointValues), trace: trace)
        var unsigned = signer
        unsigned.token = nil
        var parameters: [(String, String)] = []
        if callbackRules == .rfc5849 {
            parameters.append(("oauth_callback", callback))
        } else {
            hooks.recordSetting(OAuth1CallbackRulesSetting.self, at: .requestTokenRequest, in: trace)
        }
        return try unsigned.sign(request, parameters: parameters)
    }

    /// Reads the temporary credentials through the request-token response fixes.
    ///
    /// - Throws: ``OAuth1ResponseError``, or ``FixError`` when a fix fails.
    public func temporaryCredentials(from response: HTTPResponse, trace: FixTrace? = nil) throws -> OAuth1Token {
        var draft = TokenEndpointResponse(response)
        try hooks.run(&draft, at: .requestTokenResponse, trace: trace)
        if callbackRules != .rfc5849 { hooks.recordSetting(OAuth1CallbackRulesSetting.self, at: .requestTokenResponse, in: trace) }
        return try parser.temporaryCredentials(from: draft, requireConfirmation: callbackRules == .rfc5849)
    }

    // MARK: Authorization (§2.2)

    /// The authorization URL: `oauth_token`, for OAuth Core 1.0 providers `oauth_callback`, the
    /// caller's parameters, then the authorization-request fixes (Trello's `scope`, Flickr's
    /// `perms`).
    public func authorizationRequest(
        for pending: OAuth1PendingAuthorization, additionalParameters: FormParameters = [], trace: FixTrace? = nil
    ) throws -> AuthorizationRequest {
        var parameters: FormParameters = ["oauth_token": pending.temporaryCredentials.token]
        if callbackRules == .core10, pending.callback != "oob" {
            parameters.append("oauth_callback", pending.callback)
            hooks.recordSetting(OAuth1CallbackRulesSetting.self, at: .authorizationRequest, in: trace)
        }
        for parameter in additionalParameters { parameters.append(parameter.name, parameter.value) }
        let endpoint = try url(provider.endpoints.authorization, role: "authorization endpoint")
        var request = AuthorizationRequest(endpoint: endpoint, parameters: parameters)
        try hooks.run(&request, context: RequestContext(hookPoint: .authorizationRequest, client: ClientCredentials(id: ""), values: endpointValues), trace: trace)
        return request
    }

    /// The verifier in the callback, checked against the pending authorization (see
    /// ``OAuth1Callback/verifier(from:pending:rules:)``).
    public func verifier(fromCallback callback: String, pending: OAuth1PendingAuthorization, trace: FixTrace? = nil) throws(OAuth1CallbackError) -> String? {
        if callbackRules != .rfc5849 { hooks.recordSetting(OAuth1CallbackRulesSetting.self, at: .authorizationResponse, in: trace) }
        return try OAuth1Callback.verifier(from: callback, pending: pending, rules: callbackRules)
    }

    // MARK: Token credentials (§2.3)

    /// The token-credentials request: a `POST` to the token endpoint signed with the temporary
    /// credentials and `oauth_verifier`, through the access-token request fixes.
    ///
    /// - Throws: ``OAuth1CallbackError/missingVerifier`` without a verifier for a provider that
    ///   sends one.
    public func accessTokenRequest(
        pending: OAuth1PendingAuthorization, verifier: String?, signer: OAuth1Signer, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        if verifier == nil {
            guard callbackRules == .core10 else { throw OAuth1CallbackError.missingVerifier }
            hooks.recordSetting(OAuth1CallbackRulesSetting.self, at: .accessTokenRequest, in: trace)
        }
        let endpoint = try url(provider.endpoints.token, role: "token endpoint")
        var request = HTTPRequest(method: "POST", url: endpoint)
        try hooks.run(&request, context: RequestContext(hookPoint: .accessTokenRequest, client: signer.client, values: endpointValues), trace: trace)
        var temporary = signer
        temporary.token = pending.temporaryCredentials
        return try temporary.sign(request, parameters: verifier.map { [("oauth_verifier", $0)] } ?? [])
    }

    /// Reads the token credentials through the access-token response fixes.
    ///
    /// - Throws: ``OAuth1ResponseError``, or ``FixError`` when a fix fails.
    public func tokenCredentials(from response: HTTPResponse, trace: FixTrace? = nil) throws -> OAuth1Token {
        var draft = TokenEndpointResponse(response)
        try hooks.run(&draft, at: .accessTokenResponse, trace: trace)
        return try parser.tokenCredentials(from: draft)
    }

    // MARK: Protected resources (§3)

    /// A request for a protected resource: the protected-request fixes, then the signature with
    /// the token credentials.
    public func protectedRequest(_ request: HTTPRequest, token: OAuth1Token, signer: OAuth1Signer, trace: FixTrace? = nil) throws -> HTTPRequest {
        var prepared = request
        let context = RequestContext(hookPoint: .protectedRequest, client: signer.client, token: Token(accessToken: token.token, tokenType: "OAuth"), values: endpointValues)
        try hooks.run(&prepared, context: context, trace: trace)
        var signing = signer
        signing.token = token
        return try signing.sign(prepared)
    }

    /// An endpoint's URL with the placeholders filled.
    ///
    /// - Throws: ``FlowError`` when the provider has no such endpoint or a value is missing.
    public func url(_ endpoint: Endpoint?, role: String) throws(FlowError) -> URL {
        guard let endpoint else { throw .missingEndpoint(role, provider: provider.name) }
        do {
            return try endpoint.url(endpointValues)
        } catch {
            throw .endpoint(error)
        }
    }
}
