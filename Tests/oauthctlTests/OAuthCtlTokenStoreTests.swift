import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// `--token-store redis://…` beside `--token-file`, and the sandbox's counters on the command line.
@Suite struct OAuthCtlTokenStoreTests {
    final class Captured: @unchecked Sendable {
        var out = ""
        var error = ""
    }

    func run(_ arguments: [String]) async -> (status: Int32, out: String, error: String) {
        let captured = Captured()
        let console = Console(out: { captured.out += $0 }, error: { captured.error += $0 })
        let status = await OAuthCtl.run(arguments, console: console)
        return (status, captured.out, captured.error)
    }

    @Test(arguments: [
        (["--token-file", "t.json", "--token-store", "redis://127.0.0.1?key=k"], "give --token-file or --token-store, not both"),
        (["--token-store", "rediss://127.0.0.1:6380?key=k"], "TLS"),
        (["--token-store", "redis://127.0.0.1:6379"], "no key parameter"),
        (["--token-store", "/tmp/token.json"], "--token-store: redis: expected a URL"),
    ])
    func badTokenStoresAreUsageErrors(store: [String], message: String) async {
        let result = await run(["request", "--token-url", "http://127.0.0.1:1/token", "--client-id", "c"] + store + ["http://127.0.0.1:1/userinfo"])
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func tokenAndRequestKeepTheTokenInRedis() async throws {
        try await RedisTestServer.with { redis in
            let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")], users: ["alice": "wonderland"],
                                                     configuration: .init(autoApprove: true, accessTokenLifetime: 1))
            let server = LoopbackHTTPServer(port: 0, handler: { await sandbox.handle($0) })
            try server.start()
            defer { server.stop() }
            let base = server.baseURL.absoluteString
            let url = redis.url(key: "oauth:cli")
            let client = ["--token-url", base + "/token", "--client-id", "app", "--client-secret", "s3cret", "--token-store", url]
            let signedIn = await run(["token", "--grant", "password", "--username", "alice", "--password", "wonderland"] + client)
            #expect(signedIn.status == 0, "\(signedIn.error)")
            let stored = try #require(try await RedisTokenStore(url: url).load())
            #expect(signedIn.out.contains(stored.accessToken))
            // The token lives one second: the request refreshes it first, through the store.
            try await Task.sleep(nanoseconds: 1_100_000_000)
            let request = await run(["request"] + client + [base + "/userinfo"])
            #expect(request.status == 0, "\(request.error)")
            #expect(request.out.contains("HTTP 200"))
            #expect(try await RedisTokenStore(url: url).load()?.refreshToken != stored.refreshToken, "the rotated refresh token was written")
            #expect(await sandbox.counters.refreshesIssued == 1)
        }
    }
}
