extension Fix {
    /// Authenticates the client at the token endpoint another way than HTTP Basic, such as
    /// Twitch's `client_secret_post`: `client_id` and `client_secret` in the form body.
    public static func clientAuthentication(id: FixID, summary: String? = nil, _ method: ClientAuthentication) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Authenticates the client with \(method.name) instead of HTTP Basic.",
            stages: [.clientAuthentication(method)],
            recipe: FixRecipe(kind: "client-authentication", parameters: ["method": .string(method.name)])
        )
    }
}

extension FixKind {
    /// ``Fix/clientAuthentication(id:summary:_:)``.
    public static let clientAuthentication = FixKind(
        name: "client-authentication",
        summary: "Authenticates the client another way than HTTP Basic.",
        parameters: [.init("method", "client_secret_basic, client_secret_post or none")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        let name = try parameters.string("method")
        guard let method = ClientAuthentication(name: name) else {
            throw .invalidParameter(kind: "client-authentication", name: "method", expected: "client_secret_basic, client_secret_post or none", found: "\"\(name)\"")
        }
        return .clientAuthentication(id: id, summary: summary, method)
    }
}
