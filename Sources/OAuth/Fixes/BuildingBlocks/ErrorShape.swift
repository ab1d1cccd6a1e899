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
        // Each path as its first key and the rest, split once here rather than per response.
        let codePath = codePath.flatMap(Self.split), descriptionPath = descriptionPath.flatMap(Self.split)
        let codes = codes, fallbackCode = fallbackCode
        return [.tokenResponse { response in
            response.editJSONObject { object in
                guard !object.contains("access_token") else { return false }
                let description = descriptionPath.flatMap { Self.value(at: $0, in: object) }.flatMap(\.stringValue)
                let existing = object["error"]?.stringValue
                var code: String?
                if let description, let mapped = codes.first(where: { $0.name == description }) {
                    code = mapped.value
                } else if existing == nil, let codePath, let value = Self.value(at: codePath, in: object) {
                    switch value {
                    case .string(let text) where !text.isEmpty: code = text
                    case .number(let number): code = number.literal
                    default: break
                    }
                }
                if code == nil, existing == nil { code = fallbackCode }
                guard let code, code != existing else { return false }
                if let original = object["error"] { object["provider_error"] = original }
                object["error"] = .string(code)
                if !object.contains("error_description"), let description { object["error_description"] = .string(description) }
                return true
            }
        }]
    }

    /// A path into the body as its first member name and the rest; `nil` for a path that
    /// leads nowhere in an object (empty, or starting with an index).
    static func split(_ path: [JSONPathComponent]) -> (key: String, rest: [JSONPathComponent])? {
        guard case .key(let key)? = path.first else { return nil }
        return (key, Array(path.dropFirst()))
    }

    /// The value at a path in the body, read without wrapping the object in a second value
    /// that would keep it shared while the fix edits it.
    static func value(at path: (key: String, rest: [JSONPathComponent]), in object: JSONObject) -> JSONValue? {
        object[path.key].flatMap { $0[path: path.rest] }
    }
}
