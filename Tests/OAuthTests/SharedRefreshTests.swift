import Foundation
import OAuth
import OAuthTesting
import Testing

/// Clients that share a token through a SharedTokenStore: one refresh under the lease, the
/// others take the new version; invalid_grant never clears a token another holder replaced.
@Suite struct SharedRefreshTests {
    let provider = Provider(
        name: "example", displayName: "Example",
        endpoints: Endpoints(authorization: "https://as.example/authorize", token: "https://as.example/token", resourceOrigins: ["https://api.example"])
    )
    let credentials = ClientCredentials(id: "client", secret: "secret")

    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }

    /// A token endpoint that rotates refresh tokens: `r1` gives `r2`, and so on, once each; a
    /// refresh token used twice is `invalid_grant`, as a server with reuse detection answers.
    final class RotatingServer: @unchecked Sendable {
        private let lock = NSLock()
        private var live = 1
        private(set) var refreshes = 0
        private(set) var reuses = 0
        let delay: UInt64

        init(delay milliseconds: UInt64 = 30) {
            delay = milliseconds * 1_000_000
        }

        var liveRefreshToken: String { lock.withLock { "r\(live)" } }

        var transport: ReplayTransport {
            ReplayTransport { request in
                if request.url.path == "/token" {
                    try? await Task.sleep(nanoseconds: self.delay)
                    return self.refresh(try request.formParameters["refresh_token"])
                }
                return SharedRefreshTests.json(200, #"{"seen":"\#(request.headers["Authorization"] ?? "none")"}"#)
            }
        }

        private func refresh(_ presented: String?) -> HTTPResponse {
            lock.withLock {
                refreshes += 1
                guard presented == "r\(live)" else {
                    reuses += 1
                    return SharedRefreshTests.json(400, #"{"error":"invalid_grant","error_description":"rotated out"}"#)
                }
                live += 1
                return SharedRefreshTests.json(200, #"{"access_token":"a\#(live)","token_type":"Bearer","expires_in":3600,"refresh_token":"r\#(live)"}"#)
            }
        }
    }

    func expired(_ clock: any WallClock, refreshToken: String = "r1") -> Token {
        Token(accessToken: "a1", expiresIn: 3600, expiresAt: clock.now.addingTimeInterval(-1), refreshToken: refreshToken)
    }

    func client(_ store: any TokenStore, _ transport: any HTTPTransport, clock: any WallClock, policy: SharedRefreshPolicy = SharedRefreshPolicy()) -> OAuthClient {
        var configuration = OAuthClient.Configuration()
        configuration.sharedRefresh = policy
        return OAuthClient(provider: provider, credentials: credentials, transport: transport, store: store, clock: clock, configuration: configuration)
    }

    @Test func fiveClientsWithThirtyTasksEachShareOneRefresh() async throws {
        let clock = ManualClock()
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(expired(clock))
        let clients = (0..<5).map { _ in client(store, server.transport, clock: clock) }
        let seen = try await withThrowingTaskGroup(of: String.self) { group in
            for client in clients {
                for _ in 0..<30 {
                    group.addTask { String(decoding: try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)).body, as: UTF8.self) }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(server.refreshes == 1)
        #expect(server.reuses == 0)
        #expect(seen.count == 150)
        #expect(seen.allSatisfy { $0 == #"{"seen":"Bearer a2"}"# })
        #expect(await store.load()?.refreshToken == server.liveRefreshToken)
    }

    @Test func oneClientsTasksMakeOneLeaseRequest() async throws {
        let clock = ManualClock()
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(expired(clock))
        let client = client(store, server.transport, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { _ = try await client.validToken() } }
            try await group.waitForAll()
        }
        let counts = await store.counts
        #expect(counts.leaseRequests == 1)
        #expect(server.refreshes == 1)
        #expect(await store.leaseOwner == nil, "the lease is released")
    }

    @Test func aValidTokenCostsTheStoreNothing() async throws {
        let clock = ManualClock()
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(Token(accessToken: "a1", expiresIn: 3600, expiresAt: clock.now.addingTimeInterval(3600), refreshToken: "r1"))
        let client = client(store, server.transport, clock: clock)
        for _ in 0..<50 { _ = try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)) }
        #expect(await store.counts.reads == 1, "read once, then kept until it nears expiry")
        clock.advance(by: 3600 - 30)
        _ = try await client.validToken()
        #expect(await store.counts.reads > 1, "re-read near expiry")
        #expect(server.refreshes == 1)
    }

    @Test func aClientTakesTheTokenAnotherHolderRefreshed() async throws {
        let clock = ManualClock()
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(expired(clock))
        let first = client(store, server.transport, clock: clock)
        let second = client(store, server.transport, clock: clock)
        _ = try await second.currentToken()
        _ = try await first.validToken()
        let taken = try await second.validToken()
        #expect(taken.accessToken == "a2")
        #expect(server.refreshes == 1, "the second client re-read instead of refreshing")
    }

    @Test func invalidGrantDoesNotClearATokenAnotherHolderReplaced() async throws {
        let clock = ManualClock()
        let store = InMemorySharedTokenStore(expired(clock))
        let replacement = Token(accessToken: "theirs", expiresIn: 3600, expiresAt: clock.now.addingTimeInterval(3600), refreshToken: "r9")
        // Another holder (whose lease ran out) writes while this refresh is at the server.
        let transport = ReplayTransport { _ in
            await store.save(replacement)
            return Self.json(400, #"{"error":"invalid_grant","error_description":"rotated out"}"#)
        }
        let client = client(store, transport, clock: clock)
        let token = try await client.validToken()
        #expect(token == replacement)
        #expect(await store.load() == replacement)
    }

    @Test func invalidGrantWithNoReplacementClearsTheStore() async throws {
        let clock = ManualClock()
        let store = InMemorySharedTokenStore(expired(clock))
        let transport = ReplayTransport { _ in Self.json(400, #"{"error":"invalid_grant","error_description":"revoked"}"#) }
        let client = client(store, transport, clock: clock)
        await #expect(throws: OAuthClientError.reauthorizationRequired(OAuthError(code: .invalidGrant, description: "revoked"))) { try await client.validToken() }
        #expect(await store.load() == nil)
    }

    @Test func aDeadHoldersLeaseExpiresAndAnotherRefreshes() async throws {
        let server = RotatingServer()
        let leaseClock = ManualClock()
        let store = InMemorySharedTokenStore(expired(SystemClock()), clock: leaseClock)
        #expect(await store.acquireRefreshLease(owner: "a process that died", timeToLive: 30))
        var policy = SharedRefreshPolicy()
        policy.pollInterval = 0.01
        let client = client(store, server.transport, clock: SystemClock(), policy: policy)
        let refreshing = Task { try await client.validToken() }
        // The client waits, asking again, while the lease lasts …
        while await store.counts.leaseRequests < 3 { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(server.refreshes == 0)
        // … and refreshes once its time to live has run out.
        leaseClock.advance(by: 31)
        let token = try await refreshing.value
        #expect(token.accessToken == "a2")
        #expect(server.refreshes == 1)
        #expect(await store.load()?.refreshToken == "r2")
    }

    @Test func waitingForAHolderThatNeverWritesEndsWithATypedTimeout() async throws {
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(expired(SystemClock()))
        #expect(await store.acquireRefreshLease(owner: "a slow holder", timeToLive: 60))
        var policy = SharedRefreshPolicy()
        policy.waitTimeout = 0.3
        let client = client(store, server.transport, clock: SystemClock(), policy: policy)
        await #expect(throws: OAuthClientError.refreshWaitTimedOut(seconds: 1)) { try await client.validToken() }
        #expect(server.refreshes == 0)
        #expect(await store.load()?.refreshToken == "r1", "nothing changed")
    }

    @Test func aRefreshedTokenIsWrittenAgainWhileTheLeaseLasts() async throws {
        let server = RotatingServer()
        let clock = ManualClock()
        let store = FlakyStore(InMemorySharedTokenStore(expired(clock)))
        var policy = SharedRefreshPolicy()
        policy.pollInterval = 0.001
        let client = client(store, server.transport, clock: clock, policy: policy)
        store.failures(3)
        let token = try await client.validToken()
        #expect(token.refreshToken == "r2")
        #expect(store.failedWrites == 3)
        #expect(await store.inner.load()?.refreshToken == "r2", "written on the fourth try, before it was used")
        #expect(server.refreshes == 1)
    }

    @Test func aRefreshedTokenIsWrittenOnceTheStoreAnswersAgain() async throws {
        let server = RotatingServer()
        let clock = ManualClock()
        let store = FlakyStore(InMemorySharedTokenStore(expired(clock)))
        var policy = SharedRefreshPolicy()
        policy.leaseTimeToLive = 0.01
        let client = client(store, server.transport, clock: clock, policy: policy)
        store.failures(.max)
        let token = try await client.validToken()
        #expect(token.refreshToken == "r2", "the refreshed token is used though it could not be written yet")
        #expect(await store.inner.load()?.refreshToken == "r1")
        #expect(store.failedWrites >= 1)
        store.failures(0)
        _ = try await client.validToken()
        #expect(await store.inner.load()?.refreshToken == "r2", "written at the next call")
        #expect(server.refreshes == 1)
    }

    @Test func aShortLivedTokenIsNotRefreshedOnEveryCall() async throws {
        let clock = ManualClock()
        let server = RotatingServer()
        let store = InMemorySharedTokenStore(Token(accessToken: "a1", expiresIn: 2, expiresAt: clock.now.addingTimeInterval(2), refreshToken: "r1"))
        let client = client(store, server.transport, clock: clock)
        _ = try await client.validToken()
        #expect(server.refreshes == 0, "a 60 s leeway is cut to a fifth of a 2 s lifetime")
        clock.advance(by: 1.7)
        _ = try await client.validToken()
        #expect(server.refreshes == 1)
    }
}

/// A shared store whose next writes fail, as Redis's do while it is down.
final class FlakyStore: SharedTokenStore, @unchecked Sendable {
    let inner: InMemorySharedTokenStore
    private let lock = NSLock()
    private var failuresLeft = 0
    private var failed = 0

    init(_ inner: InMemorySharedTokenStore) {
        self.inner = inner
    }

    /// Makes the next `count` writes fail.
    func failures(_ count: Int) {
        lock.withLock { failuresLeft = count }
    }

    var failedWrites: Int { lock.withLock { failed } }

    private func check() throws {
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                failed += 1
                throw RedisError.connectionLost(reason: "test")
            }
        }
    }

    func load() async throws -> Token? { await inner.load() }
    func save(_ token: Token) async throws {
        try check()
        await inner.save(token)
    }
    func clear() async throws {
        try check()
        await inner.clear()
    }
    func loadVersioned() async throws -> VersionedToken { await inner.loadVersioned() }
    func compareAndSet(_ token: Token?, expecting version: TokenVersion) async throws -> CompareAndSetOutcome {
        try check()
        return await inner.compareAndSet(token, expecting: version)
    }
    func acquireRefreshLease(owner: String, timeToLive: TimeInterval) async throws -> Bool {
        await inner.acquireRefreshLease(owner: owner, timeToLive: timeToLive)
    }
    func releaseRefreshLease(owner: String) async throws {
        await inner.releaseRefreshLease(owner: owner)
    }
}
