extension Fix {
    /// Adds `token_type` when a successful token response leaves it out (Weibo, Douban,
    /// Instagram, Facebook's legacy body); RFC 6749 §5.1 requires it.
    public static func defaultTokenType(id: FixID, summary: String? = nil, _ type: String = "Bearer") -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Adds token_type \"\(type)\" when the token response leaves it out.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    if object["token_type"] == nil, object["access_token"] != nil, object["error"] == nil {
                        object["token_type"] = .string(type)
                    }
                }
            }],
            recipe: FixRecipe(kind: "default-token-type", parameters: ["type": .string(type)])
        )
    }
}

extension FixKind {
    /// ``Fix/defaultTokenType(id:summary:_:)``.
    public static let defaultTokenType = FixKind(
        name: "default-token-type",
        summary: "Adds a token_type when the token response leaves it out.",
        parameters: [.init("type", "the type to add (default Bearer)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .defaultTokenType(id: id, summary: summary, try parameters.string("type", default: "Bearer"))
    }
}
