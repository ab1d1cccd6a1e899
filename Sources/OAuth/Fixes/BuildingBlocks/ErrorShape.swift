/// Maps an error body that is not RFC 6749 §5.2 shaped, such as Fitbit's
/// `{"errors":[{"errorType":…,"message":…}]}` or Twitch's `{"status":400,"message":…}`, to
/// `{"error":…,"error_description":…}`.
///
/// The code comes, in this order, from `codes` (the text at `descriptionPath` mapped to an RFC
/// code), from the value at `codePath`, or from `fallbackCode` when the body has no string
/// `error`. The other members stay; an `error` member that is not a string, or is replaced,
/// moves to `provider_error`. A body with an `access_token` is left alone.
public struct ErrorShape: BuildingBlock {
    public static let kind = "error-shape"
    public static let purpose = "Maps a non-RFC error body to error and error_description."
    public static let parameters: [BlockParameter<Self>] = [
        .value("codePath", \.codePath, "where the error code is, such as [\"errors\", 0, \"errorType\"]"),
        .value("descriptionPath", \.descriptionPath, "where the human-readable message is"),
        .value("codes", \.codes, "an object mapping messages to RFC error codes"),
        .value("fallbackCode", \.fallbackCode, "the code when nothing else gives one"),
    ]
    public static let example = ErrorShape(codePath: [.key("errors"), .index(0), .key("errorType")], descriptionPath: [.key("errors"), .index(0), .key("message")])

    /// Where the error code is.
    public var codePath: [JSONPathComponent]? = nil
    /// Where the message is.
    public var descriptionPath: [JSONPathComponent]? = nil
    /// Messages mapped to RFC error codes.
    public var codes: NameValuePairs = [:]
    /// The code when nothing else gives one.
    public var fallbackCode: String? = nil

    /// Creates the block.
    public init(codePath: [JSONPathComponent]?, descriptionPath: [JSONPathComponent]?) {
        self.codePath = codePath
        self.descriptionPath = descriptionPath
    }
    public init() {}

    public var summary: String {
        let shape = [codePath.map { "code at " + $0.map(\.description).joined(separator: ".") },
                     descriptionPath.map { "description at " + $0.map(\.description).joined(separator: ".") }].compactMap { $0 }
        return "Maps a non-RFC error body (\(shape.joined(separator: ", "))) to error and error_description."
    }

    public func stages() -> [FixStage] {
        let codePath = codePath, descriptionPath = descriptionPath, codes = codes, fallbackCode = fallbackCode
        return [.tokenResponse { response in
            response.modifyJSONObject { object in
                guard object["access_token"] == nil else { return }
                let root = JSONValue.object(object)
                let description = descriptionPath.flatMap { root[path: $0] }.flatMap(\.stringValue)
                let existing = object["error"]?.stringValue
                var code: String?
                if let description, let mapped = codes.first(where: { $0.name == description }) {
                    code = mapped.value
                } else if existing == nil, let codePath, let value = root[path: codePath] {
                    switch value {
                    case .string(let text) where !text.isEmpty: code = text
                    case .number(let number): code = number.literal
                    default: break
                    }
                }
                if code == nil, existing == nil { code = fallbackCode }
                guard let code, code != existing else { return }
                if let original = object["error"] { object["provider_error"] = original }
                object["error"] = .string(code)
                if object["error_description"] == nil, let description { object["error_description"] = .string(description) }
            }
        }]
    }
}
