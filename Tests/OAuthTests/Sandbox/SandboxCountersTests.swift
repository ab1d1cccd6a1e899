import Foundation
import OAuth
import OAuthTesting
import Testing

/// The sandbox counts refreshes served and rotated-out refresh tokens presented, and serves the
/// counts at /sandbox/counters.
@Suite struct SandboxCountersTests {
    let harness = SandboxHarness()

    @Test func refreshesAndRotatedOutRefreshTokensAreCounted() async throws {
        #expect(await harness.sandbox.counters == SandboxCounters())
        let first = try SandboxHarness.json(await harness.exchange(try await harness.code()))
        let old = try #require(first["refresh_token"]?.stringValue)
        let refreshed = try SandboxHarness.json(await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": old], basic: ("app", "s3cret")))
        let access = try #require(refreshed["access_token"]?.stringValue)
        #expect(await harness.userinfo(access).status == 200)
        // The rotated-out refresh token comes back: counted, and the grant is revoked.
        let reused = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": old], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(reused) == "invalid_grant")
        #expect(await harness.userinfo(access).status == 401)
        let unknown = await harness.post("/token", ["grant_type": "refresh_token", "refresh_token": "never-issued"], basic: ("app", "s3cret"))
        #expect(SandboxHarness.error(unknown) == "invalid_grant")

        var expected = SandboxCounters()
        expected.refreshRequests = 3
        expected.refreshesIssued = 1
        expected.rotatedOutRefreshTokens = 1
        expected.refreshInvalidGrants = 2
        expected.resourceRequestsServed = 1
        expected.resourceRequestsRefused = 1
        #expect(await harness.sandbox.counters == expected)

        let served = try SandboxHarness.json(await harness.get("/sandbox/counters"))
        #expect(served["refresh_requests"] == 3)
        #expect(served["refreshes_issued"] == 1)
        #expect(served["rotated_out_refresh_tokens"] == 1)
        #expect(served["refresh_invalid_grants"] == 2)
        #expect(served["concurrent_refresh_token_uses"] == 0)
    }
}
