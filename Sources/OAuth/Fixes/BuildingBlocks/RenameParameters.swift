extension Fix {
    /// Renames standard parameters to the provider's names: in the authorization URL
    /// (WeChat's `appid` for `client_id`, Untappd's `redirect_url`) and in token request bodies
    /// (TikTok's `client_key`).
    public static func renameParameters(
        id: FixID, summary: String? = nil, _ renames: [(from: String, to: String)],
        on hookPoints: [HookPoint] = [.authorizationRequest]
    ) -> Fix {
        var stages: [FixStage] = []
        if hookPoints.contains(.authorizationRequest) {
            stages.append(.authorizationRequest { request in
                for rename in renames { request.parameters.rename(rename.from, to: rename.to) }
            })
        }
        let tokenStage = FixStage.tokenRequests(at: hookPoints) { request, _ in
            var body = try request.formParameters
            for rename in renames { body.rename(rename.from, to: rename.to) }
            request.setFormParameters(body)
        }
        if let tokenStage { stages.append(tokenStage) }
        return Fix(
            id: id,
            summary: summary ?? "Renames " + renames.map { "\($0.from) to \($0.to)" }.joined(separator: ", ") + " in \(hookPoints.map(\.name).joined(separator: ", ")) requests.",
            stages: stages,
            recipe: FixRecipe(kind: "rename-parameters", parameters: [
                "renames": .pairs(renames.map { ($0.from, $0.to) }), "on": .strings(hookPoints.map(\.name)),
            ])
        )
    }
}

extension FixKind {
    /// ``Fix/renameParameters(id:summary:_:on:)``.
    public static let renameParameters = FixKind(
        name: "rename-parameters",
        summary: "Renames standard parameters in the authorization URL or token requests.",
        parameters: [
            .init("renames", "an object mapping each standard name to the provider's"),
            .init("on", "hook points among authorization-request, access-token-request, refresh-request (default the first)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        let points = try parameters.hookPoints("on", default: [.authorizationRequest], allowed: [.authorizationRequest, .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest])
        return .renameParameters(id: id, summary: summary, try parameters.stringPairs("renames").map { (from: $0.0, to: $0.1) }, on: points)
    }
}
