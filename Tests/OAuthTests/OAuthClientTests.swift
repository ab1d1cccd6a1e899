import Foundation
import OAuth
import OAuthTesting
import Testing

/// The client: single-flight refresh, rotation, terminal and transient errors, origins,
/// redirects.
@Suite struct OAuthClientTests {
    let provider = Provider(
        name: "example", displayName: "Example",
        endpoints: Endpoints(authorization: "https://as.example/authorize", token: "https://as.example/token", resourceOrigins: ["https://api.example"])
    )
    let credentials = ClientCredentials(id: "client", secret: "secret")

    static func json(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: all, body: Data(body.utf8))
    }

    /// A transport that plays a token endpoint and a resource server, counting refreshes.
    func server(refresh: @escaping @Sendable (FormParameters) -> HTTPResponse) -> ReplayTransport {
        ReplayTransport { request in
            if request.url.path == "/token" {
                try? await Task.sleep(for: .milliseconds(50))
                return refresh(try request.formParameters)
            }
            return Self.json(200, #"{"seen":"\#(request.headers["Authorization"] ?? "none")"}"#)
        }
    }

    func expiredToken(_ clock: ManualClock, refreshToken: String? = "r1") -> Token {
        Token(accessToken: "old", expiresIn: 3600, expiresAt: clock.now.addingTimeInterval(-1), refreshToken: refreshToken)
    }

    @Test func aHundredAndFiftyConcurrentCallersCauseExactlyOneRefresh() async throws {
        let clock = ManualClock()
        let transport = server { _ in Self.json(200, #"{"access_token":"new","token_type":"Bearer","expires_in":3600}"#) }
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(expiredToken(clock)), clock: clock)
        let responses = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            for _ in 0..<150 { group.addTask { try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(transport.count(pathSuffix: "/token") == 1)
        #expect(responses.count == 150)
        #expect(responses.allSatisfy { String(decoding: $0.body, as: UTF8.self) == #"{"seen":"Bearer new"}"# })
        #expect(try await client.currentToken()?.refreshToken == "r1", "no refresh_token in the response keeps the old one")
    }

    @Test func aHundredConcurrentCallersAllGetTheTerminalErrorAndTheStoreIsCleared() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(expiredToken(clock))
        let changes = Counter()
        var configuration = OAuthClient.Configuration()
        configuration.onTokenChange = { token in if token == nil { changes.increment() } }
        let transport = server { _ in Self.json(400, #"{"error":"invalid_grant","error_description":"revoked"}"#) }
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: store, clock: clock, configuration: configuration)
        let errors = await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    do {
                        _ = try await client.validToken()
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(transport.count(pathSuffix: "/token") == 1)
        #expect(errors.allSatisfy { ($0 as? OAuthClientError) == .reauthorizationRequired(OAuthError(code: .invalidGrant, description: "revoked")) })
        #expect(await store.load() == nil)
        #expect(changes.value == 1)
    }

    @Test(arguments: [
        (401, #"{"error":"invalid_client","error_description":"bad secret"}"#),
        (400, #"{"error":"invalid_scope"}"#),
    ])
    func otherOAuthErrorsOnRefreshKeepTheStoredToken(status: Int, body: String) async throws {
        let clock = ManualClock()
        let token = expiredToken(clock)
        let store = InMemoryTokenStore(token)
        let client = OAuthClient(provider: provider, credentials: credentials, transport: server { _ in Self.json(status, body) }, store: store, clock: clock)
        await #expect(throws: TokenResponseError.self) { try await client.refresh() }
        #expect(await store.load() == token)
    }

    @Test func aRefreshTokenGivenByHandDoesNotClearTheStoredOne() async throws {
        let clock = ManualClock()
        let token = expiredToken(clock)
        let store = InMemoryTokenStore(token)
        let client = OAuthClient(provider: provider, credentials: credentials, transport: server { _ in Self.json(400, #"{"error":"invalid_grant"}"#) }, store: store, clock: clock)
        await #expect(throws: TokenResponseError.self) { try await client.refresh(using: "stale") }
        #expect(await store.load() == token)
    }

    @Test func anEarlyRefreshThatFailsTransientlyFallsBackToTheStillValidToken() async throws {
        let clock = ManualClock()
        let soon = Token(accessToken: "still-good", expiresAt: clock.now.addingTimeInterval(30), refreshToken: "r1")
        let client = OAuthClient(provider: provider, credentials: credentials, transport: server { _ in Self.json(503, "{}") }, store: InMemoryTokenStore(soon), clock: clock)
        #expect(try await client.validToken().accessToken == "still-good")
        clock.advance(by: 31)
        await #expect(throws: TokenResponseError.self) { try await client.validToken() }
    }

    @Test func aTokenRequestNeedsAClientID() async {
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: ""), transport: ReplayTransport(responses: []))
        await #expect(throws: OAuthClientError.missingClientID) { try await client.clientCredentials() }
    }

    @Test func aServerErrorOnRefreshIsTransientAndKeepsTheToken() async throws {
        let clock = ManualClock()
        let token = expiredToken(clock)
        let store = InMemoryTokenStore(token)
        let transport = server { _ in Self.json(503, #"{"error":"temporarily_unavailable"}"#, headers: ["Retry-After": "30"]) }
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: store, clock: clock)
        do {
            _ = try await client.validToken()
            Issue.record("expected an error")
        } catch let error as TokenResponseError {
            #expect(error.isTransient)
            guard case .serverUnavailable(503, 30, _) = error else {
                Issue.record("expected serverUnavailable, got \(error)")
                return
            }
        }
        #expect(await store.load() == token)
    }

    @Test func aRotatedRefreshTokenIsStoredBeforeItIsUsed() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(expiredToken(clock))
        let seenByResource = SavedTokens()
        let transport = ReplayTransport { request in
            if request.url.path == "/token" {
                return Self.json(200, #"{"access_token":"new","token_type":"Bearer","expires_in":3600,"refresh_token":"r2"}"#)
            }
            await seenByResource.record(await store.load()?.refreshToken)
            return Self.json(200, "{}")
        }
        let updates = SavedTokens()
        var configuration = OAuthClient.Configuration()
        configuration.onTokenChange = { token in await updates.record(token?.refreshToken) }
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: store, clock: clock, configuration: configuration)
        _ = try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!))
        #expect(await seenByResource.values == ["r2"])
        #expect(await updates.values == ["r2"])
        let refreshRequest = try #require(transport.requests.first)
        #expect(String(decoding: refreshRequest.body!, as: UTF8.self) == "grant_type=refresh_token&refresh_token=r1")
        #expect(refreshRequest.headers["Authorization"] == "Basic " + Data("client:secret".utf8).base64EncodedString())
    }

    @Test func refreshesAheadOfExpiryByTheLeeway() async throws {
        let clock = ManualClock()
        let transport = server { _ in Self.json(200, #"{"access_token":"new","token_type":"Bearer","expires_in":3600}"#) }
        let soon = Token(accessToken: "old", expiresAt: clock.now.addingTimeInterval(30), refreshToken: "r1")
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(soon), clock: clock)
        #expect(try await client.validToken().accessToken == "new")
        let later = Token(accessToken: "kept", expiresAt: clock.now.addingTimeInterval(120), refreshToken: "r1")
        let idle = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(later), clock: clock)
        #expect(try await idle.validToken().accessToken == "kept")
        #expect(transport.count(pathSuffix: "/token") == 1)
    }

    @Test func anExpiredTokenWithoutRefreshTokenIsAnError() async throws {
        let clock = ManualClock()
        let client = OAuthClient(provider: provider, credentials: credentials, transport: ReplayTransport(responses: []), store: InMemoryTokenStore(expiredToken(clock, refreshToken: nil)), clock: clock)
        await #expect(throws: OAuthClientError.tokenExpired) { try await client.validToken() }
        let empty = OAuthClient(provider: provider, credentials: credentials, transport: ReplayTransport(responses: []))
        await #expect(throws: OAuthClientError.noToken) { try await empty.validToken() }
    }

    @Test func theTokenGoesOnlyToResourceOrigins() async throws {
        let transport = ReplayTransport(responses: [Self.json(200, "{}")])
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(Token(accessToken: "t")))
        await #expect(throws: OAuthClientError.originNotAllowed("https://evil.example")) {
            try await client.send(HTTPRequest(url: URL(string: "https://evil.example/steal")!))
        }
        await #expect(throws: OAuthClientError.originNotAllowed("https://api.example:8443")) {
            try await client.send(HTTPRequest(url: URL(string: "https://api.example:8443/x")!))
        }
        #expect(transport.requests.isEmpty)
        var widened = OAuthClient.Configuration()
        widened.additionalResourceOrigins = ["https://evil.example"]
        let trusting = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(Token(accessToken: "t")), configuration: widened)
        _ = try await trusting.send(HTTPRequest(url: URL(string: "https://evil.example/ok")!))
        #expect(transport.requests.count == 1)
    }

    @Test func crossOriginRedirectsDropTheTokenAndDowngradesAreRefused() async throws {
        let transport = ReplayTransport { request in
            switch (request.url.host, request.url.path) {
            case ("api.example", "/moved"): HTTPResponse(status: 302, headers: ["Location": "https://cdn.example/file?access_token=leak"])
            case ("api.example", "/down"): HTTPResponse(status: 301, headers: ["Location": "http://api.example/plain"])
            case ("api.example", "/loop"): HTTPResponse(status: 307, headers: ["Location": "/loop"])
            default: HTTPResponse(status: 200, body: Data("auth=\(request.headers["Authorization"] ?? "none") url=\(request.url.absoluteString)".utf8))
            }
        }
        let query = provider.addingFixes([Fix(id: "example.query", TokenInQuery())])
        let client = OAuthClient(provider: query, credentials: credentials, transport: transport, store: InMemoryTokenStore(Token(accessToken: "secret-token")))
        let moved = try await client.send(HTTPRequest(url: URL(string: "https://api.example/moved")!))
        #expect(String(decoding: moved.body, as: UTF8.self) == "auth=none url=https://cdn.example/file")
        await #expect(throws: OAuthClientError.insecureRedirect(to: "http://api.example/plain")) {
            try await client.send(HTTPRequest(url: URL(string: "https://api.example/down")!))
        }
        await #expect(throws: OAuthClientError.tooManyRedirects(5)) {
            try await client.send(HTTPRequest(url: URL(string: "https://api.example/loop")!))
        }
    }

    @Test func theTokenEndpointNeverRedirects() async throws {
        let transport = ReplayTransport(responses: [HTTPResponse(status: 307, headers: ["Location": "https://evil.example/token"])])
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport)
        await #expect(throws: OAuthClientError.unexpectedRedirect(status: 307, location: "https://evil.example/token")) {
            try await client.clientCredentials()
        }
        #expect(transport.requests.count == 1)
    }

    @Test func anInvalidToken401RefreshesOnceAndRetriesOnce() async throws {
        let clock = ManualClock()
        let transport = ReplayTransport { request in
            if request.url.path == "/token" { return Self.json(200, #"{"access_token":"fresh","token_type":"Bearer"}"#) }
            if request.headers["Authorization"] == "Bearer fresh" { return HTTPResponse(status: 200) }
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": #"Bearer realm="example", error="invalid_token""#])
        }
        let token = Token(accessToken: "revoked", expiresAt: clock.now.addingTimeInterval(3600), refreshToken: "r1")
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(token), clock: clock)
        #expect(try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)).status == 200)
        #expect(transport.requests.count == 3)
    }

    @Test func a401WhoseRefreshCannotRunIsReturned() async throws {
        let transport = ReplayTransport { request in
            if request.url.path == "/token" { return Self.json(503, "{}") }
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": #"Bearer error="invalid_token""#])
        }
        let token = Token(accessToken: "revoked", expiresAt: ManualClock().now.addingTimeInterval(3600), refreshToken: "r1")
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: InMemoryTokenStore(token), clock: ManualClock())
        #expect(try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)).status == 401)
    }

    @Test func httpEndpointsAreRefusedOffLoopback() async throws {
        let plain = Provider(name: "plain", displayName: "Plain", endpoints: Endpoints(authorization: "http://as.example/authorize", token: "http://as.example/token"))
        let transport = ReplayTransport(responses: [])
        let client = OAuthClient(provider: plain, credentials: credentials, transport: transport)
        await #expect(throws: InsecureEndpointError.self) { try await client.clientCredentials() }
        #expect(throws: InsecureEndpointError.self) { try client.startAuthorization(redirectURI: "https://app.example/cb") }
        #expect(throws: InsecureEndpointError.self) {
            try OAuthClient(provider: provider, credentials: credentials).startAuthorization(redirectURI: "http://localhost:@evil.example/cb")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func authorizationCodeFlowChecksTheCallbackOnce() async throws {
        let clock = ManualClock()
        let transport = ReplayTransport { request in
            Self.json(200, #"{"access_token":"code-token","token_type":"Bearer","expires_in":60,"refresh_token":"r"}"#)
        }
        let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, clock: clock)
        let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback", scopes: ["read"])
        let query = try FormParameters(decoding: Data(URLComponents(url: url, resolvingAgainstBaseURL: false)!.percentEncodedQuery!.utf8))
        #expect(query["state"] == pending.state)
        #expect(query["code_challenge"] == (try PKCE(verifier: pending.codeVerifier!)).challenge)
        #expect(query["code_challenge_method"] == "S256")
        #expect(pending.state.count == 43)
        let callback = URL(string: "http://127.0.0.1:8400/callback?code=abc&state=\(pending.state)")!
        let token = try await client.exchange(callback: callback, pending: pending)
        #expect(token.expiresAt == clock.now.addingTimeInterval(60))
        #expect(String(decoding: transport.requests[0].body!, as: UTF8.self).contains("code_verifier=\(pending.codeVerifier!)"))
        await #expect(throws: AuthorizationCallbackError.stateAlreadyUsed) { try await client.exchange(callback: callback, pending: pending) }
        clock.advance(by: 601)
        let (_, stale) = (url, PendingAuthorization(state: "s", codeVerifier: nil, redirectURI: pending.redirectURI, createdAt: clock.now.addingTimeInterval(-700)))
        await #expect(throws: AuthorizationCallbackError.expired(ageSeconds: 700)) { try await client.exchange(callback: callback, pending: stale) }
    }
}

/// Collects values from concurrent code.
actor SavedTokens {
    private(set) var values: [String?] = []

    func record(_ value: String?) { values.append(value) }
}
