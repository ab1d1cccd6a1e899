/// Authenticates the client at the token endpoint another way than HTTP Basic, such as
/// Twitch's `client_secret_post`: `client_id` and `client_secret` in the form body.
public struct ClientAuthenticationStyle: BuildingBlock {
    public static let kind = "client-authentication"
    public static let purpose = "Authenticates the client another way than HTTP Basic."
    public static let parameters: [BlockParameter<Self>] = [.value("method", \.method, "the method, by its RFC 7591 name", required: true)]
    public static let example = ClientAuthenticationStyle(method: .post)

    /// The method.
    public var method = ClientAuthentication.basic

    /// Creates the block.
    public init(method: ClientAuthentication) { self.method = method }
    public init() {}

    public var summary: String { "Authenticates the client with \(method.name) instead of HTTP Basic." }

    public func stages() -> [FixStage] { [.setting(ClientAuthenticationSetting.self, method)] }
}
