import Foundation

/// One way for a client to authenticate to the authorization server's endpoints (RFC 6749
/// §2.3), named as in RFC 7591's `token_endpoint_auth_method`.
///
/// The core ships `client_secret_basic`, `client_secret_post` and `none`; a method such as
/// `private_key_jwt` (RFC 7523) is one more type, with no change to the engine:
///
/// ```swift
/// struct PrivateKeyJWT: ClientAuthenticationMethod {
///     let name = "private_key_jwt"
///     let sign: @Sendable (_ claims: JSONObject) throws -> String
///     func authenticate(_ request: inout ClientAuthenticationRequest, client: ClientCredentials) throws {
///         request.parameters.append("client_id", client.id)
///         request.parameters.append("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
///         request.parameters.append("client_assertion", try sign(["iss": .string(client.id), "sub": .string(client.id),
///                                                                   "aud": .string(request.endpoint.absoluteString)]))
///     }
/// }
/// let authentication = ClientAuthentication(PrivateKeyJWT(sign: mySigner))
/// ```
public protocol ClientAuthenticationMethod: Sendable {
    /// The method's name, as RFC 7591 registers it: `client_secret_basic`.
    var name: String { get }
    /// Puts the client's credentials on a request to one of the server's endpoints.
    ///
    /// - Throws: when the credentials cannot be produced (a signing key that fails).
    func authenticate(_ request: inout ClientAuthenticationRequest, client: ClientCredentials) throws
}

/// The parts of a request to the authorization server that client authentication may edit.
public struct ClientAuthenticationRequest: Sendable {
    /// The endpoint the request goes to (a JWT assertion's audience).
    public let endpoint: URL
    /// The request's header fields.
    public var headers: HTTPHeaders
    /// The form parameters of the request body.
    public var parameters: FormParameters

    /// Creates the editable parts of a request.
    public init(endpoint: URL, headers: HTTPHeaders = [:], parameters: FormParameters = []) {
        self.endpoint = endpoint
        self.headers = headers
        self.parameters = parameters
    }
}

/// A client authentication method, as a provider declares it and a client overrides it.
public struct ClientAuthentication: Sendable, Hashable, CustomStringConvertible {
    /// The method.
    public let method: any ClientAuthenticationMethod

    /// Wraps a method.
    public init(_ method: any ClientAuthenticationMethod) {
        self.method = method
    }

    /// The method's RFC 7591 name.
    public var name: String { method.name }

    /// HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1). The core's default.
    public static let basic = ClientAuthentication(ClientSecretBasic())
    /// `client_id` and `client_secret` in the form body (RFC 6749 §2.3.1).
    public static let post = ClientAuthentication(ClientSecretPost())
    /// A public client: `client_id` in the body, no secret (RFC 6749 §2.1, RFC 7591 `none`).
    public static let none = ClientAuthentication(PublicClientAuthentication())

    /// The methods provider JSON may name.
    public static let named: [ClientAuthentication] = [.basic, .post, .none]

    /// The method with this name among ``named``; `basic` and `post` are accepted as short forms.
    public init?(name: String) {
        let full = name == "basic" ? "client_secret_basic" : name == "post" ? "client_secret_post" : name
        guard let known = Self.named.first(where: { $0.name == full }) else { return nil }
        self = known
    }

    /// Methods are equal when their names are.
    public static func == (lhs: ClientAuthentication, rhs: ClientAuthentication) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public var description: String { name }
}

/// How the client authenticates at the authorization server's endpoints: ``ClientAuthentication/basic``
/// unless a fix says otherwise.
public enum ClientAuthenticationSetting: ProviderSetting {
    public static let name = "client authentication"
    public static var defaultValue: ClientAuthentication { .basic }
    public static let hookPoints: [HookPoint] = [
        .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest, .revocationRequest, .introspectionRequest,
    ]
}

extension HookPipelines {
    /// How the client authenticates at the server's endpoints (``ClientAuthenticationSetting``).
    public var clientAuthentication: ClientAuthentication { self[ClientAuthenticationSetting.self] }
}
