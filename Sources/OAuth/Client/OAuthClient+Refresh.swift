import Foundation

extension OAuthClient {
    /// A token that is not expired and not about to: the stored one, or a refreshed one.
    ///
    /// - Throws: ``OAuthClientError/noToken``, ``OAuthClientError/tokenExpired`` (expired
    ///   and no refresh token), or the refresh's error.
    public func validToken() async throws -> Token {
        guard let token = try await loadToken() else { throw OAuthClientError.noToken }
        guard let expiresAt = token.expiresAt, clock.now.addingTimeInterval(configuration.refreshLeeway) >= expiresAt else { return token }
        let expired = clock.now >= expiresAt
        guard token.refreshToken != nil else {
            if expired { throw OAuthClientError.tokenExpired }
            return token
        }
        do {
            return try await refresh()
        } catch let error as OAuthClientError where error.isReauthorizationRequired {
            throw error
        } catch {
            // Refreshing ahead of expiry failed for a reason that does not end the grant (the
            // network, a 5xx, no token endpoint known): the current token still works.
            if expired { throw error }
            return token
        }
    }

    /// Refreshes the token now. Callers that arrive while a refresh is running wait for it
    /// and get its result or its error: one request however many callers.
    ///
    /// A rotated refresh token is stored before the new token is returned; without a new one
    /// the old one is kept. `invalid_grant` for the stored refresh token clears the stored token
    /// and throws ``OAuthClientError/reauthorizationRequired(_:)``; any other error (a
    /// transport error, a 5xx, another OAuth error) keeps it.
    public func refresh() async throws -> Token {
        if let running = refreshTask { return try await running.value }
        let task = Task { try await self.performRefresh(using: nil, scopes: []) }
        refreshTask = task
        defer { refreshTask = nil }
        return try await task.value
    }

    /// Refreshes with a given refresh token instead of the stored one, or asks for a narrower
    /// scope (RFC 6749 §6), then stores the result as ``refresh()`` does.
    public func refresh(using refreshToken: String?, scopes: [String] = []) async throws -> Token {
        try await performRefresh(using: refreshToken, scopes: scopes)
    }

    private func performRefresh(using override: String?, scopes: [String]) async throws -> Token {
        let current = try await loadToken()
        guard let refreshToken = override ?? current?.refreshToken else {
            throw current == nil ? OAuthClientError.noToken : OAuthClientError.tokenExpired
        }
        var previous = current ?? Token(accessToken: "")
        previous.refreshToken = refreshToken
        let refreshed: Token
        do {
            refreshed = try await requestToken(.refreshToken(refreshToken, scopes: scopes), previous: previous)
        } catch let error as TokenResponseError {
            // invalid_grant for the stored refresh token ends the grant: forget it. Any other
            // error (a wrong client secret, a scope refused, a refresh token given by hand)
            // leaves the stored token as it is.
            guard case .oauth(let oauth) = error, oauth.code == .invalidGrant, refreshToken == current?.refreshToken else { throw error }
            try await signOut()
            throw OAuthClientError.reauthorizationRequired(oauth)
        }
        try await adopt(refreshed)
        return refreshed
    }
}
