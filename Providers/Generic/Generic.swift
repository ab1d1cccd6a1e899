import OAuth

extension Provider {
    /// The common tolerances for a provider nobody has registered yet (``Fix/genericProfile``),
    /// with no endpoints of its own: give them when you use it.
    public static let generic = Provider(
        name: "generic",
        displayName: "Generic OAuth 2.0 server",
        endpoints: Endpoints(),
        fixes: Fix.genericProfile
    )
}
