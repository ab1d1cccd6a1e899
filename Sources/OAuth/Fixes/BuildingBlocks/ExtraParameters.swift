extension Fix {
    /// Adds parameters: to the authorization URL (Google's `access_type=offline`), to the form
    /// body of token requests (Withings' `action=requesttoken`, Twitter's OAuth 1.0a
    /// `x_auth_access_type` on the request-token call), or to the query of protected requests
    /// (VK's `v`).
    ///
    /// `{client_id}` in a value becomes the client's id. A parameter already present is left
    /// as it is. With `inQuery`, token-endpoint requests get the parameters in their query
    /// rather than their form body (Twitter documents `x_auth_access_type` as a query parameter).
    public static func extraParameters(
        id: FixID, summary: String? = nil, _ parameters: [(name: String, value: String)], on hookPoints: [HookPoint] = [.authorizationRequest],
        inQuery: Bool = false
    ) -> Fix {
        let templates = parameters.map { (name: $0.name, value: ClientIDTemplate($0.value)) }
        @Sendable func add(to list: inout FormParameters, clientID: String?) {
            for parameter in templates where list[parameter.name] == nil {
                list.append(parameter.name, parameter.value.filled(with: clientID))
            }
        }
        var stages: [FixStage] = []
        if hookPoints.contains(.authorizationRequest) {
            stages.append(.authorizationRequest { request in
                add(to: &request.parameters, clientID: request.parameters["client_id"])
            })
        }
        let tokenStage = FixStage.tokenRequests(at: hookPoints) { request, context in
            if inQuery {
                var query = try request.queryParameters
                add(to: &query, clientID: context.client.id)
                request.setQueryParameters(query)
            } else {
                var body = try request.formParameters
                add(to: &body, clientID: context.client.id)
                request.setFormParameters(body)
            }
        }
        if let tokenStage { stages.append(tokenStage) }
        if hookPoints.contains(.protectedRequest) {
            stages.append(.protectedRequest { request, context in
                var query = try request.queryParameters
                add(to: &query, clientID: context.clientID)
                request.setQueryParameters(query)
            })
        }
        let list = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        var recipe: JSONObject = ["parameters": .pairs(parameters.map { ($0.name, $0.value) }), "on": .strings(hookPoints.map(\.name))]
        if inQuery { recipe["inQuery"] = true }
        return Fix(
            id: id,
            summary: summary ?? "Adds \(list) to \(hookPoints.map(\.name).joined(separator: ", ")) requests.",
            stages: stages,
            recipe: FixRecipe(kind: "extra-parameters", parameters: recipe)
        )
    }
}

extension FixKind {
    /// ``Fix/extraParameters(id:summary:_:on:)``.
    public static let extraParameters = FixKind(
        name: "extra-parameters",
        summary: "Adds parameters to the authorization URL, token request bodies or protected request queries.",
        parameters: [
            .init("parameters", "an object of names and values; {client_id} is replaced"),
            .init("on", "hook points among authorization-request, access-token-request, refresh-request, device-authorization-request, request-token-request, protected-request (default the first)"),
            .init("inQuery", "true to put them in the query of token-endpoint requests instead of the form body (default false)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        let points = try parameters.hookPoints(
            "on", default: [.authorizationRequest], allowed: [.authorizationRequest, .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest, .requestTokenRequest, .protectedRequest]
        )
        let pairs = try parameters.stringPairs("parameters").map { (name: $0.0, value: $0.1) }
        return .extraParameters(id: id, summary: summary, pairs, on: points, inQuery: try parameters.bool("inQuery", default: false))
    }
}
