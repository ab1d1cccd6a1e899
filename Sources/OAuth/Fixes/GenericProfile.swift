extension Fix {
    /// The common tolerances, for a provider nobody has registered yet: form-encoded and
    /// mislabelled JSON bodies, errors sent with 200, a missing `token_type`, an `expires_in`
    /// string, null members and a scope array.
    ///
    /// Each is a fix of its own under `generic.*`, so one can be turned off:
    ///
    /// ```swift
    /// let provider = Provider(name: "acme", displayName: "Acme", endpoints: endpoints, fixes: Fix.genericProfile)
    /// ```
    public static let genericProfile: [Fix] = [
        .formEncodedBody(id: "generic.form-encoded-body"),
        .jsonUnderOtherContentType(id: "generic.json-under-other-content-type", contentTypes: ["text/plain", "text/html", "text/javascript", "application/javascript"]),
        .errorInSuccessBody(id: "generic.error-in-success-body"),
        .defaultTokenType(id: "generic.missing-token-type"),
        .coerceExpiresIn(id: "generic.expires-in-as-string"),
        .nullMeansAbsent(id: "generic.null-members", members: ["expires_in", "refresh_token", "scope"]),
        .scopeAsArray(id: "generic.scope-as-array"),
    ]
}
