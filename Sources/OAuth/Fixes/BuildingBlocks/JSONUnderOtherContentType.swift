extension Fix {
    /// Accepts a JSON object body sent under a non-JSON `Content-Type`, such as Weibo's
    /// `text/plain;charset=UTF-8`, by correcting the header to `application/json`.
    ///
    /// Acts only when the body parses as a JSON object and, if `contentTypes` is given, the
    /// declared type is one of them.
    public static func jsonUnderOtherContentType(id: FixID, summary: String? = nil, contentTypes: [String]? = nil) -> Fix {
        let types = contentTypes?.map { $0.lowercased() }
        return Fix(
            id: id,
            summary: summary ?? "Accepts a JSON token body sent under \(contentTypes?.joined(separator: ", ") ?? "a non-JSON content type").",
            stages: [.tokenResponse { response in
                guard !response.hasJSONContentType else { return }
                if let types {
                    guard MediaType.essence(of: response.contentType, isOneOf: types) else { return }
                }
                guard case .object? = response.sniffJSON() else { return }
                response.headers["Content-Type"] = MediaType.json
            }],
            recipe: FixRecipe(kind: "json-under-other-content-type", parameters: contentTypes.map { ["contentTypes": .strings($0)] } ?? [:])
        )
    }
}

extension FixKind {
    /// ``Fix/jsonUnderOtherContentType(id:summary:contentTypes:)``.
    public static let jsonUnderOtherContentType = FixKind(
        name: "json-under-other-content-type",
        summary: "Accepts a JSON token body sent under a non-JSON content type.",
        parameters: [.init("contentTypes", "the declared media types to accept (default: any)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .jsonUnderOtherContentType(id: id, summary: summary, contentTypes: try parameters.optionalStrings("contentTypes"))
    }
}
