extension Fix {
    /// Sends the access token as a query parameter on protected requests instead of in the
    /// `Authorization` header, as Weibo, Douban and Instagram want (RFC 6750 §2.3 names the
    /// parameter `access_token`; some providers use others).
    public static func tokenInQuery(id: FixID, summary: String? = nil, parameter: String = "access_token") -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Sends the access token as the query parameter \(parameter) instead of in the Authorization header.",
            stages: [.tokenPlacement(.query(parameter))],
            recipe: FixRecipe(kind: "token-in-query", parameters: ["parameter": .string(parameter)])
        )
    }

    /// Sends the access token as `Authorization: <scheme> <token>`, as Yandex and Mailchimp
    /// (`OAuth`) or Weibo's SDK (`OAuth2`) want.
    public static func authorizationScheme(id: FixID, summary: String? = nil, _ scheme: String) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Sends the access token as Authorization: \(scheme) <token>.",
            stages: [.tokenPlacement(.authorizationHeader(scheme: scheme))],
            recipe: FixRecipe(kind: "authorization-scheme", parameters: ["scheme": .string(scheme)])
        )
    }

    /// Sends the access token, bare, in a header of its own, as Shopify
    /// (`X-Shopify-Access-Token`) wants.
    public static func tokenInHeader(id: FixID, summary: String? = nil, name: String) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Sends the access token in the \(name) header instead of Authorization.",
            stages: [.tokenPlacement(.header(name))],
            recipe: FixRecipe(kind: "token-in-header", parameters: ["name": .string(name)])
        )
    }
}

extension FixKind {
    /// ``Fix/tokenInQuery(id:summary:parameter:)``.
    public static let tokenInQuery = FixKind(
        name: "token-in-query",
        summary: "Sends the access token as a query parameter on protected requests.",
        parameters: [.init("parameter", "the query parameter (default access_token)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .tokenInQuery(id: id, summary: summary, parameter: try parameters.string("parameter", default: "access_token"))
    }

    /// ``Fix/authorizationScheme(id:summary:_:)``.
    public static let authorizationScheme = FixKind(
        name: "authorization-scheme",
        summary: "Sends the access token with another Authorization scheme than Bearer.",
        parameters: [.init("scheme", "the scheme, such as OAuth")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .authorizationScheme(id: id, summary: summary, try parameters.string("scheme"))
    }

    /// ``Fix/tokenInHeader(id:summary:name:)``.
    public static let tokenInHeader = FixKind(
        name: "token-in-header",
        summary: "Sends the access token in a header of its own.",
        parameters: [.init("name", "the header name")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .tokenInHeader(id: id, summary: summary, name: try parameters.string("name"))
    }
}
