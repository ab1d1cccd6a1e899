extension Fix {
    /// Reads a token body sent as `application/x-www-form-urlencoded` (or under another listed
    /// type, such as Facebook's `text/plain`) as the JSON object RFC 6749 §5.1 requires.
    ///
    /// Acts only when the `Content-Type` is one of `contentTypes`, the body is not JSON, and it
    /// decodes as a form holding `access_token`, `error` or `device_code` with no name twice; an HTML page is
    /// never read as a form. Members named in `numericMembers` whose values are digits become
    /// numbers.
    ///
    /// `on` chooses the responses: token and refresh responses by default; GitHub's device
    /// authorization response is form-encoded too.
    public static func formEncodedBody(
        id: FixID, summary: String? = nil, contentTypes: [String] = [MediaType.formURLEncoded, "text/plain"],
        numericMembers: [String] = ["expires_in", "expires", "interval"], on hookPoints: [HookPoint] = [.accessTokenResponse, .refreshResponse]
    ) -> Fix {
        let types = contentTypes.map { $0.lowercased() }
        let stage = FixStage.responses(at: hookPoints) { response in
            guard !response.hasJSONContentType, MediaType.essence(of: response.contentType, isOneOf: types),
                  !response.looksLikeJSON,
                  let form = try? FormParameters(decoding: response.body),
                  form["access_token"] != nil || form["error"] != nil || form["device_code"] != nil,
                  !form.parameters.indices.contains(where: { index in
                      form.parameters[..<index].contains { $0.name == form.parameters[index].name }
                  })
            else { return }
            var object = JSONObject()
            for parameter in form {
                let isDigits = !parameter.value.isEmpty && parameter.value.utf8.allSatisfy(\.isDigit)
                object[parameter.name] = numericMembers.contains(parameter.name) && isDigits
                    ? .number(JSONNumber(literal: parameter.value)) : .string(parameter.value)
            }
            response.setJSONObject(object)
        }
        return Fix(
            id: id,
            summary: summary ?? "Reads a form-encoded body (\(contentTypes.joined(separator: ", "))) as the JSON object RFC 6749 §5.1 requires.",
            stages: stage.map { [$0] } ?? [],
            recipe: FixRecipe(kind: "form-encoded-body", parameters: [
                "contentTypes": .strings(contentTypes), "numericMembers": .strings(numericMembers), "on": .strings(hookPoints.map(\.name)),
            ])
        )
    }
}

extension FixKind {
    /// ``Fix/formEncodedBody(id:summary:contentTypes:numericMembers:on:)``.
    public static let formEncodedBody = FixKind(
        name: "form-encoded-body",
        summary: "Reads a form-encoded token body as JSON.",
        parameters: [
            .init("contentTypes", "the media types to read as forms (default application/x-www-form-urlencoded, text/plain)"),
            .init("numericMembers", "members whose digit values become numbers (default expires_in, expires, interval)"),
            .init("on", "response hook points (default access-token-response, refresh-response)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .formEncodedBody(
            id: id, summary: summary,
            contentTypes: try parameters.strings("contentTypes", default: [MediaType.formURLEncoded, "text/plain"]),
            numericMembers: try parameters.strings("numericMembers", default: ["expires_in", "expires", "interval"]),
            on: try parameters.hookPoints("on", default: [.accessTokenResponse, .refreshResponse], allowed: HookPoint.responses)
        )
    }
}
