/// Sends the access token, bare, in a header of its own, as Shopify (`X-Shopify-Access-Token`)
/// wants.
public struct TokenInHeader: BuildingBlock {
    public static let kind = "token-in-header"
    public static let purpose = "Sends the access token in a header of its own."
    public static let parameters: [BlockParameter<Self>] = [.value("name", \.name, "the header name", required: true)]
    public static let example = TokenInHeader(name: "X-Shopify-Access-Token")

    /// The header name.
    public var name = "Authorization"

    /// Creates the block.
    public init(name: String) { self.name = name }
    public init() {}

    public var summary: String { "Sends the access token in the \(name) header instead of Authorization." }

    public func stages() -> [FixStage] { [.setting(TokenPlacementSetting.self, .header(name))] }
}
