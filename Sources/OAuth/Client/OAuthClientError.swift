/// What went wrong in an ``OAuthClient`` beyond a token response or the transport.
public enum OAuthClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is no token: authorize first.
    case noToken
    /// The token has expired and cannot be refreshed (no refresh token).
    case tokenExpired
    /// The refresh failed with an OAuth error (such as `invalid_grant`): the grant is gone, the
    /// stored token was cleared, and the user must authorize again.
    case reauthorizationRequired(OAuthError)
    /// A token, revocation or introspection endpoint answered with a redirect, which is never
    /// followed (the request carries secrets).
    case unexpectedRedirect(status: Int, location: String?)
    /// A protected request was redirected from https to http.
    case insecureRedirect(to: String)
    /// A protected request was redirected more times than allowed.
    case tooManyRedirects(Int)
    /// A token request needs a `client_id`, and none was given.
    case missingClientID
    /// The token is not sent to this origin: it is not one of the provider's resource origins
    /// (widen them with ``OAuthClient/Configuration/additionalResourceOrigins``).
    case originNotAllowed(String)
    /// Another holder of a shared token store held the refresh lease, and no new token came
    /// within the wait (``SharedRefreshPolicy/waitTimeout``).
    case refreshWaitTimedOut(seconds: Int)

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        if case .refreshWaitTimedOut = self { return true }
        return false
    }

    /// Whether the grant is gone and the user must authorize again.
    public var isReauthorizationRequired: Bool {
        if case .reauthorizationRequired = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .noToken: "client: expected a token, got none (authorize first)"
        case .tokenExpired: "client: expected a valid token, got an expired one without a refresh token"
        case .reauthorizationRequired(let error): "client: the refresh was refused (\(error)); authorize again"
        case .unexpectedRedirect(let status, let location): "client: expected an answer from the endpoint, got a redirect (HTTP \(status)\(location.map { " to \($0)" } ?? "")), which is not followed"
        case .insecureRedirect(let target): "client: refused a redirect from https to \(target)"
        case .tooManyRedirects(let count): "client: expected at most \(count) redirects, got more"
        case .missingClientID: "client: expected a client_id for the token request, got none"
        case .originNotAllowed(let origin): "client: the token is not sent to \(origin), which is not a resource origin of this provider"
        case .refreshWaitTimedOut(let seconds): "client: expected another holder of the shared store to refresh the token within \(seconds) s, got no new token"
        }
    }
}
