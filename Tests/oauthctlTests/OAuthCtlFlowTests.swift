import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// The OAuth 2.0 commands against the sandbox on a loopback port.
@Suite struct OAuthCtlFlowTests {
    final class Captured: @unchecked Sendable {
        var out = ""
        var error = ""
    }

    func run(_ arguments: [String]) async -> (status: Int32, out: String, error: String) {
        let captured = Captured()
        let status = await OAuthCtl.run(arguments, console: Console(out: { captured.out += $0 }, error: { captured.error += $0 }))
        return (status, captured.out, captured.error)
    }

    func withSandbox(_ body: (_ base: String, _ directory: URL) async throws -> Void) async throws {
        let sandbox = SandboxAuthorizationServer(
            clients: [SandboxClient(id: "cli-app", secret: "cli-secret"), SandboxClient(id: "public-cli")],
            users: ["alice": "wonderland"], configuration: .init(autoApprove: true)
        )
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauthctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await body(server.baseURL.absoluteString, directory)
    }

    /// `exchange --callback` reads the callback through the provider's fixes, as `OAuthClient`
    /// does: a value they keep reaches the token, and a fix that repeats the state gets it.
    @Test func exchangeRunsTheProvidersCallbackFixesAndGivesTheState() async throws {
        try await withSandbox { base, directory in
            let providerFile = directory.appendingPathComponent("acme.json")
            try Data("""
                {"name": "acme", "displayName": "Acme",
                 "endpoints": {"authorization": "\(base)/authorize", "token": "\(base)/token", "resourceOrigins": ["\(base)"]},
                 "fixes": [{"kind": "keep-callback-values", "id": "acme.company-id", "names": ["companyId"]},
                           {"kind": "extra-parameters", "id": "acme.state-in-exchange", "parameters": {"state": "{state}"}, "on": ["access-token-request"]}]}
                """.utf8).write(to: providerFile)
            let options = ["--provider-file", providerFile.path, "--provider", "acme", "--client-id", "cli-app", "--redirect-uri", "http://127.0.0.1:8400/cb"]
            let pending = directory.appendingPathComponent("pending.json").path
            let authorize = await run(["authorize-url", "--pending-file", pending] + options)
            #expect(authorize.status == 0, "\(authorize.error)")
            let url = try #require(URL(string: authorize.out.trimmingCharacters(in: .whitespacesAndNewlines)))
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"]) + "&companyId=4620816365"
            let exchange = await run(["exchange", "--client-secret", "cli-secret", "--callback", callback, "--pending-file", pending, "--json"] + options)
            #expect(exchange.status == 0, "\(exchange.error)")
            let token = try JSONParser().parse(Data(exchange.out.utf8))
            #expect(token[path: ["extras", "companyId"]] == "4620816365")
        }
    }

    /// `exchange --callback -` reads the callback URL from standard input, where `ps` does not
    /// show its code; an empty line is a usage error.
    @Test func exchangeReadsTheCallbackFromStandardInput() async throws {
        try await withSandbox { base, directory in
            let options = ["--token-url", base + "/token", "--authorize-url", base + "/authorize", "--client-id", "cli-app", "--redirect-uri", "http://127.0.0.1:8400/cb"]
            let pending = directory.appendingPathComponent("pending.json").path
            let authorize = await run(["authorize-url", "--pending-file", pending] + options)
            #expect(authorize.status == 0, "\(authorize.error)")
            let url = try #require(URL(string: authorize.out.trimmingCharacters(in: .whitespacesAndNewlines)))
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"])
            let exchange = await CLI(input: callback + "\n").run(["exchange", "--client-secret", "cli-secret", "--callback", "-", "--pending-file", pending, "--json"] + options)
            #expect(exchange.status == 0, "\(exchange.error)")
            #expect(try JSONParser().parse(Data(exchange.out.utf8))[path: ["access_token"]] != nil)
            let empty = await CLI(input: "\n").run(["exchange", "--client-secret", "cli-secret", "--callback", "-", "--pending-file", pending] + options)
            #expect(empty.status == 2)
            #expect(empty.error.contains("--callback -: expected the URL the browser came back to on standard input, got an empty line"), "\(empty.error)")
        }
    }

