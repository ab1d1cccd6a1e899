import Foundation
import OAuth
import OAuthTesting
import Testing

/// The device flow (RFC 8628): the strict parse of the authorization response and polling as
/// §3.5 requires, on a manual clock.
@Suite struct DeviceFlowTests {
    let provider = Provider(
        name: "tv", displayName: "TV",
        endpoints: Endpoints(token: "https://as.example/token", deviceAuthorization: "https://as.example/device")
    )

    static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }

    /// RFC 8628 §3.2's example response.
    static let rfcExample = json(200, #"{"device_code":"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS","user_code":"WDJB-MJHT","verification_uri":"https://example.com/device","verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT","expires_in":1800,"interval":5}"#)

    @Test func parsesTheRFCExample() throws {
        let authorization = try FlowEngine(provider: provider).deviceAuthorization(from: Self.rfcExample, issuedAt: Date(timeIntervalSince1970: 0))
        #expect(authorization.userCode == "WDJB-MJHT")
        #expect(authorization.verificationURIComplete?.absoluteString == "https://example.com/device?user_code=WDJB-MJHT")
        #expect(authorization.expiresAt == Date(timeIntervalSince1970: 1800))
        #expect(!authorization.description.contains("GmRhmhcx"))
    }

    @Test(arguments: [
        (#"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d","expires_in":600}"#, 5),
        (#"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d","expires_in":600,"interval":0}"#, 5),
        (#"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d","expires_in":600,"interval":9}"#, 9),
    ])
    func intervalDefaultsToFive(body: String, interval: Int) throws {
        #expect(try FlowEngine(provider: provider).deviceAuthorization(from: Self.json(200, body)).interval == interval)
    }

    @Test(arguments: [
        #"{"user_code":"u","verification_uri":"https://x.example/d","expires_in":600}"#,
        #"{"device_code":"d","user_code":"u","verification_uri":"http://x.example/d","expires_in":600}"#,
        #"{"device_code":"d","user_code":"u","verification_url":"https://x.example/d","expires_in":600}"#,
        #"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d"}"#,
    ])
    func refusesWhatRFC8628Forbids(body: String) {
        #expect(throws: TokenResponseError.self) { try FlowEngine(provider: provider).deviceAuthorization(from: Self.json(200, body)) }
    }

    /// Reference §1.5 D3: interval 5; pending, slow_down, pending, token → polls at 5, 10, 20, 30 s.
    @Test func pollsAsSection3_5Requires() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 0))
        let pollTimes = PollTimes()
        let answers = [
            Self.json(400, #"{"error":"authorization_pending"}"#), Self.json(400, #"{"error":"slow_down"}"#),
            Self.json(400, #"{"error":"authorization_pending"}"#), Self.json(200, #"{"access_token":"tv-token","token_type":"Bearer"}"#),
        ]
        let queue = ReplayTransport(responses: answers)
        let transport = ReplayTransport { request in
            await pollTimes.record(clock.now.timeIntervalSince1970)
            #expect(String(decoding: request.body!, as: UTF8.self).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=d"))
            return try await queue.send(request, limits: .tokenEndpoint)
        }
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "tv-app"), transport: transport, clock: clock)
        let authorization = DeviceAuthorization(deviceCode: "d", userCode: "u", verificationURI: URL(string: "https://as.example/d")!, expiresIn: 1800, interval: 5, issuedAt: clock.now)
        let token = try await client.pollDeviceAuthorization(authorization) { seconds in clock.advance(by: seconds) }
        #expect(token.accessToken == "tv-token")
        #expect(await pollTimes.values == [5, 10, 20, 30])
        #expect(try await client.currentToken() == token)
    }

    @Test func anyOtherErrorStopsAndTheDeadlineIsKept() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 0))
        let denying = ReplayTransport(responses: [Self.json(400, #"{"error":"access_denied"}"#)])
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "tv-app"), transport: denying, clock: clock)
        let authorization = DeviceAuthorization(deviceCode: "d", userCode: "u", verificationURI: URL(string: "https://as.example/d")!, expiresIn: 12, interval: 5, issuedAt: clock.now)
        await #expect(throws: TokenResponseError.oauth(OAuthError(code: .accessDenied))) {
            try await client.pollDeviceAuthorization(authorization) { clock.advance(by: $0) }
        }
        let pending = ReplayTransport { _ in Self.json(400, #"{"error":"authorization_pending"}"#) }
        let waiting = OAuthClient(provider: provider, credentials: ClientCredentials(id: "tv-app"), transport: pending, clock: clock)
        let fresh = DeviceAuthorization(deviceCode: "d", userCode: "u", verificationURI: URL(string: "https://as.example/d")!, expiresIn: 12, interval: 5, issuedAt: clock.now)
        await #expect(throws: DeviceFlowError.expired) { try await waiting.pollDeviceAuthorization(fresh) { clock.advance(by: $0) } }
        #expect(pending.requests.count == 2, "polls at 5 and 10 s; at 15 s the codes have expired")
    }

    @Test func theDeviceRequestCarriesTheClientAndScopes() throws {
        let request = try FlowEngine(provider: provider).deviceAuthorizationRequest(client: ClientCredentials(id: "tv-app"), scopes: ["email", "profile"])
        #expect(request.url.absoluteString == "https://as.example/device")
        #expect(String(decoding: request.body!, as: UTF8.self) == "scope=email+profile&client_id=tv-app")
    }
}

