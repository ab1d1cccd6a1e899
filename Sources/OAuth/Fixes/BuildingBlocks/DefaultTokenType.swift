/// Adds `token_type` when a successful token response leaves it out (Weibo, Douban,
/// Instagram, Facebook's legacy body); RFC 6749 §5.1 requires it.
public struct DefaultTokenType: BuildingBlock {
    public static let kind = "default-token-type"
    public static let purpose = "Adds a token_type when the token response leaves it out."
    public static let parameters: [BlockParameter<Self>] = [.value("type", \.type, "the type to add")]
    public static let example = DefaultTokenType()

    /// The type to add.
    public var type = "Bearer"

    /// Creates the block.
    public init(type: String) { self.type = type }
    public init() {}

    public var summary: String { "Adds token_type \"\(type)\" when the token response leaves it out." }

    public func stages() -> [FixStage] {
        let type = type
        return [.tokenResponse { response in
            response.editJSONObject { object in
                guard !object.contains("token_type"), object.contains("access_token"), !object.contains("error") else { return false }
                object.appendNew("token_type", .string(type))
                return true
            }
        }]
    }
}
