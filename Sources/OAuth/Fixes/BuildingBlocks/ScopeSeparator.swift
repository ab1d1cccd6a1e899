extension Fix {
    /// Uses another separator than the space between scopes: in the requests the client sends
    /// (`requests`), and when reading the granted `scope` of token responses (`responses`), as
    /// with GitHub's and Slack's commas.
    ///
    /// Reading a response splits the scope on the separator, trims spaces around each scope and
    /// joins them with single spaces.
    public static func scopeSeparator(id: FixID, summary: String? = nil, _ separator: String, requests: Bool = true, responses: Bool = true) -> Fix {
        var stages: [FixStage] = []
        if requests { stages.append(.scopeSeparator(separator)) }
        if responses {
            stages.append(.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard case .string(let scope)? = object["scope"], scope.contains(separator) else { return }
                    let scopes = scope.components(separatedBy: separator).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
                    object["scope"] = .string(scopes.joined(separator: " "))
                }
            })
        }
        let places = [requests ? "requests" : nil, responses ? "token responses" : nil].compactMap { $0 }.joined(separator: " and ")
        return Fix(
            id: id,
            summary: summary ?? "Separates scopes with \"\(separator)\" in \(places).",
            stages: stages,
            recipe: FixRecipe(kind: "scope-separator", parameters: ["separator": .string(separator), "requests": .bool(requests), "responses": .bool(responses)])
        )
    }
}

extension FixKind {
    /// ``Fix/scopeSeparator(id:summary:_:requests:responses:)``.
    public static let scopeSeparator = FixKind(
        name: "scope-separator",
        summary: "Separates scopes with something other than a space.",
        parameters: [
            .init("separator", "the separator, such as \",\""),
            .init("requests", "join requested scopes with it (default true)"),
            .init("responses", "split granted scopes on it (default true)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .scopeSeparator(
            id: id, summary: summary, try parameters.string("separator"),
            requests: try parameters.bool("requests", default: true), responses: try parameters.bool("responses", default: true)
        )
    }
}
