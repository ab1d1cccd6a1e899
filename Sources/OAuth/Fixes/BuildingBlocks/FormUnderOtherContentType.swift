import Foundation

extension Fix {
    /// OAuth 1.0a: accepts a credentials body that is `application/x-www-form-urlencoded` in all
    /// but name, sent as `text/html` or `text/plain`, by correcting the header.
    ///
    /// Acts only when the body decodes as a form holding `oauth_token` or `oauth_problem` with
    /// no name twice and, if `contentTypes` is given, the declared type is one of them; an HTML
    /// page stays an HTML page.
    public static func formUnderOtherContentType(
        id: FixID, summary: String? = nil, contentTypes: [String]? = nil, on hookPoints: [HookPoint] = [.requestTokenResponse, .accessTokenResponse]
    ) -> Fix {
        let types = contentTypes?.map { $0.lowercased() }
        var recipeParameters: JSONObject = ["on": .strings(hookPoints.map(\.name))]
        if let contentTypes { recipeParameters["contentTypes"] = .strings(contentTypes) }
        let stage = FixStage.responses(at: hookPoints) { response in
            guard MediaType.essence(of: response.contentType) != MediaType.formURLEncoded else { return }
            if let types {
                guard MediaType.essence(of: response.contentType, isOneOf: types) else { return }
            }
            guard let form = try? FormParameters(decoding: response.body), form["oauth_token"] != nil || form["oauth_problem"] != nil,
                  Set(form.map(\.name)).count == form.parameters.count
            else { return }
            response.headers["Content-Type"] = MediaType.formURLEncoded
        }
        return Fix(
            id: id,
            summary: summary ?? "Accepts OAuth 1.0a credentials sent form-encoded under \(contentTypes?.joined(separator: ", ") ?? "another content type").",
            stages: stage.map { [$0] } ?? [],
            recipe: FixRecipe(kind: "form-under-other-content-type", parameters: recipeParameters)
        )
    }
}

extension FixKind {
    /// ``Fix/formUnderOtherContentType(id:summary:contentTypes:on:)``.
    public static let formUnderOtherContentType = FixKind(
        name: "form-under-other-content-type",
        summary: "OAuth 1.0a: accepts credentials sent form-encoded under another content type.",
        parameters: [
            .init("contentTypes", "the declared media types to accept (default: any)"),
            .init("on", "hook points among request-token-response, access-token-response (default both)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .formUnderOtherContentType(
            id: id, summary: summary, contentTypes: try parameters.optionalStrings("contentTypes"),
            on: try parameters.hookPoints("on", default: [.requestTokenResponse, .accessTokenResponse], allowed: [.requestTokenResponse, .accessTokenResponse])
        )
    }
}
