import Foundation

// Refreshing through a SharedTokenStore: one holder refreshes under the lease, the others
// take the version it writes.
extension OAuthClient {
    /// Refreshes under the store's lease, or takes the token another holder wrote meanwhile.
    /// `rejected` is the token the server refused, if a refusal is why.
    func refreshThroughSharedStore(_ shared: any SharedTokenStore, replacing rejected: Token?) async throws -> Token {
        let policy = configuration.sharedRefresh
        _ = try await loadToken()
        let seen = tokenVersion
        // Another holder may have refreshed already: a read costs less than a lease.
        if let taken = try await takeIfNewer(try await shared.loadVersioned(), seen: seen, rejected: rejected) { return taken }
        let deadline = ContinuousClock.now + .milliseconds(Int64(policy.waitTimeout * 1000))
        while true {
            if try await shared.acquireRefreshLease(owner: leaseOwner, timeToLive: policy.leaseTimeToLive) {
                let leasedAt = ContinuousClock.now
                do {
                    let token = try await refreshUnderLease(shared, seen: seen, rejected: rejected, leasedAt: leasedAt)
                    try? await shared.releaseRefreshLease(owner: leaseOwner)
                    return token
                } catch {
                    // A release that fails (the store out of reach) ends with the lease's time to live.
                    try? await shared.releaseRefreshLease(owner: leaseOwner)
                    throw error
                }
            }
            guard ContinuousClock.now < deadline else { throw OAuthClientError.refreshWaitTimedOut(seconds: Int(policy.waitTimeout.rounded(.up))) }
            try await Task.sleep(nanoseconds: UInt64(max(policy.pollInterval, 0.001) * 1_000_000_000))
            if let taken = try await takeIfNewer(try await shared.loadVersioned(), seen: seen, rejected: rejected) { return taken }
        }
    }

    /// The stored token when it can be used instead of refreshing: another holder wrote it
    /// since `seen`, or it is not `rejected` (the token refused or found due: this client may
    /// have taken a newer one meanwhile), and it is not due for a refresh. A store that holds
    /// no token any more means the grant was ended elsewhere.
    private func takeIfNewer(_ stored: VersionedToken, seen: TokenVersion?, rejected: Token?) async throws -> Token? {
        guard let token = stored.token else {
            await use(nil, version: stored.version)
            throw OAuthClientError.noToken
        }
        let replaced = stored.version != seen || rejected.map { token.accessToken != $0.accessToken } == true
        guard replaced, token.accessToken != rejected?.accessToken, !needsRefresh(token) else { return nil }
        await use(token, version: stored.version)
        return token
    }

    private func refreshUnderLease(_ shared: any SharedTokenStore, seen: TokenVersion?, rejected: Token?, leasedAt: ContinuousClock.Instant) async throws -> Token {
        let current = try await shared.loadVersioned()
        if let taken = try await takeIfNewer(current, seen: seen, rejected: rejected) { return taken }
        guard let stored = current.token else { throw OAuthClientError.noToken }
        guard let refreshToken = stored.refreshToken else { throw OAuthClientError.tokenExpired }
        let refreshed: Token
        do {
            refreshed = try await requestToken(.refreshToken(refreshToken, scopes: []), previous: stored)
        } catch let error as TokenResponseError {
            guard case .oauth(let oauth) = error, oauth.code == .invalidGrant else { throw error }
            // The grant is gone, but only the token that was refreshed may be cleared: one
            // another holder wrote meanwhile stays, and is used.
            switch try await shared.compareAndSet(nil, expecting: current.version) {
            case .written(let version):
                unsavedToken = nil
                await use(nil, version: version)
                throw OAuthClientError.reauthorizationRequired(oauth)
            case .conflict(let now):
                await use(now.token, version: now.version)
                guard let token = now.token else { throw OAuthClientError.reauthorizationRequired(oauth) }
                return token
            }
        }
        return try await persist(refreshed, expecting: current.version, leasedAt: leasedAt)
    }

    /// Writes a refreshed token before anyone uses it. A store out of reach is asked again
    /// while the lease lasts (no one else can refresh meanwhile); after that the token is kept
    /// in memory, used, and written at the next call.
    private func persist(_ refreshed: Token, expecting version: TokenVersion, leasedAt: ContinuousClock.Instant) async throws -> Token {
        let policy = configuration.sharedRefresh
        let giveUp = leasedAt + .milliseconds(Int64(policy.leaseTimeToLive * 1000 * 0.8))
        var pause = max(policy.pollInterval, 0.01)
        while true {
            let written: Bool
            do {
                try await write(refreshed, expecting: version)
                written = true
            } catch {
                written = false
            }
            if written {
                guard let token else { throw OAuthClientError.noToken }
                return token
            }
            guard ContinuousClock.now + .milliseconds(Int64(pause * 1000)) < giveUp else {
                unsavedToken = (refreshed, version)
                await use(refreshed, version: nil)
                return refreshed
            }
            try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            pause = min(pause * 2, 1)
        }
    }

    /// Compare-and-set of a refreshed token; on a conflict (the lease ran out and another
    /// holder wrote), the stored token wins.
    private func write(_ refreshed: Token, expecting version: TokenVersion) async throws {
        guard let shared = store as? any SharedTokenStore else { return }
        switch try await shared.compareAndSet(refreshed, expecting: version) {
        case .written(let written):
            unsavedToken = nil
            await use(refreshed, version: written)
        case .conflict(let now):
            unsavedToken = nil
            await use(now.token, version: now.version)
        }
    }

    /// Writes the token a refresh could not store because the store was out of reach.
    func writeUnsavedToken() async throws {
        guard let (unsaved, version) = unsavedToken else { return }
        try await write(unsaved, expecting: version)
    }
}
