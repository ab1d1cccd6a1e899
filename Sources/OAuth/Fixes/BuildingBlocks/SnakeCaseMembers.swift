extension Fix {
    /// Renames camelCase token response members to snake_case, such as Plentymarkets'
    /// `accessToken` to `access_token`. Members already in snake_case are left alone, and a
    /// member is not renamed onto one that exists.
    public static func snakeCaseMembers(id: FixID, summary: String? = nil) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Renames camelCase token response members (accessToken, expiresIn, …) to snake_case.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    for key in object.keys {
                        let snake = snakeCase(key)
                        if snake != key, object[snake] == nil { object.renameMember(key, to: snake) }
                    }
                }
            }],
            recipe: FixRecipe(kind: "snake-case-members")
        )
    }

    /// `accessToken` → `access_token`: an underscore before each capital that follows a
    /// lowercase letter or digit, then all lowercase.
    static func snakeCase(_ key: String) -> String {
        var result = ""
        var previous: Character?
        for character in key {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { result.append("_") }
            result.append(contentsOf: character.lowercased())
            previous = character
        }
        return result
    }
}

extension FixKind {
    /// ``Fix/snakeCaseMembers(id:summary:)``.
    public static let snakeCaseMembers = FixKind(
        name: "snake-case-members",
        summary: "Renames camelCase token response members to snake_case."
    ) { id, summary, _ throws(FixDefinitionError) in
        .snakeCaseMembers(id: id, summary: summary)
    }
}
