/// A named point in a flow where fixes run, in the order they are listed.
///
/// Each endpoint has its own request and response hook points, and a fix says which ones it
/// acts on. What a fix receives depends on the hook point's ``Subject``:
///
/// | hook point | runs | subject |
/// |---|---|---|
/// | ``requestTokenRequest`` | OAuth 1.0a: before the temporary-credentials request is signed and sent | request |
/// | ``requestTokenResponse`` | OAuth 1.0a: after the temporary-credentials response arrives | response |
/// | ``authorizationRequest`` | building the authorization URL | authorization request |
/// | ``authorizationResponse`` | reading the callback after authorization | authorization response |
/// | ``accessTokenRequest`` | before a code, password, client-credentials or device token request is sent (OAuth 1.0a: the token-credentials request) | request |
/// | ``accessTokenResponse`` | after the token response arrives, before parsing | response |
/// | ``refreshRequest`` | before a refresh request is sent | request |
/// | ``refreshResponse`` | after the refresh response arrives, before parsing | response |
/// | ``protectedRequest`` | after the token is attached to a resource request (OAuth 1.0a: before signing) | request |
/// | ``deviceAuthorizationRequest`` | before a device authorization request is sent (RFC 8628 §3.1) | request |
/// | ``deviceAuthorizationResponse`` | after the device authorization response arrives | response |
/// | ``revocationRequest`` | before a revocation request is sent (RFC 7009 §2.1) | request |
/// | ``revocationResponse`` | after the revocation response arrives | response |
/// | ``introspectionRequest`` | before an introspection request is sent (RFC 7662 §2.1) | request |
/// | ``introspectionResponse`` | after the introspection response arrives, before parsing | response |
///
/// A request fix receives the ``HTTPRequest`` and a ``RequestContext``; a response fix the
/// ``TokenEndpointResponse``; an authorization-request fix the ``AuthorizationRequest``.
/// Adding a hook point is one declaration here, listed in ``all``.
public struct HookPoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What fixes at a hook point receive.
    public enum Subject: Sendable, Hashable {
        /// The ``AuthorizationRequest`` before it becomes a URL.
        case authorizationRequest
        /// An ``HTTPRequest`` about to be sent, with a ``RequestContext``.
        case request
        /// A ``TokenEndpointResponse`` as received, before it is parsed.
        case response
        /// The ``AuthorizationResponse`` at the callback, with a ``RequestContext``.
        case callback
    }

    /// The hook point's name, as written in provider JSON and printed by `oauthctl`.
    public let name: String
    /// What fixes here receive.
    public let subject: Subject
    /// The endpoint or step this hook point belongs to, for messages: `token endpoint`.
    public let endpoint: String
    private let order: Int

    private init(_ name: String, _ subject: Subject, endpoint: String, order: Int) {
        self.name = name
        self.subject = subject
        self.endpoint = endpoint
        self.order = order
    }

    /// OAuth 1.0a: before the temporary-credentials (request token) request is signed and sent
    /// (RFC 5849 §2.1).
    public static let requestTokenRequest = HookPoint("request-token-request", .request, endpoint: "request token endpoint", order: 0)
    /// OAuth 1.0a: after the temporary-credentials response arrives, before it is parsed.
    public static let requestTokenResponse = HookPoint("request-token-response", .response, endpoint: "request token endpoint", order: 1)
    /// Building the authorization URL.
    public static let authorizationRequest = HookPoint("authorization-request", .authorizationRequest, endpoint: "authorization endpoint", order: 2)
    /// Reading the callback after authorization.
    public static let authorizationResponse = HookPoint("authorization-response", .callback, endpoint: "redirect URI", order: 3)
    /// Before a token request for a code, password, client credentials or device code is sent;
    /// for OAuth 1.0a, before the token-credentials request is signed and sent.
    public static let accessTokenRequest = HookPoint("access-token-request", .request, endpoint: "token endpoint", order: 4)
    /// After a token response arrives, before the strict parser reads it.
    public static let accessTokenResponse = HookPoint("access-token-response", .response, endpoint: "token endpoint", order: 5)
    /// Before a refresh request is sent.
    public static let refreshRequest = HookPoint("refresh-request", .request, endpoint: "token endpoint", order: 6)
    /// After a refresh response arrives, before the strict parser reads it.
    public static let refreshResponse = HookPoint("refresh-response", .response, endpoint: "token endpoint", order: 7)
    /// After the token is attached to a request for a protected resource (for OAuth 1.0a,
    /// before the request is signed).
    public static let protectedRequest = HookPoint("protected-request", .request, endpoint: "resource server", order: 8)
    /// Before a device authorization request is sent (RFC 8628 §3.1).
    public static let deviceAuthorizationRequest = HookPoint("device-authorization-request", .request, endpoint: "device authorization endpoint", order: 9)
    /// After a device authorization response arrives, before it is parsed (RFC 8628 §3.2).
    public static let deviceAuthorizationResponse = HookPoint("device-authorization-response", .response, endpoint: "device authorization endpoint", order: 10)
    /// Before a revocation request is sent (RFC 7009 §2.1).
    public static let revocationRequest = HookPoint("revocation-request", .request, endpoint: "revocation endpoint", order: 11)
    /// After a revocation response arrives, before it is read (RFC 7009 §2.2).
    public static let revocationResponse = HookPoint("revocation-response", .response, endpoint: "revocation endpoint", order: 12)
    /// Before an introspection request is sent (RFC 7662 §2.1).
    public static let introspectionRequest = HookPoint("introspection-request", .request, endpoint: "introspection endpoint", order: 13)
    /// After an introspection response arrives, before it is parsed (RFC 7662 §2.2).
    public static let introspectionResponse = HookPoint("introspection-response", .response, endpoint: "introspection endpoint", order: 14)

    /// Every hook point, in flow order.
    public static let all: [HookPoint] = [
        .requestTokenRequest, .requestTokenResponse, .authorizationRequest, .authorizationResponse, .accessTokenRequest, .accessTokenResponse,
        .refreshRequest, .refreshResponse, .protectedRequest, .deviceAuthorizationRequest, .deviceAuthorizationResponse,
        .revocationRequest, .revocationResponse, .introspectionRequest, .introspectionResponse,
    ]

    /// The hook points whose fixes edit requests to the authorization server's endpoints: every
    /// request hook point but ``protectedRequest``.
    public static let serverRequests: [HookPoint] = all.filter { $0.subject == .request && $0 != .protectedRequest }

    /// The hook points whose fixes edit requests: the server's endpoints and protected resources.
    public static let requests: [HookPoint] = all.filter { $0.subject == .request }

    /// The hook points whose fixes rewrite responses before they are read.
    public static let responses: [HookPoint] = all.filter { $0.subject == .response }

    /// The token and refresh responses: where a token response fix acts unless it says otherwise.
    public static let tokenResponses: [HookPoint] = [.accessTokenResponse, .refreshResponse]

    /// The token and refresh requests.
    public static let tokenRequests: [HookPoint] = [.accessTokenRequest, .refreshRequest]

    /// The hook point with this name.
    public init?(name: String) {
        guard let point = Self.all.first(where: { $0.name == name }) else { return nil }
        self = point
    }

    /// The hook point's position in ``all``: pipelines are kept in arrays indexed by it.
    var index: Int { order }

    public static func == (lhs: HookPoint, rhs: HookPoint) -> Bool { lhs.order == rhs.order }
    public func hash(into hasher: inout Hasher) { hasher.combine(order) }
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
