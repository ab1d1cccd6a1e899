import Foundation

/// A token store that several clients share, in several processes or on several hosts: reads
/// come with a version, writes can be made conditional on it, and a refresh lease lets exactly
/// one holder refresh at a time.
///
/// ``OAuthClient`` uses these when its store conforms: a client that finds the token about to
/// expire re-reads it, takes the lease, re-reads again (another holder may have refreshed
/// already), refreshes only if still needed, writes the new token with
/// ``compareAndSet(_:expecting:)`` before anyone uses it, and releases the lease. The other
/// clients wait for the new version instead of refreshing. With refresh-token rotation and
/// reuse detection (RFC 9700 §4.14.2), two holders refreshing at once would lose the grant.
///
/// ```swift
/// let store = try RedisTokenStore(url: "redis://127.0.0.1:6379/0?key=github:alice")
/// let client = OAuthClient(provider: .github, credentials: credentials, store: store)
/// ```
public protocol SharedTokenStore: TokenStore {
    /// The stored token, or `nil`, with the version it has.
    func loadVersioned() async throws -> VersionedToken

    /// Replaces the stored token (or removes it, for `nil`) only if the store still holds
    /// `version`; otherwise leaves it and returns what it holds now.
    func compareAndSet(_ token: Token?, expecting version: TokenVersion) async throws -> CompareAndSetOutcome

    /// Takes the refresh lease for `owner` for at most `timeToLive` seconds, unless someone
    /// else holds it; returns whether `owner` holds it now. A lease whose holder dies ends by
    /// itself: when its time to live runs out, or when the holder's process ends.
    func acquireRefreshLease(owner: String, timeToLive: TimeInterval) async throws -> Bool

    /// Gives up the lease if `owner` still holds it; a lease that expired and passed to
    /// another holder is left alone.
    func releaseRefreshLease(owner: String) async throws
}

/// A version of what a ``SharedTokenStore`` holds: any change of the stored token gives a new
/// one, so comparing versions says whether another holder wrote in between.
public struct TokenVersion: Sendable, Hashable, CustomStringConvertible {
    /// The store's own spelling of the version (a counter, a digest).
    public let rawValue: String

    /// Creates a version from the store's spelling.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// The version of a store that never held a token.
    public static let absent = TokenVersion("")

    public var description: String { rawValue.isEmpty ? "absent" : rawValue }
}

/// A token as a ``SharedTokenStore`` holds it, with its version.
public struct VersionedToken: Sendable, Hashable {
    /// The stored token, or `nil`.
    public var token: Token?
    /// The version of what is stored.
    public var version: TokenVersion

    /// Creates a versioned token.
    public init(token: Token?, version: TokenVersion) {
        self.token = token
        self.version = version
    }
}

/// What ``SharedTokenStore/compareAndSet(_:expecting:)`` did.
public enum CompareAndSetOutcome: Sendable, Hashable {
    /// The token was written; this is its version.
    case written(TokenVersion)
    /// Another holder wrote first: nothing was written, and this is what the store holds.
    case conflict(VersionedToken)
}

/// How an ``OAuthClient`` refreshes through a ``SharedTokenStore``.
public struct SharedRefreshPolicy: Sendable, Hashable {
    /// How long a refresh lease lasts when its holder dies without releasing it (default
    /// 30 s). Keep it above the token endpoint's timeout.
    public var leaseTimeToLive: TimeInterval = 30
    /// How long a client waits for another holder's refresh before it gives up with
    /// ``OAuthClientError/refreshWaitTimedOut(seconds:)`` (default 40 s).
    public var waitTimeout: TimeInterval = 40
    /// How often a waiting client looks for the new version or a free lease (default 50 ms).
    public var pollInterval: TimeInterval = 0.05

    /// The defaults.
    public init() {}
}
