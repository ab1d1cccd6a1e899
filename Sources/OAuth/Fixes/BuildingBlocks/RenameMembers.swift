extension Fix {
    /// Renames token response members to their RFC 6749 names, such as Facebook's legacy
    /// `expires` to `expires_in`. A member is renamed only when the new name is not already
    /// present.
    ///
    /// `on` chooses the responses: token and refresh responses by default, or the device
    /// authorization response (Google's `verification_url`).
    public static func renameMembers(
        id: FixID, summary: String? = nil, _ renames: [(from: String, to: String)],
        on hookPoints: [HookPoint] = [.accessTokenResponse, .refreshResponse]
    ) -> Fix {
        let stage = FixStage.responses(at: hookPoints) { response in
            response.modifyJSONObject { object in
                for rename in renames where object[rename.from] != nil && object[rename.to] == nil {
                    object.renameMember(rename.from, to: rename.to)
                }
            }
        }
        return Fix(
            id: id,
            summary: summary ?? "Renames " + renames.map { "\($0.from) to \($0.to)" }.joined(separator: ", ") + " in \(hookPoints.map(\.name).joined(separator: ", ")).",
            stages: stage.map { [$0] } ?? [],
            recipe: FixRecipe(kind: "rename-members", parameters: [
                "renames": .pairs(renames.map { ($0.from, $0.to) }), "on": .strings(hookPoints.map(\.name)),
            ])
        )
    }
}

extension FixKind {
    /// ``Fix/renameMembers(id:summary:_:on:)``.
    public static let renameMembers = FixKind(
        name: "rename-members",
        summary: "Renames token response members to their RFC 6749 names.",
        parameters: [
            .init("renames", "an object mapping each provider name to its RFC name"),
            .init("on", "response hook points (default access-token-response, refresh-response)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .renameMembers(
            id: id, summary: summary, try parameters.stringPairs("renames").map { (from: $0.0, to: $0.1) },
            on: try parameters.hookPoints("on", default: [.accessTokenResponse, .refreshResponse], allowed: HookPoint.responses)
        )
    }
}
