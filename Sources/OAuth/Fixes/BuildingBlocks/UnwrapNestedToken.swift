/// Lifts a token response nested under a member, such as Withings'
/// `{"status":0,"body":{"access_token":…}}`, to the top level.
///
/// Acts only when the value at `path` is an object holding `access_token` or `error`. The outer
/// members other than the wrapper stay, unless the nested object has the same name.
public struct UnwrapNestedToken: BuildingBlock {
    public static let kind = "unwrap-nested-token"
    public static let purpose = "Lifts a token response nested under a member to the top level."
    public static let parameters: [BlockParameter<Self>] = [
        .value("path", \.path, "the member names and indexes leading to the token object", required: true),
    ]
    public static let example = UnwrapNestedToken(path: [.key("body")])

    /// The member names and indexes leading to the token object.
    public var path: [JSONPathComponent] = []

    /// Creates the block.
    public init(path: [JSONPathComponent]) { self.path = path }
    public init() {}

    public var summary: String { "Lifts the token response nested under \(path.map(\.description).joined(separator: ".")) to the top level." }

    public func validate() throws(FixDefinitionError) {
        guard case .key? = path.first else {
            throw .invalidParameter(kind: Self.kind, name: "path", expected: "a path starting with a member name", found: path.isEmpty ? "an empty path" : "an index first")
        }
    }

    public func stages() -> [FixStage] {
        let path = path
        return [.tokenResponse { response in
            response.modifyJSONObject { object in
                guard case .key(let wrapper)? = path.first,
                      case .object(let nested)? = JSONValue.object(object)[path: path],
                      nested["access_token"] != nil || nested["error"] != nil
                else { return }
                var lifted = nested
                for member in object where member.key != wrapper && lifted[member.key] == nil {
                    lifted[member.key] = member.value
                }
                object = lifted
            }
        }]
    }
}
