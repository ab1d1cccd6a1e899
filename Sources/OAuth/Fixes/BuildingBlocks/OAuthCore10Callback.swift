/// OAuth 1.0a providers that still follow OAuth Core 1.0's callback rules (Goodreads, TripIt):
/// no `oauth_callback_confirmed` in the temporary credentials, `oauth_callback` on the
/// authorization URL, no `oauth_verifier` in the callback or the token request.
///
/// OAuth Core 1.0's flow has the session-fixation hole RFC 5849 closed; the client still checks
/// that the callback's `oauth_token` is the pending one.
public struct OAuthCore10Callback: BuildingBlock {
    public static let kind = "oauth-core-1.0-callback"
    public static let purpose = "OAuth 1.0a: follows OAuth Core 1.0's callback rules (no confirmation, no verifier)."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = OAuthCore10Callback()

    public init() {}

    public var summary: String {
        "Follows OAuth Core 1.0's callback rules: no oauth_callback_confirmed, the callback on the authorization URL, no oauth_verifier."
    }

    public func stages() -> [FixStage] { [.setting(OAuth1CallbackRulesSetting.self, .core10)] }
}
