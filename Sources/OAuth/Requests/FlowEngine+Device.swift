import Foundation

extension FlowEngine {
    /// Builds a device authorization request (RFC 8628 §3.1): `client_id` (or the client's
    /// authentication) and the scopes, through the device-authorization-request fixes.
    public func deviceAuthorizationRequest(
        client: ClientCredentials, scopes: [String]? = nil, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var parameters = FormParameters()
        let scopes = scopes ?? provider.defaultScopes
        if !scopes.isEmpty {
            parameters.append("scope", scopes.joined(separator: hooks.scopeSeparator))
            hooks.recordSetting(.scopeSeparator, at: .deviceAuthorizationRequest, in: trace)
        }
        return try authenticatedPost(
            to: try endpointURL(provider.endpoints.deviceAuthorization, kind: "device"), parameters: parameters, client: client,
            authentication: authentication, hookPoint: .deviceAuthorizationRequest, grantType: "device_authorization", trace: trace
        )
    }

    /// Runs a device authorization response through the device-authorization-response fixes
    /// and parses it strictly (RFC 8628 §3.2).
    public func deviceAuthorization(from response: HTTPResponse, issuedAt: Date = Date(), trace: FixTrace? = nil) throws -> DeviceAuthorization {
        var draft = TokenEndpointResponse(response, limits: limits)
        try hooks.run(&draft, at: .deviceAuthorizationResponse, trace: trace)
        return try DeviceAuthorization.parse(draft, issuedAt: issuedAt)
    }
}
