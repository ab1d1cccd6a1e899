/// Sends the access token as `Authorization: <scheme> <token>`, as Yandex and Mailchimp
/// (`OAuth`) or Weibo's SDK (`OAuth2`) want.
public struct AuthorizationScheme: BuildingBlock {
    public static let kind = "authorization-scheme"
    public static let purpose = "Sends the access token with another Authorization scheme than Bearer."
    public static let parameters: [BlockParameter<Self>] = [.value("scheme", \.scheme, "the scheme, such as OAuth", required: true)]
    public static let example = AuthorizationScheme("OAuth")

    /// The scheme.
    public var scheme = "Bearer"

    /// Creates the block.
    public init(_ scheme: String) { self.scheme = scheme }
    public init() {}

    public var summary: String { "Sends the access token as Authorization: \(scheme) <token>." }

    public func stages() -> [FixStage] { [.setting(TokenPlacementSetting.self, .authorizationHeader(scheme: scheme))] }
}
