import Foundation
import OAuth

/// A client registered with the ``SandboxAuthorizationServer``.
public struct SandboxClient: Sendable, Hashable, Codable {
    /// The `client_id`.
    public var id: String
    /// The `client_secret`; `nil` makes a public client, which must use PKCE.
    public var secret: String?
    /// The redirect URIs the client may use; empty accepts any loopback http URI.
    public var redirectURIs: [String]

    /// Registers a client.
    public init(id: String, secret: String? = nil, redirectURIs: [String] = []) {
        self.id = id
        self.secret = secret
        self.redirectURIs = redirectURIs
    }

    /// Reads `ID` or `ID:SECRET`, as `oauthctl sandbox --client` takes it; `nil` for an empty
    /// id or secret.
    public init?(commandLine text: String, redirectURIs: [String] = []) {
        guard let colon = text.firstIndex(of: ":") else {
            guard !text.isEmpty else { return nil }
            self.init(id: text, redirectURIs: redirectURIs)
            return
        }
        guard colon != text.startIndex, text.index(after: colon) != text.endIndex else { return nil }
        self.init(id: String(text[..<colon]), secret: String(text[text.index(after: colon)...]), redirectURIs: redirectURIs)
    }

    /// Whether the client has no secret.
    public var isPublic: Bool { secret == nil }

    private enum CodingKeys: String, CodingKey {
        case id = "client_id", secret = "client_secret", redirectURIs = "redirect_uris"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        secret = try container.decodeIfPresent(String.self, forKey: .secret)
        redirectURIs = try container.decodeIfPresent([String].self, forKey: .redirectURIs) ?? []
    }

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
