/// Replaces provider-specific `token_type` values that mean a bearer token, such as eBay's
/// `User Access Token` or Slack's `bot`, with `to`. Values are matched ignoring case.
public struct NormaliseTokenType: BuildingBlock {
    public static let kind = "normalise-token-type"
    public static let purpose = "Reads provider-specific token_type values as Bearer."
    public static let parameters: [BlockParameter<Self>] = [
        .value("from", \.values, "the provider's values", required: true),
        .value("to", \.type, "the type they mean"),
    ]
    public static let example = NormaliseTokenType(from: ["bot"])

    /// The provider's values.
    public var values: [String] = []
    /// The type they mean.
    public var type = "Bearer"

    /// Creates the block.
    public init(from values: [String]) { self.values = values }
    public init() {}

    public var summary: String { "Reads token_type " + values.map { "\"\($0)\"" }.joined(separator: ", ") + " as \"\(type)\"." }

    public func stages() -> [FixStage] {
        let values = values, type = type
        return [.tokenResponse { response in
            response.editJSONObject { object in
                guard case .string(let current)? = object["token_type"], values.contains(where: { $0.caseInsensitiveEquals(current) }),
                      JSONValue.string(type) != .string(current)
                else { return false }
                object["token_type"] = .string(type)
                return true
            }
        }]
    }
}