    @Test(arguments: ["basic", "post"])
    func authorizationCodeRequestAndRefreshWithRotation(clientAuth: String) async throws {
        try await withSandbox { base, directory in
            let endpoints = ["--authorize-url", base + "/authorize", "--token-url", base + "/token"]
            let pending = directory.appendingPathComponent("pending.json").path
            let tokenFile = directory.appendingPathComponent("token.json").path
            let authorize = await run(["authorize-url", "--client-id", "cli-app", "--redirect-uri", "http://127.0.0.1:8400/cb", "--scope", "read", "--scope", "write", "--pending-file", pending] + endpoints)
            #expect(authorize.status == 0, "\(authorize.error)")
            let url = try #require(URL(string: authorize.out.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(url.absoluteString.contains("code_challenge_method=S256"))
            #expect((try FileManager.default.attributesOfItem(atPath: pending)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"])

            let exchange = await run(["exchange", "--client-id", "cli-app", "--client-secret", "cli-secret", "--client-auth", clientAuth,
                                      "--redirect-uri", "http://127.0.0.1:8400/cb", "--callback", callback, "--pending-file", pending, "--token-file", tokenFile, "--json"] + endpoints)
            #expect(exchange.status == 0, "\(exchange.error)")
            let token = try JSONParser().parse(Data(exchange.out.utf8))
            #expect(token[path: ["token_type"]] == "Bearer")
            #expect(token[path: ["scope"]] == "read write")
            guard case .number? = token[path: ["expires_at"]] else {
                Issue.record("expected expires_at")
                return
            }
            let used = try String(contentsOfFile: pending, encoding: .utf8)
            #expect(used.contains("oauthctl_pending_used_at") && !used.contains("code_verifier"), "the pending file is used once, its secrets gone")
            let replay = await run(["exchange", "--client-id", "cli-app", "--client-secret", "cli-secret", "--redirect-uri", "http://127.0.0.1:8400/cb", "--callback", callback, "--pending-file", pending] + endpoints)
            #expect(replay.status == 3)
            #expect(replay.error.contains("pending file \(pending): already used"), "\(replay.error)")

            let request = await run(["request", "--token-file", tokenFile, base + "/userinfo"] + endpoints)
            #expect(request.status == 0, "\(request.error)")
            // The body alone, ready for jq.
            #expect(try JSONParser().parse(Data(request.out.utf8))[path: ["sub"]] == "sandbox-user")

            let oldRefresh = try FileTokenStore(path: tokenFile).load()?.refreshToken
            let refresh = await run(["token", "--grant", "refresh_token", "--client-id", "cli-app", "--client-secret", "cli-secret", "--client-auth", clientAuth, "--token-file", tokenFile] + endpoints)
            #expect(refresh.status == 0, "\(refresh.error)")
            let newRefresh = try FileTokenStore(path: tokenFile).load()?.refreshToken
            #expect(newRefresh != nil && newRefresh != oldRefresh)
            let stale = await run(["token", "--grant", "refresh_token", "--client-id", "cli-app", "--client-secret", "cli-secret", "--refresh-token", oldRefresh ?? "", "--token-url", base + "/token"])
            #expect(stale.status == 1)
            #expect(stale.error.hasPrefix("error: invalid_grant: the refresh token was rotated already"))
        }
    }

    @Test func publicClientWithACodeClientCredentialsAndPassword() async throws {
        try await withSandbox { base, directory in
            let endpoints = ["--authorize-url", base + "/authorize", "--token-url", base + "/token"]
            let pending = directory.appendingPathComponent("p.json").path
            let authorize = await run(["authorize-url", "--client-id", "public-cli", "--redirect-uri", "http://[::1]:9/cb", "--pending-file", pending] + endpoints)
            #expect(authorize.status == 0, "\(authorize.error)")
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: URL(string: authorize.out.trimmingCharacters(in: .whitespacesAndNewlines))!), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"])
            let exchange = await run(["exchange", "--client-id", "public-cli", "--client-auth", "none", "--redirect-uri", "http://[::1]:9/cb", "--callback", callback, "--pending-file", pending] + endpoints)
            #expect(exchange.status == 0, "\(exchange.error)")

            let service = await run(["token", "--grant", "client_credentials", "--client-id", "cli-app", "--client-secret", "cli-secret", "--scope", "metrics", "--json"] + endpoints)
            #expect(service.status == 0, "\(service.error)")
            #expect(try JSONParser().parse(Data(service.out.utf8))[path: ["scope"]] == "metrics")
            let user = await run(["token", "--grant", "password", "--client-id", "cli-app", "--client-secret", "cli-secret", "--username", "alice", "--password", "wonderland"] + endpoints)
            #expect(user.status == 0, "\(user.error)")
            let wrong = await run(["token", "--grant", "password", "--client-id", "cli-app", "--client-secret", "nope", "--username", "alice", "--password", "wonderland"] + endpoints)
            #expect(wrong.status == 1)
            #expect(wrong.error.hasPrefix("error: invalid_client: "))
        }
    }

    @Test func aTamperedCallbackIsRefused() async throws {
        try await withSandbox { base, directory in
            let endpoints = ["--authorize-url", base + "/authorize", "--token-url", base + "/token"]
            let pending = directory.appendingPathComponent("p.json").path
            _ = await run(["authorize-url", "--client-id", "cli-app", "--redirect-uri", "http://127.0.0.1:8400/cb", "--pending-file", pending] + endpoints)
            let result = await run(["exchange", "--client-id", "cli-app", "--client-secret", "cli-secret", "--redirect-uri", "http://127.0.0.1:8400/cb",
                                    "--callback", "http://127.0.0.1:8400/cb?code=abc&state=forged", "--pending-file", pending] + endpoints)
            #expect(result.status == 1)
            #expect(result.error == "error: invalid_callback: callback: expected the state of the pending request, got another\n")
            #expect(FileManager.default.fileExists(atPath: pending), "a forged callback does not use up the pending request")
        }
    }

    @Test func httpIsAcceptedOnlyForLoopbackHosts() async {
        let result = await run(["token", "--grant", "client_credentials", "--client-id", "c", "--token-url", "http://as.example/token"])
        #expect(result.status == 2)
        #expect(result.error.contains("http is allowed only for loopback hosts"))
        let redirect = await run(["authorize-url", "--client-id", "c", "--redirect-uri", "http://app.example/cb", "--pending-file", "/tmp/x", "--authorize-url", "https://as.example/a"])
        #expect(redirect.status == 2)
    }

    @Test func requestNeedsATokenFileAndRefusesOtherOrigins() async throws {
        try await withSandbox { base, directory in
            let tokenFile = directory.appendingPathComponent("t.json").path
            try FileTokenStore(path: tokenFile).save(Token(accessToken: "t"))
            let refused = await run(["request", "--provider", "github", "--token-file", tokenFile, base + "/userinfo"])
            #expect(refused.status == 2)
            #expect(refused.error.hasPrefix("error: the token is not sent to http://127.0.0.1"), "\(refused.error)")
            #expect(refused.error.contains("--resource-origin"))
            let missing = await run(["request", base + "/userinfo"])
            #expect(missing.status == 2)
        }
    }
}
