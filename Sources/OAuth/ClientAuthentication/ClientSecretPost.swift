/// `client_secret_post`: `client_id` and `client_secret` in the form body (RFC 6749 §2.3.1).
/// A client without a secret is public and sends its `client_id` alone.
public struct ClientSecretPost: ClientAuthenticationMethod {
    public let name = "client_secret_post"

    /// Creates the method.
    public init() {}

    public func authenticate(_ request: inout ClientAuthenticationRequest, client: ClientCredentials) {
        request.parameters.append("client_id", client.id)
        if let secret = client.secret { request.parameters.append("client_secret", secret) }
    }
}
