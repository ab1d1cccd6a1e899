import Foundation

/// Whether trying again can help, read from any error the package throws: the one question a
/// caller asks of a failure before deciding to retry, back off, or send the user to sign in.
///
/// ```swift
/// do {
///     token = try await client.refresh()
/// } catch {
///     let advice = RetryAdvice(for: error)
///     if advice.isRetryable { try await Task.sleep(for: .seconds(advice.retryAfter ?? 30)) }
///     else if advice.requiresReauthorization { /* start a new authorization */ }
///     else { throw error }     // a change is needed first: configuration, credentials, the provider's fixes
/// }
/// ```
///
/// Retryable: transport failures that may pass (``TransportError/isTransient``: a timeout, a
/// reset or refused connection, a body cut short), 429 and 5xx answers
/// (``TokenResponseError/serverUnavailable(status:retryAfter:error:)``, with the server's
/// `Retry-After`), a shared token store that could not be reached (``RedisError/isTransient``) or
/// whose refresh lease outlasted the wait (``OAuthClientError/refreshWaitTimedOut(seconds:)``),
/// and the OAuth errors that ask for it (`temporarily_unavailable`, and in the
/// device flow `authorization_pending` and `slow_down`). Everything else needs a change first:
/// a refused grant, a malformed or HTML answer to a 2xx or 4xx, an insecure endpoint, a fix
/// that failed.
public struct RetryAdvice: Sendable, Hashable, CustomStringConvertible {
    /// Whether the same operation, tried again later unchanged, may succeed.
    public let isRetryable: Bool
    /// The delay the server asked for, in seconds (held to 0…3,600), when it gave one.
    public let retryAfter: Int?
    /// Whether the grant is gone and only a new authorization helps
    /// (``OAuthClientError/reauthorizationRequired(_:)``).
    public let requiresReauthorization: Bool

    /// OAuth error codes that ask the client to try again (RFC 6749 §4.1.2.1, RFC 8628 §3.5).
    public static let retryableOAuthErrors: Set<String> = ["temporarily_unavailable", "authorization_pending", "slow_down"]

    /// Reads the advice from an error.
    public init(for error: any Error) {
        switch error {
        case let error as TransportError:
            self.init(isRetryable: error.isTransient)
        case let error as TokenResponseError:
            if case .serverUnavailable(_, let retryAfter, _) = error {
                self.init(isRetryable: true, retryAfter: retryAfter)
            } else if case .oauth(let oauth) = error {
                self.init(isRetryable: Self.retryableOAuthErrors.contains(oauth.code.rawValue))
            } else {
                self.init(isRetryable: false)
            }
        case let error as OAuthError:
            self.init(isRetryable: Self.retryableOAuthErrors.contains(error.code.rawValue))
        case let error as RedisError:
            self.init(isRetryable: error.isTransient)
        case OAuthClientError.refreshWaitTimedOut:
            self.init(isRetryable: true)
        case let error as OAuthClientError:
            self.init(isRetryable: false, requiresReauthorization: error.isReauthorizationRequired)
        default:
            self.init(isRetryable: false)
        }
    }

    private init(isRetryable: Bool, retryAfter: Int? = nil, requiresReauthorization: Bool = false) {
        self.isRetryable = isRetryable
        self.retryAfter = retryAfter
        self.requiresReauthorization = requiresReauthorization
    }

    public var description: String {
        if requiresReauthorization { return "authorize again" }
        guard isRetryable else { return "do not retry: a change is needed first" }
        return retryAfter.map { "retry after \($0) s" } ?? "retry later"
    }
}
