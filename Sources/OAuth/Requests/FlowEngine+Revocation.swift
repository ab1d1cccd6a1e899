import Foundation

extension FlowEngine {
    /// Builds a revocation request (RFC 7009 §2.1): the token and its type hint, the client
    /// authenticated, through the revocation-request fixes.
    public func revocationRequest(
        token: String, hint: TokenTypeHint? = nil, client: ClientCredentials, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var parameters: FormParameters = ["token": token]
        if let hint { parameters.append("token_type_hint", hint.name) }
        return try authenticatedRequest(
            to: try endpointURL(provider.endpoints.revocation, role: "revocation endpoint"), parameters: parameters, client: client,
            authentication: authentication, context: context(.revocationRequest, client: client), trace: trace
        )
    }

    /// Reads a revocation response through the revocation-response fixes (RFC 7009 §2.2): any
    /// 2xx is success, even for a token the server did not know.
    ///
    /// - Throws: ``TokenResponseError/serverUnavailable(status:retryAfter:error:)`` for a 503
    ///   (the token is still valid: try again later), ``TokenResponseError/oauth(_:)`` for an
    ///   error such as `unsupported_token_type`, ``TokenResponseError/unexpectedStatus(_:)``
    ///   otherwise.
    public func revocationOutcome(from response: HTTPResponse, receivedAt: Date = Date(), trace: FixTrace? = nil) throws {
        var draft = try fixedResponse(response, at: .revocationResponse, receivedAt: receivedAt, trace: trace)
        guard !(200...299).contains(draft.status) else { return }
        _ = try parser.jsonObjectOrError(of: &draft)
        throw TokenResponseError.unexpectedStatus(draft.status)
    }
}
