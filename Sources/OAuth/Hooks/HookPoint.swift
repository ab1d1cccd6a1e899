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
public struct HookPoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The hook point's name, as written in provider JSON and printed by `oauthctl`.
    public let name: String
    private let order: Int

    private init(_ name: String, order: Int) {
        self.name = name
        self.order = order
    }

    /// Building the authorization URL.
    public static let authorizationRequest = HookPoint("authorization-request", order: 0)
    /// Before a token request for a code, password, client credentials or device code is sent.
    public static let accessTokenRequest = HookPoint("access-token-request", order: 1)
    /// After a token response arrives, before the strict parser reads it.
    public static let accessTokenResponse = HookPoint("access-token-response", order: 2)
    /// Before a refresh request is sent.
    public static let refreshRequest = HookPoint("refresh-request", order: 3)
    /// After a refresh response arrives, before the strict parser reads it.
    public static let refreshResponse = HookPoint("refresh-response", order: 4)
    /// After the token is attached to a request for a protected resource.
    public static let protectedRequest = HookPoint("protected-request", order: 5)
    /// Before a device authorization request is sent (RFC 8628 §3.1).
    public static let deviceAuthorizationRequest = HookPoint("device-authorization-request", order: 6)
    /// After a device authorization response arrives, before it is parsed (RFC 8628 §3.2).
    public static let deviceAuthorizationResponse = HookPoint("device-authorization-response", order: 7)

    /// Every hook point, in flow order.
    public static let all: [HookPoint] = [
        .authorizationRequest, .accessTokenRequest, .accessTokenResponse, .refreshRequest, .refreshResponse, .protectedRequest,
        .deviceAuthorizationRequest, .deviceAuthorizationResponse,
    ]

    /// The hook points whose fixes edit requests to the token and device endpoints.
    public static let tokenEndpointRequests: [HookPoint] = [.accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest]

    /// The hook points whose fixes rewrite responses before they are parsed.
    public static let responses: [HookPoint] = [.accessTokenResponse, .refreshResponse, .deviceAuthorizationResponse]

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
