import Foundation

extension Fix {
    /// Sends token requests as a JSON object instead of a form (Notion, Atlassian and Cronofy
    /// document JSON bodies): the same parameters, as strings, with
    /// `Content-Type: application/json`.
    public static func jsonTokenRequest(id: FixID, summary: String? = nil, on hookPoints: [HookPoint] = [.accessTokenRequest, .refreshRequest]) -> Fix {
        let stage = FixStage.tokenRequests(at: hookPoints) { request, _ in
            let form = try request.formParameters
            var object = JSONObject()
            for parameter in form { object[parameter.name] = .string(parameter.value) }
            request.body = JSONWriter.data(.object(object))
            request.headers["Content-Type"] = MediaType.json
        }
        return Fix(
            id: id,
            summary: summary ?? "Sends token requests as a JSON body instead of a form.",
            stages: stage.map { [$0] } ?? [],
            recipe: FixRecipe(kind: "json-token-request", parameters: ["on": .array(hookPoints.map { .string($0.name) })])
        )
    }

    /// Sends token requests as `GET` with the parameters in the query instead of a `POST` form
    /// (QQ and WeChat document this; for OAuth 1.0a, Tumblr's and Goodreads' token calls).
    public static func getTokenRequest(id: FixID, summary: String? = nil, on hookPoints: [HookPoint] = [.accessTokenRequest, .refreshRequest]) -> Fix {
        let stage = FixStage.tokenRequests(at: hookPoints) { request, _ in
            var query = try request.queryParameters
            for parameter in try request.formParameters { query.append(parameter.name, parameter.value) }
            request.setQueryParameters(query)
            request.method = "GET"
            request.body = nil
            request.headers["Content-Type"] = nil
        }
        return Fix(
            id: id,
            summary: summary ?? "Sends token requests as GET with the parameters in the query.",
            stages: stage.map { [$0] } ?? [],
            recipe: FixRecipe(kind: "get-token-request", parameters: ["on": .array(hookPoints.map { .string($0.name) })])
        )
    }
}

extension FixKind {
    /// ``Fix/jsonTokenRequest(id:summary:on:)``.
    public static let jsonTokenRequest = FixKind(
        name: "json-token-request",
        summary: "Sends token requests as a JSON body.",
        parameters: [.init("on", "access-token-request and/or refresh-request (default both)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .jsonTokenRequest(id: id, summary: summary, on: try parameters.hookPoints("on", default: [.accessTokenRequest, .refreshRequest], allowed: [.accessTokenRequest, .refreshRequest]))
    }

    /// ``Fix/getTokenRequest(id:summary:on:)``.
    public static let getTokenRequest = FixKind(
        name: "get-token-request",
        summary: "Sends token requests as GET with the parameters in the query.",
        parameters: [.init("on", "access-token-request, refresh-request and/or request-token-request (default the first two)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .getTokenRequest(
            id: id, summary: summary,
            on: try parameters.hookPoints("on", default: [.accessTokenRequest, .refreshRequest], allowed: [.accessTokenRequest, .refreshRequest, .requestTokenRequest])
        )
    }
}
