extension Fix {
    /// Joins a `scope` sent as a JSON array of strings (Twitch) into the space-separated string
    /// RFC 6749 §5.1 requires.
    public static func scopeAsArray(id: FixID, summary: String? = nil) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Joins a scope sent as a JSON array into a space-separated string.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard case .array(let values)? = object["scope"] else { return }
                    let strings = values.compactMap(\.stringValue)
                    guard strings.count == values.count else { return }
                    object["scope"] = .string(strings.joined(separator: " "))
                }
            }],
            recipe: FixRecipe(kind: "scope-as-array")
        )
    }
}

extension FixKind {
    /// ``Fix/scopeAsArray(id:summary:)``.
    public static let scopeAsArray = FixKind(
        name: "scope-as-array",
        summary: "Joins a scope sent as a JSON array into a space-separated string."
    ) { id, summary, _ throws(FixDefinitionError) in
        .scopeAsArray(id: id, summary: summary)
    }
}
