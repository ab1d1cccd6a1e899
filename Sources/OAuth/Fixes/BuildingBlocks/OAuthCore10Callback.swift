extension Fix {
    /// OAuth 1.0a providers that still follow OAuth Core 1.0's callback rules (Goodreads,
    /// TripIt): no `oauth_callback_confirmed` in the temporary credentials, `oauth_callback` on
    /// the authorization URL, no `oauth_verifier` in the callback or the token request.
    ///
    /// OAuth Core 1.0's flow has the session-fixation hole RFC 5849 closed; the client still
    /// checks that the callback's `oauth_token` is the pending one.
    public static func oauthCore10Callback(id: FixID, summary: String? = nil) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Follows OAuth Core 1.0's callback rules: no oauth_callback_confirmed, the callback on the authorization URL, no oauth_verifier.",
            stages: [.oauth1CallbackRules(.core10)],
            recipe: FixRecipe(kind: "oauth-core-1.0-callback")
        )
    }
}

extension FixKind {
    /// ``Fix/oauthCore10Callback(id:summary:)``.
    public static let oauthCore10Callback = FixKind(
        name: "oauth-core-1.0-callback",
        summary: "OAuth 1.0a: follows OAuth Core 1.0's callback rules (no confirmation, no verifier).",
        parameters: []
    ) { id, summary, _ throws(FixDefinitionError) in
        .oauthCore10Callback(id: id, summary: summary)
    }
}
