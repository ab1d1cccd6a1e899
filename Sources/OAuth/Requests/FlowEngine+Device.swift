import Foundation

extension FlowEngine {
    /// Builds a device authorization request (RFC 8628 §3.1): `client_id` (or the client's
    /// authentication) and the scopes, through the device-authorization-request fixes.
    public func deviceAuthorizationRequest(
        client: ClientCredentials, scopes: [String]? = nil, authentication: ClientAuthentication? = nil, trace: FixTrace? = nil
    ) throws -> HTTPRequest {
        var parameters = FormParameters()
        appendScopes(scopes ?? provider.defaultScopes, to: &parameters, at: .deviceAuthorizationRequest, trace: trace)
        return try authenticatedRequest(
            to: try endpointURL(provider.endpoints.deviceAuthorization, role: "device authorization endpoint"), parameters: parameters,
            client: client, authentication: authentication, context: context(.deviceAuthorizationRequest, client: client), trace: trace
        )
    }

    /// Runs a device authorization response through the device-authorization-response fixes
    /// and parses it strictly (RFC 8628 §3.2).
    public func deviceAuthorization(from response: HTTPResponse, issuedAt: Date = Date(), trace: FixTrace? = nil) throws -> DeviceAuthorization {
        try DeviceAuthorization.parse(try fixedResponse(response, at: .deviceAuthorizationResponse, receivedAt: issuedAt, trace: trace), issuedAt: issuedAt)
    }
}
