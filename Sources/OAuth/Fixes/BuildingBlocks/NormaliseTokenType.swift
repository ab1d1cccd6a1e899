extension Fix {
    /// Replaces provider-specific `token_type` values that mean a bearer token, such as eBay's
    /// `User Access Token` or Slack's `bot`, with `type`. Values are matched ignoring case.
    public static func normaliseTokenType(id: FixID, summary: String? = nil, from values: [String], to type: String = "Bearer") -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Reads token_type " + values.map { "\"\($0)\"" }.joined(separator: ", ") + " as \"\(type)\".",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard case .string(let current)? = object["token_type"], values.contains(where: { $0.caseInsensitiveEquals(current) }) else { return }
                    object["token_type"] = .string(type)
                }
            }],
            recipe: FixRecipe(kind: "normalise-token-type", parameters: ["from": .strings(values), "to": .string(type)])
        )
    }
}

extension FixKind {
    /// ``Fix/normaliseTokenType(id:summary:from:to:)``.
    public static let normaliseTokenType = FixKind(
        name: "normalise-token-type",
        summary: "Reads provider-specific token_type values as Bearer.",
        parameters: [.init("from", "the provider's values"), .init("to", "the type they mean (default Bearer)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .normaliseTokenType(id: id, summary: summary, from: try parameters.strings("from"), to: try parameters.string("to", default: "Bearer"))
    }
}
