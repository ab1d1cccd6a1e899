import Foundation
import OAuth
import OAuthTesting
import Testing

/// Every fault `FaultInjectingTransport` knows, on every step of every grant, on refresh and on
/// protected requests, against the in-process sandbox: the stored token is unchanged or replaced
/// by a complete new one the server issued; an error is one of the package's typed errors and
/// `RetryAdvice` says whether retrying can help; no log line, error or event holds a secret.
@Suite struct FaultInjectionTests {
    static let clientSecret = "client-secret-Zq8wV3kLmN0pR7tY"
    static let password = "user-password-Hx4jK9sD2fG6"
    static let base = "http://127.0.0.1:9000"

    /// The steps a fault is injected into, each with the requests it picks.
    enum Step: String, CaseIterable, Sendable {
        case authorizationCode, clientCredentials, password, deviceAuthorization, devicePolling, refresh
        case revocation, introspection, protectedRequest, protectedRequestWithRefresh, protectedRequestRefreshingAfter401

        var selector: FaultInjectingTransport.RequestSelector {
            switch self {
            case .authorizationCode: .path("/token", grantType: "authorization_code")
            case .clientCredentials: .path("/token", grantType: "client_credentials")
            case .password: .path("/token", grantType: "password")
            case .deviceAuthorization: .path("/device_authorization")
            case .devicePolling: .path("/token", grantType: "urn:ietf:params:oauth:grant-type:device_code")
            case .refresh, .protectedRequestWithRefresh, .protectedRequestRefreshingAfter401: .path("/token", grantType: "refresh_token")
            case .revocation: .path("/revoke")
            case .introspection: .path("/introspect")
            case .protectedRequest: .path("/userinfo")
            }
        }

        /// Whether the step stores a new token when it succeeds (or forgets it, for revocation).
        var changesTheToken: Bool { ![.deviceAuthorization, .introspection, .protectedRequest].contains(self) }
    }

    /// Whether retrying can help after `fault`, when the step ends in an error: every fault but
    /// those whose answer looks final (an HTML page with 200, a body cut short with nothing to
    /// show the cut).
    static func retryable(_ fault: FaultInjectingTransport.Fault) -> Bool {
        fault != .truncatedBodyWithoutLength && fault != .htmlErrorPage(status: 200)
    }

    /// Every value the sandbox mints, to look for in logs.
    final class Minted: @unchecked Sendable {
        private let lock = NSLock()
        private var minted: [String] = []

        var values: [String] { lock.withLock { minted } }

        func mint(_ kind: SandboxTokenRecord.Kind) -> String {
            let value = kind.rawValue + "-" + Base64URL.encode(SecureRandom.bytes(18))
            lock.withLock { minted.append(value) }
            return value
        }
    }

    /// Lines the client logs through `onFixesApplied`.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []

        var lines: [String] { lock.withLock { entries } }

