/// `none`: a public client, which identifies itself with `client_id` in the body and sends no
/// secret, even when it has one (RFC 6749 §2.1, §3.2.1).
public struct PublicClientAuthentication: ClientAuthenticationMethod {
    public let name = "none"

    /// Creates the method.
    public init() {}

    public func authenticate(_ request: inout ClientAuthenticationRequest, client: ClientCredentials) {
        request.parameters.append("client_id", client.id)
    }
}
