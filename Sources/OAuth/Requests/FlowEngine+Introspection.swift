import Foundation

extension FlowEngine {
    /// Builds an introspection request (RFC 7662 §2.1): the token and its type hint, the client
    /// authenticated, through the introspection-request fixes.
    public func introspectionRequest(
        token: String, hint: TokenTypeHint? = nil, client: ClientCredentials, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var parameters: FormParameters = ["token": token]
        if let hint { parameters.append("token_type_hint", hint.name) }
        return try authenticatedRequest(
            to: try endpointURL(provider.endpoints.introspection, role: "introspection endpoint"), parameters: parameters, client: client,
            authentication: authentication, context: context(.introspectionRequest, client: client), trace: trace
        )
    }

    /// Reads an introspection response through the introspection-response fixes (RFC 7662 §2.2).
    ///
    /// - Throws: ``TokenResponseError`` for an error or a body that is not a JSON object.
    public func introspection(from response: HTTPResponse, receivedAt: Date = Date(), trace: FixTrace? = nil) throws -> TokenIntrospection {
        var draft = try fixedResponse(response, at: .introspectionResponse, receivedAt: receivedAt, trace: trace)
        return TokenIntrospection(claims: try parser.jsonObjectOrError(of: &draft))
    }
}
