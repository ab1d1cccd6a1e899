import Foundation
import OAuth
import OAuthTesting
import Testing

/// The sandbox's device authorization grant (RFC 8628), revocation (RFC 7009) and
/// introspection (RFC 7662).
@Suite struct SandboxDeviceAndRevocationTests {
    let harness = SandboxHarness(configuration: .init())

    func startDevice(_ harness: SandboxHarness) async throws -> JSONObject {
        let response = await harness.post("/device_authorization", ["client_id": "public-app", "scope": "tv"])
        #expect(response.status == 200)
        return try SandboxHarness.json(response)
    }

    func poll(_ harness: SandboxHarness, _ deviceCode: String, client: String = "public-app") async -> HTTPResponse {
        await harness.post("/token", ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": deviceCode, "client_id": client])
    }

    @Test func theDeviceResponseParsesWithTheClientsStrictParser() async throws {
        let response = await harness.post("/device_authorization", ["client_id": "public-app", "scope": "tv"])
        let authorization = try DeviceAuthorization.parse(TokenEndpointResponse(response), issuedAt: harness.clock.now)
        #expect(authorization.verificationURI.absoluteString == "http://127.0.0.1:1/device")
        #expect(authorization.interval == 5)
        #expect(authorization.userCode.count == 9)
        #expect(authorization.verificationURIComplete?.absoluteString.hasSuffix("?user_code=" + authorization.userCode) == true)
    }

    @Test func pendingThenSlowDownThenApprovedOnThePage() async throws {
        let device = try await startDevice(harness)
        let deviceCode = try #require(device["device_code"]?.stringValue)
        let userCode = try #require(device["user_code"]?.stringValue)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "authorization_pending")
        harness.clock.advance(by: 2)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "slow_down")
        harness.clock.advance(by: 6)
        // The interval is now 10 s (RFC 8628 §3.5): 6 s is too soon.
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "slow_down")
        harness.clock.advance(by: 15)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "authorization_pending")

        let page = String(decoding: await harness.get("/device?user_code=" + userCode).body, as: UTF8.self)
        #expect(page.contains("value=\"\(userCode)\""))
        let typed = userCode.lowercased().replacingOccurrences(of: "-", with: " ")
        let decided = String(decoding: await harness.post("/device", ["user_code": typed, "decision": "approve"]).body, as: UTF8.self)
        #expect(decided.contains("Device connected"))
        harness.clock.advance(by: 20)
        let token = try SandboxHarness.json(await poll(harness, deviceCode))
        #expect(token["scope"] == "tv")
        #expect(try SandboxHarness.json(await harness.userinfo(try #require(token["access_token"]?.stringValue)))["sub"] == "sandbox-user")
        harness.clock.advance(by: 20)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "invalid_grant")
    }

    /// The largest interval the configuration takes (`oauthctl sandbox --device-interval`) still
    /// slows down without overflowing.
    @Test func theLargestIntervalSlowsDownWithoutOverflow() async throws {
        var configuration = SandboxAuthorizationServer.Configuration()
        configuration.deviceInterval = .max
        let harness = SandboxHarness(configuration: configuration)
        let deviceCode = try #require(try await startDevice(harness)["device_code"]?.stringValue)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "authorization_pending")
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "slow_down")
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "slow_down")
    }

    @Test func deniedExpiredUnknownAndOtherClients() async throws {
        let denied = try #require(try await startDevice(harness)["device_code"]?.stringValue)
        let device = try await startDevice(harness)
        _ = await harness.post("/device", ["user_code": try #require(device["user_code"]?.stringValue), "decision": "deny"])
        #expect(SandboxHarness.error(await poll(harness, try #require(device["device_code"]?.stringValue))) == "access_denied")
        #expect(SandboxHarness.error(await poll(harness, denied, client: "app")) == "invalid_client")
        let twoPublic = SandboxHarness(clients: [SandboxClient(id: "public-app"), SandboxClient(id: "other-public")], configuration: .init())
        let bound = try #require(try await startDevice(twoPublic)["device_code"]?.stringValue)
        #expect(SandboxHarness.error(await poll(twoPublic, bound, client: "other-public")) == "invalid_grant")
        #expect(SandboxHarness.error(await poll(twoPublic, bound)) == "authorization_pending")
        harness.clock.advance(by: 601)
        #expect(SandboxHarness.error(await poll(harness, denied)) == "expired_token")
        #expect(SandboxHarness.error(await poll(harness, "nonsense")) == "invalid_grant")
        let page = String(decoding: await harness.post("/device", ["user_code": "BCDF-GHJK", "decision": "approve"]).body, as: UTF8.self)
        #expect(page.contains("unknown or has expired"))
    }

    @Test func autoApprovalGrantsAfterTheFirstPoll() async throws {
        let harness = SandboxHarness()
        let deviceCode = try #require(try await startDevice(harness)["device_code"]?.stringValue)
        #expect(SandboxHarness.error(await poll(harness, deviceCode)) == "authorization_pending")
        harness.clock.advance(by: 5)
        #expect(await poll(harness, deviceCode).status == 200)
    }

    // MARK: Revocation

    func issue(_ client: (String, String) = ("app", "s3cret")) async throws -> (access: String, refresh: String) {
        let token = try SandboxHarness.json(await harness.post("/token", ["grant_type": "password", "username": "alice", "password": "wonderland"], basic: client))
        return (try #require(token["access_token"]?.stringValue), try #require(token["refresh_token"]?.stringValue))
    }

    @Test func revokingARefreshTokenEndsItsAccessTokens() async throws {
        let (access, refresh) = try await issue()
        let response = await harness.post("/revoke", ["token": refresh, "token_type_hint": "refresh_token"], basic: ("app", "s3cret"))
        #expect(response.status == 200)
        #expect(await harness.userinfo(access).status == 401)
        #expect(SandboxHarness.error(await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": refresh], basic: ("app", "s3cret"))) == "invalid_grant")
    }

    @Test func revokingAnAccessTokenEndsOnlyIt() async throws {
        let (access, refresh) = try await issue()
        #expect(await harness.post("/revoke", ["token": access], basic: ("app", "s3cret")).status == 200)
        #expect(await harness.userinfo(access).status == 401)
        #expect(await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": refresh], basic: ("app", "s3cret")).status == 200)
    }

    @Test func revocationRefusals() async throws {
        let (access, _) = try await issue()
        #expect(await harness.post("/revoke", ["token": "unknown"], basic: ("app", "s3cret")).status == 200)
        #expect(await harness.post("/revoke", ["token": access, "token_type_hint": "something_else"], basic: ("app", "s3cret")).status == 200)
        let (other, _) = try await issue()
        let foreign = await harness.post("/revoke", ["token": other, "client_id": "public-app"])
        #expect(SandboxHarness.error(foreign) == "unauthorized_client")
        #expect(await harness.userinfo(other).status == 200)
        #expect(SandboxHarness.error(await harness.post("/revoke", [:], basic: ("app", "s3cret"))) == "invalid_request")
        #expect(await harness.post("/revoke", ["token": other], basic: ("app", "wrong")).status == 401)
    }

    // MARK: Introspection

    @Test func introspectionSaysWhatATokenGrants() async throws {
        let (access, refresh) = try await issue()
        let active = try SandboxHarness.json(await harness.post("/introspect", ["token": access], basic: ("app", "s3cret")))
        #expect(active["active"] == true)
        #expect(active["client_id"] == "app")
        #expect(active["username"] == "alice")
        #expect(active["token_type"] == "Bearer")
        #expect(active["exp"] == .number(JSONNumber(Int(harness.clock.now.timeIntervalSince1970) + 3600)))
        #expect(active["iss"] == "http://127.0.0.1:1")
        let introspection = TokenIntrospection(claims: active)
        #expect(introspection.active)
        let refreshInfo = try SandboxHarness.json(await harness.post("/introspect", ["token": refresh], basic: ("app", "s3cret")))
        #expect(refreshInfo["active"] == true)
        #expect(refreshInfo["token_type"] == nil)
        harness.clock.advance(by: 3601)
        #expect(try SandboxHarness.json(await harness.post("/introspect", ["token": access], basic: ("app", "s3cret"))) == ["active": false])
        #expect(try SandboxHarness.json(await harness.post("/introspect", ["token": "unknown"], basic: ("app", "s3cret"))) == ["active": false])
    }

    @Test func introspectionIsForAuthenticatedConfidentialClients() async throws {
        let (access, _) = try await issue()
        #expect(SandboxHarness.error(await harness.post("/introspect", ["token": access, "client_id": "public-app"])) == "invalid_client")
        #expect(await harness.post("/introspect", ["token": access]).status == 401)
        #expect(SandboxHarness.error(await harness.post("/introspect", [:], basic: ("app", "s3cret"))) == "invalid_request")
    }
}
