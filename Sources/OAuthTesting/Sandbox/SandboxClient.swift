import Foundation
import OAuth

/// A client registered with the ``SandboxAuthorizationServer``.
public struct SandboxClient: Sendable, Hashable, Codable {
    /// The `client_id`.
    public var id: String
    /// The `client_secret`; `nil` makes a public client, which must use PKCE.
    public var secret: String?
    /// The redirect URIs the client may use; empty accepts any loopback http URI. A registered
    /// loopback IP URI accepts any port (RFC 8252 §7.3).
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
        // `client_id`, `client_secret`, `redirect_uris`, as RFC 7591 names them.
        case id = "client_id", secret = "client_secret", redirectURIs = "redirect_uris"
    }

    /// Reads `{"client_id", "client_secret", "redirect_uris"}`; the last two may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        secret = try container.decodeIfPresent(String.self, forKey: .secret)
        redirectURIs = try container.decodeIfPresent([String].self, forKey: .redirectURIs) ?? []
    }

    /// Whether the client may redirect to `uri`: one of its registered URIs, exactly, except that
    /// for a loopback IP literal (`127.0.0.1`, `::1`) any port goes (RFC 8252 §7.3); or, when
    /// none is registered, any loopback http URI. A URI with characters outside visible ASCII,
    /// a backslash, user information or a fragment is never accepted.
    func accepts(redirectURI uri: String) -> Bool {
        guard let given = Self.strictURI(uri) else { return false }
        guard !redirectURIs.isEmpty else {
            return given.scheme?.lowercased() == "http" && EndpointSecurity.isLoopback(host: given.host)
        }
        return redirectURIs.contains { registered in
            if registered == uri { return true }
            guard let expected = Self.strictURI(registered), expected.scheme?.lowercased() == "http", Self.isLoopbackIP(expected.host) else { return false }
            return given.scheme?.lowercased() == "http" && given.host == expected.host
                && given.percentEncodedPath == expected.percentEncodedPath && given.percentEncodedQuery == expected.percentEncodedQuery
        }
    }

    /// The URI's parts, or `nil` for text that is not a plain absolute URI.
    static func strictURI(_ text: String) -> URLComponents? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "\\") }),
              let components = URLComponents(string: text), components.scheme != nil, components.host?.isEmpty == false,
              components.user == nil, components.password == nil, components.fragment == nil
        else { return nil }
        return components
    }

    static func isLoopbackIP(_ host: String?) -> Bool {
        host == "127.0.0.1" || host == "::1" || host == "[::1]"
    }
}