/// Revocation (RFC 7009) and introspection (RFC 7662).
@Suite struct RevocationAndIntrospectionTests {
    let provider = Provider(
        name: "as", displayName: "AS",
        endpoints: Endpoints(token: "https://as.example/token", revocation: "https://as.example/revoke", introspection: "https://as.example/introspect")
    )

    @Test func revocationSendsTheTokenAndHintAnd200IsSuccessWhateverTheBody() async throws {
        let transport = ReplayTransport(responses: [HTTPResponse(status: 200, body: Data("anything".utf8))])
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c", secret: "s"), transport: transport)
        try await client.revoke("45ghiukldjahdnhzdauz", hint: .accessToken)
        let request = try #require(transport.requests.first)
        #expect(String(decoding: request.body!, as: UTF8.self) == "token=45ghiukldjahdnhzdauz&token_type_hint=access_token")
        #expect(request.headers["Authorization"]?.hasPrefix("Basic ") == true)
    }

    @Test func unavailableIsTransientAndUnsupportedTypeIsAnError() async throws {
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c", secret: "s"), transport: ReplayTransport(responses: [
            HTTPResponse(status: 503, headers: ["Retry-After": "10"]),
            DeviceFlowTests.json(400, #"{"error":"unsupported_token_type"}"#),
        ]))
        await #expect(throws: TokenResponseError.serverUnavailable(status: 503, retryAfter: 10, error: nil)) { try await client.revoke("t") }
        await #expect(throws: TokenResponseError.oauth(OAuthError(code: "unsupported_token_type"))) { try await client.revoke("t") }
    }

    @Test func revokingTheStoredTokenRevokesItsRefreshTokenAndForgetsBoth() async throws {
        let store = InMemoryTokenStore(Token(accessToken: "a", refreshToken: "r"))
        let transport = ReplayTransport(responses: [HTTPResponse(status: 200)])
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c", secret: "s"), transport: transport, store: store)
        try await client.revokeStoredToken()
        #expect(String(decoding: transport.requests[0].body!, as: UTF8.self) == "token=r&token_type_hint=refresh_token")
        #expect(await store.load() == nil)
    }

    @Test(arguments: [(#"{"active":true,"scope":"read write","client_id":"c","username":"alice","exp":1419356238}"#, true), (#"{"active":"true","scope":"x"}"#, false), (#"{"active":1}"#, false), (#"{"scope":"x"}"#, false)])
    func activeOnlyWhenTheJSONBooleanSaysSo(body: String, active: Bool) async throws {
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c", secret: "s"), transport: ReplayTransport(responses: [DeviceFlowTests.json(200, body)]))
        let result = try await client.introspect("t", hint: .accessToken)
        #expect(result.active == active)
        if active {
            #expect(result.scope == ["read", "write"])
            #expect(result.username == "alice")
            #expect(result.expiresAt == Date(timeIntervalSince1970: 1419356238))
        } else {
            #expect(result.claims.isEmpty)
            #expect(result.scope == nil)
        }
    }
}

/// Collects poll times from the transport.
actor PollTimes {
    private(set) var values: [TimeInterval] = []
    func record(_ value: TimeInterval) { values.append(value) }
}
