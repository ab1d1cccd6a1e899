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
        Fix(id: "generic.form-encoded-body", FormEncodedBody()),
        Fix(id: "generic.json-under-other-content-type", JSONUnderOtherContentType(contentTypes: ["text/plain", "text/html", "text/javascript", "application/javascript"])),
        Fix(id: "generic.error-in-success-body", ErrorInSuccessBody()),
        Fix(id: "generic.missing-token-type", DefaultTokenType()),
        Fix(id: "generic.expires-in-as-string", CoerceExpiresIn()),
        Fix(id: "generic.null-members", NullMeansAbsent(members: ["expires_in", "refresh_token", "scope"])),
        Fix(id: "generic.scope-as-array", ScopeAsArray()),
    ]
}
