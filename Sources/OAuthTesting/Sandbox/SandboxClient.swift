import Foundation
import OAuth

/// A client registered with the ``SandboxAuthorizationServer``.
public struct SandboxClient: Sendable, Hashable {
    /// The `client_id`.
    public var id: String
    /// The `client_secret`; `nil` makes a public client, which must use PKCE.
    public var secret: String?
    /// The redirect URIs the client may use; empty accepts any loopback redirect URI.
    public var redirectURIs: [String]

    /// Registers a client.
    public init(id: String, secret: String? = nil, redirectURIs: [String] = []) {
        self.id = id
        self.secret = secret
        self.redirectURIs = redirectURIs
    }

    /// Whether the client has no secret.
    public var isPublic: Bool { secret == nil }

    /// Whether the client may redirect to `uri`: one of its registered URIs, exactly, or any
    /// loopback http URI when none is registered (RFC 8252 §7.3 lets the port vary).
    func accepts(redirectURI uri: String) -> Bool {
        if redirectURIs.isEmpty {
            guard let url = URL(string: uri) else { return false }
            return url.scheme == "http" && EndpointSecurity.isLoopback(host: url.host)
        }
        return redirectURIs.contains(uri)
    }
}
