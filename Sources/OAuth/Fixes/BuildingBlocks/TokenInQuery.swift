/// Sends the access token as a query parameter on protected requests instead of in the
/// `Authorization` header, as Weibo, Douban and Instagram want (RFC 6750 §2.3 names the
/// parameter `access_token`; some providers use others).
public struct TokenInQuery: BuildingBlock {
    public static let kind = "token-in-query"
    public static let purpose = "Sends the access token as a query parameter on protected requests."
    public static let parameters: [BlockParameter<Self>] = [.value("parameter", \.parameter, "the query parameter")]
    public static let example = TokenInQuery()

    /// The query parameter.
    public var parameter = "access_token"

    /// Creates the block.
    public init(parameter: String) { self.parameter = parameter }
    public init() {}

    public var summary: String { "Sends the access token as the query parameter \(parameter) instead of in the Authorization header." }

    public func stages() -> [FixStage] { [.setting(TokenPlacementSetting.self, .query(parameter))] }
}
