/// A named point in the flow where fixes run, in the order they are listed.
///
/// | hook point | runs | a fix receives |
/// |---|---|---|
/// | ``authorizationRequest`` | building the authorization URL | the ``AuthorizationRequest`` |
/// | ``accessTokenRequest`` | before a code, password, client-credentials or device token request is sent | the ``HTTPRequest`` and a ``TokenRequestContext`` |
/// | ``accessTokenResponse`` | after the token response arrives, before parsing | the ``TokenEndpointResponse`` |
/// | ``refreshRequest`` | before a refresh request is sent | the ``HTTPRequest`` and a ``TokenRequestContext`` |
/// | ``refreshResponse`` | after the refresh response arrives, before parsing | the ``TokenEndpointResponse`` |
/// | ``protectedRequest`` | after the token is attached to a resource request | the ``HTTPRequest`` and a ``ProtectedRequestContext`` |
/// | ``deviceAuthorizationRequest`` | before a device authorization request is sent (RFC 8628 §3.1) | the ``HTTPRequest`` and a ``TokenRequestContext`` |
/// | ``deviceAuthorizationResponse`` | after the device authorization response arrives, before parsing | the ``TokenEndpointResponse`` |
/// | ``requestTokenRequest`` | OAuth 1.0a: before the temporary-credentials request is signed and sent | the ``HTTPRequest`` and a ``TokenRequestContext`` |
/// | ``requestTokenResponse`` | OAuth 1.0a: after the temporary-credentials response arrives, before parsing | the ``TokenEndpointResponse`` |
/// | ``authorizationResponse`` | reading the callback after authorization | settings only (OAuth 1.0a: whether `oauth_verifier` comes) |
///
/// OAuth 1.0a uses ``authorizationRequest``, ``accessTokenRequest`` and ``accessTokenResponse``
/// for its authorization URL and token-credentials exchange, and ``protectedRequest`` before a
/// request is signed.
public struct HookPoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The hook point's name, as written in provider JSON and printed by `oauthctl`.
    public let name: String
    private let order: Int

    private init(_ name: String, order: Int) {
        self.name = name
        self.order = order
    }

    /// OAuth 1.0a: before the temporary-credentials (request token) request is signed and sent
    /// (RFC 5849 §2.1).
    public static let requestTokenRequest = HookPoint("request-token-request", order: 0)
    /// OAuth 1.0a: after the temporary-credentials response arrives, before it is parsed.
    public static let requestTokenResponse = HookPoint("request-token-response", order: 1)
    /// Building the authorization URL.
    public static let authorizationRequest = HookPoint("authorization-request", order: 2)
    /// Reading the callback after authorization.
    public static let authorizationResponse = HookPoint("authorization-response", order: 3)
    /// Before a token request for a code, password, client credentials or device code is sent;
    /// for OAuth 1.0a, before the token-credentials request is signed and sent.
    public static let accessTokenRequest = HookPoint("access-token-request", order: 4)
    /// After a token response arrives, before the strict parser reads it.
    public static let accessTokenResponse = HookPoint("access-token-response", order: 5)
    /// Before a refresh request is sent.
    public static let refreshRequest = HookPoint("refresh-request", order: 6)
    /// After a refresh response arrives, before the strict parser reads it.
    public static let refreshResponse = HookPoint("refresh-response", order: 7)
    /// After the token is attached to a request for a protected resource (for OAuth 1.0a,
    /// before the request is signed).
    public static let protectedRequest = HookPoint("protected-request", order: 8)
    /// Before a device authorization request is sent (RFC 8628 §3.1).
    public static let deviceAuthorizationRequest = HookPoint("device-authorization-request", order: 9)
    /// After a device authorization response arrives, before it is parsed (RFC 8628 §3.2).
    public static let deviceAuthorizationResponse = HookPoint("device-authorization-response", order: 10)

    /// Every hook point, in flow order.
    public static let all: [HookPoint] = [
        .requestTokenRequest, .requestTokenResponse, .authorizationRequest, .authorizationResponse, .accessTokenRequest, .accessTokenResponse,
        .refreshRequest, .refreshResponse, .protectedRequest, .deviceAuthorizationRequest, .deviceAuthorizationResponse,
    ]

    /// The hook points whose fixes edit requests to the token and device endpoints (and
    /// OAuth 1.0a's request-token endpoint).
    public static let tokenEndpointRequests: [HookPoint] = [.accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest, .requestTokenRequest]

    /// The hook points whose fixes rewrite responses before they are parsed.
    public static let responses: [HookPoint] = [.accessTokenResponse, .refreshResponse, .deviceAuthorizationResponse, .requestTokenResponse]

    /// The hook point with this name.
    public init?(name: String) {
        guard let point = Self.all.first(where: { $0.name == name }) else { return nil }
        self = point
    }

    public static func < (lhs: HookPoint, rhs: HookPoint) -> Bool { lhs.order < rhs.order }

    public var description: String { name }
}

extension HookPoint: Codable {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let point = HookPoint(name: name) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a hook point (\(Self.all.map(\.name).joined(separator: ", "))), got \"\(name)\""
            ))
        }
        self = point
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
