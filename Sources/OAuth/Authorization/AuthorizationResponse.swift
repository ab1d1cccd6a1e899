/// The authorization server's redirect back to the client, once checked (state, issuer, no
/// error): the code, every parameter that came with it, and the values the provider's fixes
/// chose to keep with the token.
///
/// Fixes at ``HookPoint/authorizationResponse`` see it with a ``RequestContext`` holding the
/// client and its secret: they may refuse it (a callback signature that does not verify) or
/// keep a value the client needs later (QuickBooks' `realmId`).
public struct AuthorizationResponse: Sendable, Hashable {
    /// The authorization code.
    public let code: String
    /// Every parameter of the callback's query that has a value, in order, `code` and `state`
    /// included.
    public let parameters: FormParameters
    /// Values to keep with the token, as extra members: what the fixes picked.
    public var kept: JSONObject

    /// Creates a response.
    public init(code: String, parameters: FormParameters, kept: JSONObject = [:]) {
        self.code = code
        self.parameters = parameters
        self.kept = kept
    }
}
