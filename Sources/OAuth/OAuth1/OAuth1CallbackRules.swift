/// Which rules an OAuth 1.0a server follows for the callback.
public enum OAuth1CallbackRules: String, Sendable, Hashable, CustomStringConvertible {
    /// RFC 5849 (OAuth 1.0a): `oauth_callback` goes with the temporary-credentials request and
    /// must come back confirmed (`oauth_callback_confirmed=true`); the callback carries
    /// `oauth_verifier`, which the token-credentials request sends.
    case rfc5849 = "rfc5849"
    /// OAuth Core 1.0 (2007), before the session-fixation fix: no `oauth_callback_confirmed`,
    /// `oauth_callback` goes on the authorization URL, the callback carries no `oauth_verifier`.
    /// Goodreads and TripIt kept it.
    case core10 = "core-1.0"

    /// `rfc5849` or `core-1.0`.
    public var description: String { rawValue }
}

/// OAuth 1.0a: the callback rules the provider follows: ``OAuth1CallbackRules/rfc5849`` unless
/// a fix says otherwise.
public enum OAuth1CallbackRulesSetting: ProviderSetting {
    public static let name = "OAuth 1.0a callback rules"
    public static var defaultValue: OAuth1CallbackRules { .rfc5849 }
    public static let hookPoints: [HookPoint] = [.requestTokenRequest, .requestTokenResponse, .authorizationRequest, .authorizationResponse, .accessTokenRequest]
}

extension HookPipelines {
    /// OAuth 1.0a: the callback rules (``OAuth1CallbackRulesSetting``).
    public var oauth1CallbackRules: OAuth1CallbackRules { self[OAuth1CallbackRulesSetting.self] }
}
