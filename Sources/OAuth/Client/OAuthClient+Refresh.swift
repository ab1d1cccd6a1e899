import Foundation

extension OAuthClient {
    /// A token that is not expired and not about to: the stored one, or a refreshed one.
    ///
    /// "About to" is ``Configuration/refreshLeeway``, but at most a fifth of the token's
    /// lifetime, so a token that lives two seconds is not refreshed on every call.
    ///
    /// - Throws: ``OAuthClientError/noToken``, ``OAuthClientError/tokenExpired`` (expired
    ///   and no refresh token), or the refresh's error.
    public func validToken() async throws -> Token {
        if unsavedToken != nil { try? await writeUnsavedToken() }
        guard let token = try await loadToken() else { throw OAuthClientError.noToken }
        guard needsRefresh(token) else { return token }
        let expired = token.expiresAt.map { clock.now >= $0 } ?? false
        guard token.refreshToken != nil else {
            if expired { throw OAuthClientError.tokenExpired }
            return token
        }
        do {
            // The token found due is the one to replace: a refresh that finished while this
            // call waited (in this client or, through a shared store, in another) is taken, not
            // followed by a second one.
            return try await refresh(replacing: token)
        } catch let error as OAuthClientError where error.isReauthorizationRequired {
            throw error
        } catch {
            // Refreshing ahead of expiry failed for a reason that does not end the grant (the
            // network, a 5xx, no token endpoint known, a shared store out of reach): the
            // current token still works.
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
    ///
    /// With a ``SharedTokenStore`` the refresh runs under the store's lease, after a re-read:
    /// when another holder has refreshed since this client last read, its token is taken
    /// instead of refreshing, and `invalid_grant` never clears a token another holder has
    /// already replaced.
    public func refresh() async throws -> Token {
        try await singleFlightRefresh(replacing: nil)
    }

    /// Refreshes with a given refresh token instead of the stored one, or asks for a narrower
    /// scope (RFC 6749 §6), then stores the result as ``refresh()`` does.
    public func refresh(using refreshToken: String?, scopes: [String] = []) async throws -> Token {
        if refreshToken == nil, scopes.isEmpty, store is any SharedTokenStore { return try await refresh() }
        return try await performRefresh(using: refreshToken, scopes: scopes)
    }

    /// A refresh after the server refused `rejected`, or after `rejected` was found due: when
    /// the client already holds another token (a refresh finished meanwhile), that one, else a
    /// refresh.
    func refresh(replacing rejected: Token) async throws -> Token {
        if let current = token, current.accessToken != rejected.accessToken, !isExpired(current) { return current }
        return try await singleFlightRefresh(replacing: rejected)
    }

    /// Whether the token should be refreshed now: it expires within the leeway.
    func needsRefresh(_ token: Token) -> Bool {
        guard let expiresAt = token.expiresAt else { return false }
        var leeway = configuration.refreshLeeway
        if let lifetime = token.expiresIn, lifetime > 0 { leeway = min(leeway, TimeInterval(lifetime) / 5) }
        return clock.now.addingTimeInterval(leeway) >= expiresAt
    }

    func isExpired(_ token: Token) -> Bool {
        token.expiresAt.map { clock.now >= $0 } ?? false
    }

    private func singleFlightRefresh(replacing rejected: Token?) async throws -> Token {
        if let running = refreshTask { return try await running.value }
        let task = Task {
            if let shared = self.store as? any SharedTokenStore {
                return try await self.refreshThroughSharedStore(shared, replacing: rejected)
            }
            return try await self.performRefresh(using: nil, scopes: [])
        }
        refreshTask = task
        defer { refreshTask = nil }
        return try await task.value
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
