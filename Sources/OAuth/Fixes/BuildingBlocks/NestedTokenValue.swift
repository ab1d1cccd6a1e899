/// Reads an access token sent as an object, such as Yammer's
/// `{"access_token":{"token":"…","user_id":…,"network_id":…},"user":{…}}`, as the string
/// RFC 6749 §5.1 requires: the string at `path` inside the object becomes `access_token`, and
/// the object is kept as the extra member `keepAs`.
///
/// Acts only when `member` holds an object whose value at `path` is a non-empty string; an
/// `access_token` that is already a string is left alone.
public struct NestedTokenValue: BuildingBlock {
    public static let kind = "nested-token-value"
    public static let purpose = "Reads an access token sent as an object as the string inside it."
    public static let example = NestedTokenValue()
    public static let parameters: [BlockParameter<Self>] = [
        .value("member", \.member, "the member holding the object"),
        .value("path", \.path, "where the token string is inside the object"),
        .value("keepAs", \.keepAs, "the extra member that keeps the object, or null to drop it"),
    ]

    /// The member holding the object.
    public var member = "access_token"
    /// Where the token string is inside the object.
    public var path: [JSONPathComponent] = [.key("token")]
    /// The extra member that keeps the object; `nil` drops it.
    public var keepAs: String? = "access_token_details"

    /// Creates the block.
    public init(path: [JSONPathComponent], keepAs: String?) {
        self.path = path
        self.keepAs = keepAs
    }
    public init() {}

    public var summary: String {
        "Reads the access token from \(member).\(path.map(\.description).joined(separator: "."))"
            + (keepAs.map { ", keeping the object as \($0)" } ?? "") + "."
    }

    public func validate() throws(FixDefinitionError) {
        if path.isEmpty { throw .invalidParameter(kind: Self.kind, name: "path", expected: "a non-empty path", found: "an empty path") }
        if keepAs == member || keepAs?.isEmpty == true {
            throw .invalidParameter(kind: Self.kind, name: "keepAs", expected: "a member name other than \(member)", found: "\"\(keepAs ?? "")\"")
        }
    }

    public func stages() -> [FixStage] {
        let member = member, path = path, keepAs = keepAs
        return [.tokenResponse { response in
            response.modifyJSONObject { object in
                guard case .object(let nested)? = object[member],
                      case .string(let token)? = JSONValue.object(nested)[path: path], !token.isEmpty
                else { return }
                if let keepAs, object[keepAs] != nil { return }
                object[member] = .string(token)
                if let keepAs { object[keepAs] = .object(nested) }
            }
        }]
    }
}
