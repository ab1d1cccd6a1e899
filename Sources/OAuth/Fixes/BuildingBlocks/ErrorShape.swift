extension Fix {
    /// Maps an error body that is not RFC 6749 §5.2 shaped, such as Fitbit's
    /// `{"errors":[{"errorType":…,"message":…}]}` or Twitch's `{"status":400,"message":…}`, to
    /// `{"error":…,"error_description":…}`.
    ///
    /// The code comes, in this order, from `codes` (the text at `descriptionPath` mapped to an
    /// RFC code), from the value at `codePath`, or from `fallbackCode` when the body has no
    /// string `error`. The other members stay; an `error` member that is not a string, or is
    /// replaced, moves to `provider_error`. A body with an `access_token` is left alone.
    public static func errorShape(
        id: FixID, summary: String? = nil, codePath: [JSONPathComponent]? = nil, descriptionPath: [JSONPathComponent]? = nil,
        codes: [(text: String, code: String)] = [], fallbackCode: String? = nil
    ) -> Fix {
        var parameters: JSONObject = [:]
        if let codePath { parameters["codePath"] = .path(codePath) }
        if let descriptionPath { parameters["descriptionPath"] = .path(descriptionPath) }
        if !codes.isEmpty { parameters["codes"] = .pairs(codes.map { ($0.text, $0.code) }) }
        if let fallbackCode { parameters["fallbackCode"] = .string(fallbackCode) }
        let shape = [codePath.map { "code at " + $0.map(\.description).joined(separator: ".") },
                     descriptionPath.map { "description at " + $0.map(\.description).joined(separator: ".") }].compactMap { $0 }
        return Fix(
            id: id,
            summary: summary ?? "Maps a non-RFC error body (\(shape.joined(separator: ", "))) to error and error_description.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard object["access_token"] == nil else { return }
                    let root = JSONValue.object(object)
                    let description = descriptionPath.flatMap { root[path: $0] }.flatMap(\.stringValue)
                    let existing = object["error"]?.stringValue
                    var code: String?
                    if let description, let mapped = codes.first(where: { $0.text == description }) {
                        code = mapped.code
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
            }],
            recipe: FixRecipe(kind: "error-shape", parameters: parameters)
        )
    }
}

extension FixKind {
    /// ``Fix/errorShape(id:summary:codePath:descriptionPath:codes:fallbackCode:)``.
    public static let errorShape = FixKind(
        name: "error-shape",
        summary: "Maps a non-RFC error body to error and error_description.",
        parameters: [
            .init("codePath", "where the error code is, such as [\"errors\", 0, \"errorType\"]"),
            .init("descriptionPath", "where the human-readable message is"),
            .init("codes", "an object mapping messages to RFC error codes"),
            .init("fallbackCode", "the code when nothing else gives one"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .errorShape(
            id: id, summary: summary,
            codePath: try parameters.optionalPath("codePath"), descriptionPath: try parameters.optionalPath("descriptionPath"),
            codes: try parameters.stringPairs("codes", default: []).map { (text: $0.0, code: $0.1) },
            fallbackCode: try parameters.optionalString("fallbackCode")
        )
    }
}
