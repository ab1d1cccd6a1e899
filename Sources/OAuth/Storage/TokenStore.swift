/// Keeps one client's token between runs.
///
/// A store holds at most one token. ``OAuthClient`` saves every new token before it uses it,
/// so a rotated refresh token is never lost, and clears the store when the server says the
/// grant is gone.
public protocol TokenStore: Sendable {
    /// The stored token, or `nil`.
    func load() async throws -> Token?
    /// Replaces the stored token.
    func save(_ token: Token) async throws
    /// Removes the stored token.
    func clear() async throws
}

/// A token store in memory, for tests and short-lived processes.
public actor InMemoryTokenStore: TokenStore {
    private var token: Token?

    /// Creates a store, optionally holding a token.
    public init(_ token: Token? = nil) {
        self.token = token
    }

    public func load() -> Token? { token }

    public func save(_ token: Token) { self.token = token }

    public func clear() { token = nil }
}
