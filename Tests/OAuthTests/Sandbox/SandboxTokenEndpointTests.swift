import Foundation
import OAuth
import OAuthTesting
import Testing

/// The sandbox's token endpoint: client authentication (RFC 6749 §2.3), the grants, and the
/// refusals RFC 6749 §5.2 and RFC 7636 §4.6 require.
@Suite struct SandboxTokenEndpointTests {
    let harness = SandboxHarness()

    @Test func theCodeGrantIssuesTokensThatTheResourceAccepts() async throws {
        let response = await harness.exchange(try await harness.code())
        #expect(response.status == 200)
        #expect(response.headers["Cache-Control"] == "no-store")
        let token = try SandboxHarness.json(response)
        #expect(token["token_type"] == "Bearer")
        #expect(token["expires_in"] == 3600)
        #expect(token["scope"] == "read write")
        #expect(token["refresh_token"]?.stringValue != nil)
        let userinfo = try SandboxHarness.json(await harness.userinfo(try #require(token["access_token"]?.stringValue)))
        #expect(userinfo["sub"] == "sandbox-user")
        #expect(userinfo["client_id"] == "app")
        #expect(userinfo["scope"] == "read write")
    }

    @Test func clientSecretPostAndPublicClientsAuthenticate() async throws {
        let code = try await harness.code()
        let post = await harness.post("/token", [
            "grant_type": "authorization_code", "code": code, "redirect_uri": SandboxHarness.redirectURI,
            "code_verifier": SandboxHarness.verifier, "client_id": "app", "client_secret": "s3cret",
        ])
        #expect(post.status == 200)
        let publicCode = try await harness.code(["client_id": "public-app"])
        let none = await harness.post("/token", [
            "grant_type": "authorization_code", "code": publicCode, "redirect_uri": SandboxHarness.redirectURI,
            "code_verifier": SandboxHarness.verifier, "client_id": "public-app",
        ])
        #expect(none.status == 200)
    }

    /// The Basic credentials are form-encoded before base64 (RFC 6749 §2.3.1).
    @Test func basicCredentialsAreFormDecoded() async throws {
        let harness = SandboxHarness(clients: [SandboxClient(id: "web app", secret: "s3cret:+/=")])
        let response = await harness.post("/token", ["grant_type": "client_credentials"], basic: ("web app", "s3cret:+/="))
        #expect(response.status == 200)
    }

    @Test(arguments: [
        ("wrong secret", 401, "invalid_client"),
        ("unknown client", 401, "invalid_client"),
        ("no credentials for a confidential client", 401, "invalid_client"),
        ("basic and post together", 400, "invalid_request"),
        ("client_id of another client", 400, "invalid_request"),
        ("malformed basic", 401, "invalid_client"),
    ])
    func clientAuthenticationFailures(case name: String, status: Int, error: String) async {
        let form: FormParameters = ["grant_type": "client_credentials"]
        let response: HTTPResponse
        switch name {
        case "wrong secret": response = await harness.post("/token", form, basic: ("app", "wrong"))
        case "unknown client": response = await harness.post("/token", form, basic: ("nobody", "s3cret"))
        case "no credentials for a confidential client": response = await harness.post("/token", ["grant_type": "client_credentials", "client_id": "app"])
        case "basic and post together":
            response = await harness.post("/token", ["grant_type": "client_credentials", "client_id": "app", "client_secret": "s3cret"], basic: ("app", "s3cret"))
        case "client_id of another client": response = await harness.post("/token", ["grant_type": "client_credentials", "client_id": "public-app"], basic: ("app", "s3cret"))
        default: response = await harness.post("/token", form, headers: ["Authorization": "Basic !!!"])
        }
        #expect(response.status == status)
        #expect(SandboxHarness.error(response) == error)
        if status == 401 {
            // RFC 6749 §5.2: a 401 answers an Authorization header with a challenge.
            let usedBasic = ["wrong secret", "unknown client", "malformed basic"].contains(name)
            #expect((response.headers["WWW-Authenticate"] != nil) == usedBasic)
        }
    }

    @Test func theBodyMustBeAFormWithoutRepeats() async {
        let json = await harness.sandbox.handle(LoopbackRequest(
            method: "POST", target: "/token", headers: ["Content-Type": "application/json"], body: Data(#"{"grant_type":"client_credentials"}"#.utf8)
        ))
        #expect(json.status == 400)
        #expect(SandboxHarness.error(json) == "invalid_request")
        let repeated = await harness.post("/token", FormParameters([.init(name: "grant_type", value: "client_credentials"), .init(name: "scope", value: "a"), .init(name: "scope", value: "b")]), basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(repeated) == "invalid_request")
    }

    @Test func grantTypeMustBeKnown() async {
        #expect(SandboxHarness.error(await harness.post("/token", [:], basic: ("app", "s3cret"))) == "invalid_request")
        #expect(SandboxHarness.error(await harness.post("/token", ["grant_type": "implicit"], basic: ("app", "s3cret"))) == "unsupported_grant_type")
    }

    @Test func aCodeIsBoundToItsVerifierRedirectAndClient() async throws {
        let wrongVerifier = await harness.exchange(try await harness.code(), verifier: String(repeating: "a", count: 43))
        #expect(SandboxHarness.error(wrongVerifier) == "invalid_grant")
        #expect(SandboxHarness.error(await harness.exchange(try await harness.code(), verifier: nil)) == "invalid_grant")
        #expect(SandboxHarness.error(await harness.exchange(try await harness.code(), redirectURI: "http://127.0.0.1:9001/callback")) == "invalid_grant")
        #expect(SandboxHarness.error(await harness.exchange(try await harness.code(), redirectURI: nil)) == "invalid_grant")
        let publicCode = try await harness.code(["client_id": "public-app"])
        #expect(SandboxHarness.error(await harness.exchange(publicCode)) == "invalid_grant")
        let noChallenge = try await harness.code(["code_challenge": nil, "code_challenge_method": nil])
        #expect(SandboxHarness.error(await harness.exchange(noChallenge)) == "invalid_grant")
    }

    @Test func aFailedExchangeBurnsTheCode() async throws {
        let code = try await harness.code()
        #expect(await harness.exchange(code, verifier: String(repeating: "b", count: 43)).status == 400)
        #expect(SandboxHarness.error(await harness.exchange(code)) == "invalid_grant")
    }

    @Test func plainPKCEWorks() async throws {
        let verifier = String(repeating: "v", count: 50)
        let code = try await harness.code(["code_challenge": verifier, "code_challenge_method": "plain"])
        #expect(await harness.exchange(code, verifier: verifier).status == 200)
        let defaulted = try await harness.code(["code_challenge": verifier, "code_challenge_method": nil])
        #expect(await harness.exchange(defaulted, verifier: verifier).status == 200)
    }

    /// RFC 6749 §4.1.2: a code used twice is refused, and what it gave is revoked.
    @Test func aReplayedCodeIsRefusedAndRevokesItsTokens() async throws {
        let code = try await harness.code()
        let token = try SandboxHarness.json(await harness.exchange(code))
        let access = try #require(token["access_token"]?.stringValue)
        let refresh = try #require(token["refresh_token"]?.stringValue)
        #expect(await harness.userinfo(access).status == 200)
        let replay = await harness.exchange(code)
        #expect(replay.status == 400)
        #expect(SandboxHarness.error(replay) == "invalid_grant")
        #expect(await harness.userinfo(access).status == 401)
        let refreshed = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": refresh], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(refreshed) == "invalid_grant")
    }

    @Test func codesAndAccessTokensExpire() async throws {
        let code = try await harness.code()
        harness.clock.advance(by: 601)
        #expect(SandboxHarness.error(await harness.exchange(code)) == "invalid_grant")
        let token = try SandboxHarness.json(await harness.exchange(try await harness.code()))
        let access = try #require(token["access_token"]?.stringValue)
        harness.clock.advance(by: 3601)
        let expired = await harness.userinfo(access)
        #expect(expired.status == 401)
        #expect(expired.headers["WWW-Authenticate"]?.contains(#"error="invalid_token""#) == true)
    }

    @Test func refreshRotatesAndCannotWidenTheScope() async throws {
        let first = try SandboxHarness.json(await harness.exchange(try await harness.code()))
        let old = try #require(first["refresh_token"]?.stringValue)
        let wider = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": old, "scope": "read admin"], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(wider) == "invalid_scope")
        let narrower = try SandboxHarness.json(await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": old, "scope": "read"], basic: ("app", "s3cret")))
        #expect(narrower["scope"] == "read")
        #expect(narrower["refresh_token"] != first["refresh_token"])
        // The new refresh token keeps the whole scope (RFC 6749 §6); only the access token is narrower.
        let rotated = try #require(narrower["refresh_token"]?.stringValue)
        let whole = try SandboxHarness.json(await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": rotated, "scope": "read write"], basic: ("app", "s3cret")))
        #expect(whole["scope"] == "read write")
        // The first refresh token, rotated twice now, comes back: every token of the grant is revoked.
        let reused = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": old], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(reused) == "invalid_grant")
        #expect(await harness.userinfo(try #require(whole["access_token"]?.stringValue)).status == 401)
        let latest = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": try #require(whole["refresh_token"]?.stringValue)], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(latest) == "invalid_grant")
        let fresh = try SandboxHarness.json(await harness.exchange(try await harness.code()))
        let otherClient = SandboxHarness.error(await harness.post("/token", [
            "grant_type": "refresh_token", "refresh_token": try #require(fresh["refresh_token"]?.stringValue), "client_id": "public-app",
        ]))
        #expect(otherClient == "invalid_grant")
    }

    @Test func clientCredentialsIsForConfidentialClientsAndGivesNoRefreshToken() async throws {
        let token = try SandboxHarness.json(await harness.post("/token", ["grant_type": "client_credentials", "scope": "jobs"], basic: ("app", "s3cret")))
        #expect(token["refresh_token"] == nil)
        let userinfo = try SandboxHarness.json(await harness.userinfo(try #require(token["access_token"]?.stringValue)))
        #expect(userinfo["sub"] == "app")
        let refused = await harness.post("/token", ["grant_type": "client_credentials", "client_id": "public-app"])
        #expect(SandboxHarness.error(refused) == "unauthorized_client")
    }

    @Test func thePasswordGrantChecksTheUser() async throws {
        let token = try SandboxHarness.json(await harness.post("/token", ["grant_type": "password", "username": "alice", "password": "wonderland"], basic: ("app", "s3cret")))
        #expect(try SandboxHarness.json(await harness.userinfo(try #require(token["access_token"]?.stringValue)))["sub"] == "alice")
        #expect(SandboxHarness.error(await harness.post("/token", ["grant_type": "password", "username": "alice", "password": "nope"], basic: ("app", "s3cret"))) == "invalid_grant")
        #expect(SandboxHarness.error(await harness.post("/token", ["grant_type": "password", "username": "alice"], basic: ("app", "s3cret"))) == "invalid_request")
    }

    @Test func theTokenGeneratorIsPluggable() async throws {
        let counter = NumberSequence()
        let harness = SandboxHarness(tokenGenerator: { kind in "\(kind.rawValue)-\(counter.next())" })
        let code = try await harness.code()
        #expect(code == "authorization_code-1")
        let token = try SandboxHarness.json(await harness.exchange(code))
        #expect(token["access_token"] == "access_token-2")
        #expect(token["refresh_token"] == "refresh_token-3")
    }

    @Test func theResourceWantsExactlyOneBearerToken() async throws {
        let none = await harness.get("/userinfo")
        #expect(none.status == 401)
        #expect(none.headers["WWW-Authenticate"] == #"Bearer realm="sandbox""#)
        let token = try SandboxHarness.json(await harness.post("/token", ["grant_type": "client_credentials"], basic: ("app", "s3cret")))
        let access = try #require(token["access_token"]?.stringValue)
        let twice = await harness.get("/userinfo", headers: HTTPHeaders([.init(name: "Authorization", value: "Bearer " + access), .init(name: "Authorization", value: "Bearer " + access)]))
        #expect(twice.status == 400)
        #expect(await harness.get("/userinfo?access_token=" + access).status == 401)
    }
}

/// Numbers from 1, safely from any task.
final class NumberSequence: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

/// Concurrent requests cannot use one code or refresh token twice.
@Suite struct SandboxConcurrencyTests {
    @Test func aCodeExchangedByManyRequestsAtOnceGivesOneToken() async throws {
        let harness = SandboxHarness(tokens: SlowTokenStore())
        let code = try await harness.code()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { await harness.exchange(code).status } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
        #expect(statuses.filter { $0 == 400 }.count == 19)
    }

    @Test func aRefreshTokenUsedByManyRequestsAtOnceRotatesOnce() async throws {
        let harness = SandboxHarness(tokens: SlowTokenStore())
        let token = try SandboxHarness.json(await harness.post("/token", ["grant_type": "password", "username": "alice", "password": "wonderland"], basic: ("app", "s3cret")))
        let refresh = try #require(token["refresh_token"]?.stringValue)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask { await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": refresh], basic: ("app", "s3cret")).status }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
    }
}

/// An in-memory token store that yields on every call, so requests interleave in the sandbox.
actor SlowTokenStore: SandboxTokenStore {
    private var records: [String: SandboxTokenRecord] = [:]

    func record(for value: String) async -> SandboxTokenRecord? {
        await Task.yield()
        return records[value]
    }

    func save(_ record: SandboxTokenRecord, for value: String) async {
        await Task.yield()
        records[value] = record
    }

    @discardableResult func remove(_ value: String) async -> SandboxTokenRecord? {
        await Task.yield()
        return records.removeValue(forKey: value)
    }

    func allRecords() async -> [String: SandboxTokenRecord] {
        await Task.yield()
        return records
    }
}
