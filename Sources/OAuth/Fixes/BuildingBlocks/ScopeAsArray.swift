/// Joins a `scope` sent as a JSON array of strings (Twitch) into the space-separated string
/// RFC 6749 §5.1 requires.
public struct ScopeAsArray: BuildingBlock {
    public static let kind = "scope-as-array"
    public static let purpose = "Joins a scope sent as a JSON array into a space-separated string."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = ScopeAsArray()

    public init() {}

    public var summary: String { Self.purpose }

    public func stages() -> [FixStage] {
        [.tokenResponse { response in
            response.editJSONObject { object in
                guard case .array(let values)? = object["scope"] else { return false }
                let strings = values.compactMap(\.stringValue)
                guard strings.count == values.count else { return false }
                object["scope"] = .string(strings.joined(separator: " "))
                return true
            }
        }]
    }
}
