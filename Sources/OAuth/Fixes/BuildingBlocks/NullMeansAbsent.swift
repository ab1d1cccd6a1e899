extension Fix {
    /// Removes the listed members when their value is `null`, such as Mailchimp's
    /// `"scope": null`: RFC 6749 §5.1 has them absent, not null.
    public static func nullMeansAbsent(id: FixID, summary: String? = nil, members: [String]) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Treats null " + members.joined(separator: ", ") + " as absent.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    for member in members where object[member] == JSONValue.null { object[member] = nil }
                }
            }],
            recipe: FixRecipe(kind: "null-means-absent", parameters: ["members": .strings(members)])
        )
    }
}

extension FixKind {
    /// ``Fix/nullMeansAbsent(id:summary:members:)``.
    public static let nullMeansAbsent = FixKind(
        name: "null-means-absent",
        summary: "Treats the listed members as absent when they are null.",
        parameters: [.init("members", "the member names")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .nullMeansAbsent(id: id, summary: summary, members: try parameters.strings("members"))
    }
}
