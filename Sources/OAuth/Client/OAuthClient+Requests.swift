import Foundation

extension OAuthClient {
    /// Sends a request for a protected resource: refreshes the token first if needed, places
    /// it as the provider wants, runs the protected-request fixes, and follows redirects with
    /// care (never from https to http; credentials dropped on a change of origin). A `401` with
    /// `WWW-Authenticate: … error="invalid_token"` is answered by one refresh and one retry; if
    /// that refresh cannot run, the `401` is returned.
    ///
    /// - Throws: ``OAuthClientError/originNotAllowed(_:)`` when the URL is not one of the
    ///   provider's resource origins, and the errors of ``validToken()`` and the transport.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, limits: configuration.resourceLimits)
    }

    /// Sends a request for a protected resource as ``send(_:)`` does, within `limits` instead of
    /// ``Configuration/resourceLimits``.
    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        guard let origin = EndpointSecurity.origin(of: request.url), allowedOrigins(for: try await loadToken()).contains(origin) else {
            throw OAuthClientError.originNotAllowed(EndpointSecurity.origin(of: request.url) ?? request.url.absoluteString)
        }
        try EndpointSecurity.check(request.url, role: "resource")
        var token = try await validToken()
        var response = try await sendFollowingRedirects(request, token: token, limits: limits)
        if response.status == 401, Self.isInvalidToken(response), token.refreshToken != nil {
            do {
                token = try await refresh(replacing: token)
            } catch let error as OAuthClientError where error.isReauthorizationRequired {
                throw error
            } catch {
                // The refresh could not run (no token endpoint or client id known, the network):
                // the server's own answer says more than that failure.
                return response
            }
            response = try await sendFollowingRedirects(request, token: token, limits: limits)
        }
        return response
    }

    /// The origins a token may go to: the provider's and the configured ones, with their
    /// placeholders filled from the client's endpoint values or, for an origin that is one
    /// placeholder, the token's member of that name (Salesforce's `{instance_url}`).
    public nonisolated func allowedOrigins(for token: Token?) -> Set<String> {
        ResourceRedirects.origins(
            provider.endpoints.resourceOrigins + configuration.additionalResourceOrigins, values: engine.endpointValues, token: token
        )
    }

    private func sendFollowingRedirects(_ request: HTTPRequest, token: Token, limits: TransportLimits) async throws -> HTTPResponse {
        let placement = engine.hooks.tokenPlacement
        let redirects = ResourceRedirects(allowedOrigins: allowedOrigins(for: token), maximum: configuration.maximumRedirects) { placement.remove(from: &$0) }
        return try await redirects.send(request, over: transport, limits: limits) { hop in
            try traced { try engine.protectedRequest(hop, token: token, client: credentials, trace: $0) }
        }
    }

    private static func isInvalidToken(_ response: HTTPResponse) -> Bool {
        response.headers.values(for: "WWW-Authenticate").contains { $0.contains("invalid_token") }
    }
}
