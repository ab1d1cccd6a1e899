import Foundation

extension OAuthClient {
    /// Revokes a token at the provider's revocation endpoint (RFC 7009), authenticating the
    /// client. A 200 is success whatever the body says, even for an unknown token.
    ///
    /// - Throws: ``TokenResponseError/serverUnavailable(status:retryAfter:error:)`` for a 503
    ///   (the token is still valid: try again later), ``TokenResponseError/oauth(_:)`` for an
    ///   error such as `unsupported_token_type`, ``FlowError`` when the provider has no
    ///   revocation endpoint.
    public func revoke(_ token: String, hint: TokenTypeHint? = nil) async throws {
        let request = try traced {
            try engine.revocationRequest(token: token, hint: hint, client: credentials, authentication: configuration.clientAuthentication, trace: $0)
        }
        let response = try await sendToEndpoint(request, role: "revocation endpoint")
        let receivedAt = clock.now
        try traced { try engine.revocationOutcome(from: response, receivedAt: receivedAt, trace: $0) }
    }

    /// Revokes the stored token (its refresh token when it has one, which also ends its access
    /// tokens at most servers), then forgets it here, both access and refresh token.
    public func revokeStoredToken() async throws {
        guard let token = try await loadToken() else { throw OAuthClientError.noToken }
        if let refreshToken = token.refreshToken {
            try await revoke(refreshToken, hint: .refreshToken)
        } else {
            try await revoke(token.accessToken, hint: .accessToken)
        }
        try await signOut()
    }

    /// Asks the provider's introspection endpoint about a token (RFC 7662), authenticating
    /// the client.
    ///
    /// - Throws: ``TokenResponseError`` for an error or a body that is not a JSON object.
    public func introspect(_ token: String, hint: TokenTypeHint? = nil) async throws -> TokenIntrospection {
        let request = try traced {
            try engine.introspectionRequest(token: token, hint: hint, client: credentials, authentication: configuration.clientAuthentication, trace: $0)
        }
        let response = try await sendToEndpoint(request, role: "introspection endpoint")
        let receivedAt = clock.now
        return try traced { try engine.introspection(from: response, receivedAt: receivedAt, trace: $0) }
    }
}
