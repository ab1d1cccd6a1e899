/// What a token request asks for: a grant type and its parameters (RFC 6749 §4 and §6,
/// RFC 8628 §3.4).
///
/// ```swift
/// let grant = TokenGrant.authorizationCode("SplxlOBeZQQYbYS6WxSbIA",
///                                          redirectURI: "https://client.example.com/cb",
///                                          codeVerifier: pkce.verifier)
/// ```
public struct TokenGrant: Sendable, Hashable, CustomStringConvertible {
    /// The `grant_type` value.
    public let type: String
    /// The grant's parameters other than `grant_type` and `scope`, in order.
    public let parameters: FormParameters
    /// The scopes to request, joined with the provider's separator when the request is built.
    public let scopes: [String]
    /// For a code exchange, the authorization's `state`: not sent, but there for a provider whose
    /// fixes repeat it (Naver).
    public let state: String?

    /// Creates a grant of any type, for extension grants.
    public init(type: String, parameters: FormParameters = [], scopes: [String] = [], state: String? = nil) {
        self.type = type
        self.parameters = parameters
        self.scopes = scopes
        self.state = state
    }

    /// Whether this grant refreshes a token, so that it goes through the refresh hook points.
    public var isRefresh: Bool { type == "refresh_token" }

    /// The request hook point this grant runs through.
    public var requestHookPoint: HookPoint { isRefresh ? .refreshRequest : .accessTokenRequest }

    /// The response hook point this grant's response runs through.
    public var responseHookPoint: HookPoint { isRefresh ? .refreshResponse : .accessTokenResponse }

    /// Exchanging an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5).
    public static func authorizationCode(_ code: String, redirectURI: String?, codeVerifier: String?, state: String? = nil) -> TokenGrant {
        var parameters: FormParameters = ["code": code]
        if let redirectURI { parameters.append("redirect_uri", redirectURI) }
        if let codeVerifier { parameters.append("code_verifier", codeVerifier) }
        return TokenGrant(type: "authorization_code", parameters: parameters, state: state)
    }

    /// The client's own access (RFC 6749 §4.4).
    public static func clientCredentials(scopes: [String] = []) -> TokenGrant {
        TokenGrant(type: "client_credentials", scopes: scopes)
    }

    /// The resource owner's password (RFC 6749 §4.3). Legacy: RFC 9700 §2.4 says not to use it;
    /// it is here for servers that offer nothing else.
    public static func password(username: String, password: String, scopes: [String] = []) -> TokenGrant {
        TokenGrant(type: "password", parameters: ["username": username, "password": password], scopes: scopes)
    }

    /// A refresh (RFC 6749 §6).
    public static func refreshToken(_ refreshToken: String, scopes: [String] = []) -> TokenGrant {
        TokenGrant(type: "refresh_token", parameters: ["refresh_token": refreshToken], scopes: scopes)
    }

    /// Polling for a device authorization (RFC 8628 §3.4).
    public static func deviceCode(_ deviceCode: String) -> TokenGrant {
        TokenGrant(type: "urn:ietf:params:oauth:grant-type:device_code", parameters: ["device_code": deviceCode])
    }

    /// The grant type and parameter names; values are redacted where secret.
    public var description: String {
        "TokenGrant(\(type), \(Redaction.redacted(parameters).encoded()))"
    }
}
