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

    @Test func everyCommandThatKeepsATokenFileTakesATokenStore() throws {
        let takers = OAuthCtl.commands.filter { $0.option(named: "--token-file") != nil && !$0.name.hasPrefix("oauth1 ") }
        #expect(takers.map(\.name).sorted() == ["device", "exchange", "introspect", "login", "refresh", "request", "revoke", "token"])
        for command in takers {
            let option = try #require(command.option(named: "--token-store"), "\(command.name) takes --token-file but not --token-store")
            #expect(option.value == .url("URL"))
            #expect(option.help.contains("redis://"))
        }
    }

    @Test func aTokenStoreGoesWithNeitherAProfileNorAToken() async {
        let profile = await run(["login", "--token-url", "http://127.0.0.1:1/token", "--authorize-url", "http://127.0.0.1:1/authorize",
                                 "--client-id", "c", "--profile", "work", "--token-store", "redis://127.0.0.1:1?key=k"])
        #expect(profile.status == 2)
        #expect(profile.error.contains("give --profile or --token-store, not both"), "\(profile.error)")
        let token = await run(["revoke", "--revocation-url", "http://127.0.0.1:1/revoke", "--client-id", "c", "--token", "t",
                               "--token-store", "redis://127.0.0.1:1?key=k"])
        #expect(token.status == 2)
        #expect(token.error.contains("give --token or the stored token"), "\(token.error)")
    }

    /// An unreachable server is found before a token is asked for (a network error from the
    /// token endpoint would say `network`), and the URL's password is never printed.
    @Test func anUnreachableStoreIsALocalFailureFoundFirstAndItsPasswordStaysHidden() async throws {
        try await CLI.withServer({ _ in HTTPResponse(status: 500) }) { base in
            let result = await run(["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "c", "--json",
                                    "--token-store", "redis://:redis-password-Qw81@127.0.0.1:1/0?key=k"])
            #expect(result.status == 3, "\(result.error)")
            let report = try JSONParser().parse(Data(result.error.utf8))
            #expect(report[path: ["error"]] == "token_store")
            #expect(result.error.contains("expected a connection to 127.0.0.1:1"))
            #expect(!(result.out + result.error).contains("redis-password-Qw81"))
        }
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func aKeyWithoutATokenIsReportedBeforeAnyRequest() async throws {
        try await RedisTestServer.with { redis in
            let result = await run(["request", "--token-url", "http://127.0.0.1:1/token", "--client-id", "c",
                                    "--token-store", redis.url(key: "oauth:nobody"), "http://127.0.0.1:1/userinfo"])
            #expect(result.status == 3, "\(result.error)")
            #expect(result.error.contains("token store redis key oauth:nobody on "), "\(result.error)")
            #expect(result.error.contains("expected a token, got none; sign in first"), "\(result.error)")
        }
    }

    @Test(arguments: [
        (["sandbox", "--access-token-lifetime", "0"], "--access-token-lifetime: expected whole seconds above 0, got 0"),
        (["bench", "--repeat", "oauth1-signature"], "--repeat goes with --times"),
        (["bench", "--times", "3"], "--times goes with --repeat"),
        (["bench", "--repeat", "oauth1-signature", "--times", "many"], "--times: expected a whole number of 0 or more, got many"),
        (["bench", "--repeat", "sha3", "--times", "1"], "--repeat: expected oauth1-signature, "),
    ])
    func sandboxAndBenchOptionsAreCheckedAsDeclared(arguments: [String], message: String) async {
        let result = await run(arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test func benchRepeatsOnePartAndPrintsNothing() async {
        let result = await run(["bench", "--repeat", "oauth1-signature", "--times", "3"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.out.isEmpty)
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
            let signedIn = await run(["token", "--grant", "password", "--username", "alice", "--password", "wonderland", "--show-tokens"] + client)
            #expect(signedIn.status == 0, "\(signedIn.error)")
            let stored = try #require(try await RedisTokenStore(url: url).load())
            #expect(signedIn.out.contains(stored.accessToken))
            // The token lives one second: the request refreshes it first, through the store.
            try await Task.sleep(nanoseconds: 1_100_000_000)
            let request = await run(["request", "-i"] + client + [base + "/userinfo"])
            #expect(request.status == 0, "\(request.error)")
            #expect(request.out.contains("HTTP 200"))
            #expect(try await RedisTokenStore(url: url).load()?.refreshToken != stored.refreshToken, "the rotated refresh token was written")
            #expect(await sandbox.counters.refreshesIssued == 1)
        }
    }
}