        func append(_ line: String) { lock.withLock { entries.append(line) } }
    }

    struct World {
        let sandbox: SandboxAuthorizationServer
        let clock: ManualClock
        let faults: FaultInjectingTransport
        let client: OAuthClient
        let store: InMemoryTokenStore
        let minted: Minted
        let log: Log
        let provider: Provider

        /// A sandbox, a client with a stored token from the password grant, and the fault
        /// injector between them, empty.
        static func make() async throws -> World {
            let clock = ManualClock()
            let minted = Minted()
            let sandbox = SandboxAuthorizationServer(
                clients: [SandboxClient(id: "app", secret: FaultInjectionTests.clientSecret)], users: ["alice": FaultInjectionTests.password],
                configuration: .init(autoApprove: true), issuer: FaultInjectionTests.base, clock: clock, tokenGenerator: minted.mint
            )
            let faults = FaultInjectingTransport(wrapping: SandboxTransport(sandbox), sleep: { clock.advance(by: $0) })
            let endpoints = Endpoints(
                authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"), revocation: Endpoint(base + "/revoke"),
                introspection: Endpoint(base + "/introspect"), deviceAuthorization: Endpoint(base + "/device_authorization"), resourceOrigins: [base]
            )
            let provider = Provider(name: "sandbox", displayName: "Sandbox", endpoints: endpoints, fixes: Fix.genericProfile)
            let log = Log()
            var configuration = OAuthClient.Configuration()
            configuration.onFixesApplied = { entries in log.append(entries.map(\.description).joined(separator: ", ")) }
            let store = InMemoryTokenStore()
            let client = OAuthClient(
                provider: provider, credentials: ClientCredentials(id: "app", secret: FaultInjectionTests.clientSecret), transport: faults,
                store: store, clock: clock, configuration: configuration
            )
            _ = try await client.password(username: "alice", password: FaultInjectionTests.password, scopes: ["read"])
            return World(sandbox: sandbox, clock: clock, faults: faults, client: client, store: store, minted: minted, log: log, provider: provider)
        }

        /// What the step gives back: the response of a protected request, or nothing.
        func run(_ step: Step) async throws -> HTTPResponse? {
            switch step {
            case .authorizationCode:
                let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback", scopes: ["read"])
                let target = url.absoluteString.dropFirst(FaultInjectionTests.base.count)
                let approval = await sandbox.handle(LoopbackRequest(method: "GET", target: String(target)))
                let callback = try #require(approval.headers["Location"])
                _ = try await client.exchange(callback: callback, pending: pending)
            case .clientCredentials:
                _ = try await client.clientCredentials(scopes: ["read"])
            case .password:
                _ = try await client.password(username: "alice", password: FaultInjectionTests.password)
            case .deviceAuthorization:
                _ = try await client.startDeviceAuthorization(scopes: ["read"])
            case .devicePolling:
                let authorization = try await client.startDeviceAuthorization(scopes: ["read"])
                _ = try await client.pollDeviceAuthorization(authorization, sleep: { clock.advance(by: $0) })
            case .refresh:
                _ = try await client.refresh()
            case .revocation:
                try await client.revokeStoredToken()
            case .introspection:
                let token = try #require(await store.load())
                _ = try await client.introspect(token.accessToken)
            case .protectedRequest:
                return try await client.send(HTTPRequest(url: URL(string: FaultInjectionTests.base + "/userinfo")!))
            case .protectedRequestWithRefresh:
                clock.advance(by: 7200)
                return try await client.send(HTTPRequest(url: URL(string: FaultInjectionTests.base + "/userinfo")!))
            case .protectedRequestRefreshingAfter401:
                // The server revokes the access token behind the client's back: the resource
                // answers 401 invalid_token, and the client refreshes once.
                let token = try #require(await store.load())
                let basic = "Basic " + Data("app:\(FaultInjectionTests.clientSecret)".utf8).base64EncodedString()
                let revoked = await sandbox.handle(LoopbackRequest(
                    method: "POST", target: "/revoke", headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": basic],
                    body: Data("token=\(token.accessToken)&token_type_hint=access_token".utf8)
                ))
                #expect(revoked.status == 200)
                return try await client.send(HTTPRequest(url: URL(string: FaultInjectionTests.base + "/userinfo")!))
            }
            return nil
        }
    }

    @Test(arguments: Step.allCases, FaultInjectingTransport.Fault.all)
    func aFaultLeavesTheTokenWholeAndTheErrorTypedAndSilent(step: Step, fault: FaultInjectingTransport.Fault) async throws {
        let world = try await World.make()
        let before = try #require(await world.store.load())
        world.faults.inject(fault, into: step.selector)

        var said: [String] = []
        let outcome: Result<HTTPResponse?, any Error>
        do {
            outcome = .success(try await world.run(step))
        } catch {
            outcome = .failure(error)
        }
        #expect(world.faults.injectedFaults == [fault], "\(step), \(fault): the fault must have been injected once")

        let after = await world.store.load()
        switch outcome {
        case .failure(let error):
            said += ["\(error)", String(reflecting: error)]
            #expect(FuzzRules.isTyped(error), "\(step), \(fault): expected a typed error, got \(type(of: error)): \(error)")
            let advice = RetryAdvice(for: error)
            said.append(advice.description)
            #expect(advice.isRetryable == Self.retryable(fault), "\(step), \(fault): \(error) gave \(advice)")
            if fault == .serverError(status: 503, retryAfter: "120") { #expect(advice.retryAfter == 120, "\(step): \(advice)") }
            #expect(after == before, "\(step), \(fault): the stored token changed on a failure")
        case .success(let response):
            if step == .protectedRequestRefreshingAfter401, after == before {
                #expect(response?.status == 401, "\(step), \(fault): the refresh failed, so the server's 401 comes back")
            }
            if let response {
                said.append("\(response.status)")
                #expect(response.status < 500 || fault.description.contains("HTTP 5") || fault.description.contains("HTML"), "\(step), \(fault): HTTP \(response.status)")
            }
            if after != before {
                #expect(step.changesTheToken, "\(step), \(fault): the stored token changed")
                if let after {
                    #expect(world.minted.values.contains(after.accessToken) && after.tokenType == "Bearer" && after.expiresAt != nil,
                            "\(step), \(fault): the new token must be one the server issued, whole")
                    said.append(after.description)
                } else {
                    #expect(step == .revocation, "\(step), \(fault): the token was forgotten")
                }
            }
        }
        said += world.log.lines + world.faults.events.map(\.description)
        let secrets = [Self.clientSecret, Self.password] + world.minted.values
        for line in said {
            for secret in secrets {
                #expect(!line.contains(secret), "\(step), \(fault): a log line holds a secret: \(line.replacingOccurrences(of: secret, with: "<secret>"))")
            }
        }
    }

    /// One fault of each kind gives the error the README's table names.
    @Test func eachFaultGivesTheErrorTheTableNames() async throws {
        let expected: [(FaultInjectingTransport.Fault, (any Error) -> Bool)] = [
            (.connectionRefused, { ($0 as? TransportError) == .connectionFailed("connection refused") }),
            (.connectionReset, { ($0 as? TransportError) == .connectionFailed("connection reset by peer") }),
            (.timeout, { ($0 as? TransportError) == .timedOut(seconds: 30) }),
            (.truncatedBody, { if case .truncatedBody? = $0 as? TransportError { true } else { false } }),
            (.truncatedBodyWithoutLength, { if case .malformedJSON? = $0 as? TokenResponseError { true } else { false } }),
            (.serverError(status: 503), { ($0 as? TokenResponseError) == .serverUnavailable(status: 503, retryAfter: nil, error: nil) }),
            (.serverError(status: 503, retryAfter: "120"), { ($0 as? TokenResponseError) == .serverUnavailable(status: 503, retryAfter: 120, error: nil) }),
            (.serverError(status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"), { ($0 as? TokenResponseError) == .serverUnavailable(status: 429, retryAfter: 0, error: nil) }),
            (.htmlErrorPage(status: 502), { if case .serverUnavailable(502, nil, nil)? = $0 as? TokenResponseError { true } else { false } }),
            (.htmlErrorPage(status: 200), { if case .unexpectedContentType(200, "text/html; charset=utf-8", _)? = $0 as? TokenResponseError { true } else { false } }),
            (.slowBody(bytesPerSecond: 1), { ($0 as? TransportError) == .timedOut(seconds: 30) }),
        ]
        for (fault, matches) in expected {
            let world = try await World.make()
            world.faults.inject(fault, into: .path("/token"))
            do {
                _ = try await world.client.clientCredentials()
                Issue.record("\(fault): expected an error, got a token")
            } catch {
                #expect(matches(error), "\(fault): got \(error)")
            }
        }
        // A slow body that arrives within the limit is waited for.
        let world = try await World.make()
        world.faults.inject(.slowBody(bytesPerSecond: 1000), into: .path("/token"))
        let start = world.clock.now
        _ = try await world.client.clientCredentials()
        #expect(world.clock.now > start)
    }

    /// Callers refreshing at once while every refresh fails: each gets the typed error with the
    /// server's delay, the token is kept; once the server answers, the next refresh goes through.
    @Test func aFailedSingleFlightRefreshFailsEveryCallerAndKeepsTheToken() async throws {
        let world = try await World.make()
        let before = try #require(await world.store.load())
        world.faults.inject(.serverError(status: 503, retryAfter: "5"), into: .path("/token", grantType: "refresh_token"), times: nil)
        let client = world.client
        let errors = await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<8 { group.addTask { do { _ = try await client.refresh(); return nil } catch { return error } } }
            return await group.reduce(into: [any Error]()) { if let error = $1 { $0.append(error) } }
        }
        #expect(await world.store.load() == before)
        let refreshes = world.faults.injectedFaults.count
        #expect(errors.count == 8 && (1...8).contains(refreshes), "\(errors.count) errors, \(refreshes) refresh requests")
        #expect(errors.allSatisfy { RetryAdvice(for: $0).retryAfter == 5 }, "\(errors)")
        world.faults.removeAllInjections()
        let refreshed = try await client.refresh()
        #expect(refreshed.accessToken != before.accessToken && world.minted.values.contains(refreshed.accessToken))
        #expect(await world.store.load() == refreshed)
    }

    @Test func retryAdviceReadsEveryKindOfError() {
        #expect(RetryAdvice(for: TransportError.timedOut(seconds: 1)).isRetryable)
        #expect(!RetryAdvice(for: TransportError.bodyTooLarge(limit: 1)).isRetryable)
        #expect(RetryAdvice(for: TransportError.truncatedBody(declared: 10, received: 5)).isRetryable)
        #expect(RetryAdvice(for: TokenResponseError.serverUnavailable(status: 503, retryAfter: 7, error: nil)).retryAfter == 7)
        #expect(RetryAdvice(for: TokenResponseError.oauth(OAuthError(code: .init("temporarily_unavailable"), status: 400))).isRetryable)
        #expect(!RetryAdvice(for: TokenResponseError.oauth(OAuthError(code: .invalidGrant, status: 400))).isRetryable)
        let gone = RetryAdvice(for: OAuthClientError.reauthorizationRequired(OAuthError(code: .invalidGrant, status: 400)))
        #expect(!gone.isRetryable && gone.requiresReauthorization)
        #expect(!RetryAdvice(for: CocoaError(.fileReadUnknown)).isRetryable)
        #expect(!RetryAdvice(for: TokenResponseError.missingAccessToken).isRetryable)
        #expect(RetryAdvice(for: RedisError.connectionFailed(address: "127.0.0.1:1", reason: "refused")).isRetryable)
        #expect(!RetryAdvice(for: RedisError.tlsNotSupported).isRetryable)
        #expect(RetryAdvice(for: OAuthClientError.refreshWaitTimedOut(seconds: 40)).isRetryable)
        #expect(!RetryAdvice(for: OAuthClientError.noToken).isRetryable)
    }

    @Test func aTruncatedBodyIsRefusedOnlyWhenItsLengthShowsIt() throws {
        let cut = HTTPResponse(status: 200, headers: ["Content-Length": "10"], body: Data("12345".utf8))
        #expect(throws: TransportError.truncatedBody(declared: 10, received: 5)) { try TransportError.checkComplete(cut, method: "GET") }
        try TransportError.checkComplete(cut, method: "HEAD")
        try TransportError.checkComplete(HTTPResponse(status: 200, headers: ["Content-Length": "10", "Content-Encoding": "gzip"], body: Data("12345".utf8)), method: "GET")
        try TransportError.checkComplete(HTTPResponse(status: 204, headers: ["Content-Length": "10"], body: Data()), method: "GET")
        try TransportError.checkComplete(HTTPResponse(status: 200, headers: ["Content-Length": "5"], body: Data("12345".utf8)), method: "GET")
        try TransportError.checkComplete(HTTPResponse(status: 200, headers: ["Content-Length": "x"], body: Data()), method: "GET")
    }

    @Test func aFaultInjectedZeroTimesIsNeverInjected() async throws {
        let world = try await World.make()
        world.faults.inject(.timeout, into: .path("/token"), times: 0)
        world.faults.inject(.timeout, into: .path("/token"), times: -1)
        _ = try await world.client.refresh()
        #expect(world.faults.injectedFaults.isEmpty)
    }
}
