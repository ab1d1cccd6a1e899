import Foundation

/// `client_secret_basic`: HTTP Basic with the id and secret each form-encoded first (RFC 6749
/// §2.3.1). A client without a secret is public and sends its `client_id` in the body.
public struct ClientSecretBasic: ClientAuthenticationMethod {
    public let name = "client_secret_basic"

    /// Creates the method.
    public init() {}

    public func authenticate(_ request: inout ClientAuthenticationRequest, client: ClientCredentials) {
        guard let secret = client.secret else {
            request.parameters.append("client_id", client.id)
            return
        }
        let credentials = FormParameters.encodeComponent(client.id) + ":" + FormParameters.encodeComponent(secret)
        request.headers["Authorization"] = "Basic " + Data(credentials.utf8).base64EncodedString()
    }
}
