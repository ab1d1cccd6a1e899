/// How a client authenticates to the token endpoint (RFC 6749 §2.3), named as in RFC 7591.
public struct ClientAuthentication: Sendable, Hashable, CustomStringConvertible {
    /// The method's name: `client_secret_basic`, `client_secret_post` or `none`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// HTTP Basic with the form-encoded id and secret (RFC 6749 §2.3.1). The core's default.
    public static let basic = ClientAuthentication("client_secret_basic")
    /// `client_id` and `client_secret` in the form body.
    public static let post = ClientAuthentication("client_secret_post")
    /// A public client: `client_id` in the body, no secret.
    public static let none = ClientAuthentication("none")

    /// Every method.
    public static let all: [ClientAuthentication] = [.basic, .post, .none]

    /// The method with this name; `basic` and `post` are accepted as short forms.
    public init?(name: String) {
        switch name {
        case "client_secret_basic", "basic": self = .basic
        case "client_secret_post", "post": self = .post
        case "none": self = .none
        default: return nil
        }
    }

    public var description: String { name }
}
