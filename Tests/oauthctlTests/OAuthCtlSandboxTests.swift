import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// `oauthctl sandbox` in the foreground, and the commands a user points at it: `login`,
/// `device`, `token`, `introspect`, `revoke`.
@Suite struct OAuthCtlSandboxTests {
    /// Output captured from a command that is still running.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var outText = ""
        private var errorText = ""

        var out: String { lock.withLock { outText } }
        var error: String { lock.withLock { errorText } }
        var console: Console {
            Console(out: { self.append(out: $0) }, error: { self.append(error: $0) })
        }

        func append(out text: String) { lock.withLock { outText += text } }
        func append(error text: String) { lock.withLock { errorText += text } }

        /// Waits until standard output holds `text`, for up to 10 s.
        func wait(for text: String) async throws {
            for _ in 0..<1000 where !out.contains(text) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(out.contains(text), "never printed \(text); printed \(out) \(error)")
        }
    }

    func run(_ arguments: [String]) async -> (status: Int32, out: String, error: String) {
        let output = Output()
        let status = await OAuthCtl.run(arguments, console: output.console)
        return (status, output.out, output.error)
    }

    func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oauthctl-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Runs `oauthctl sandbox ARGUMENTS --json` until `body` is done, and gives it the metadata.
    func withSandbox(_ arguments: [String], _ body: (JSONObject) async throws -> Void) async throws {
        let output = Output()
        let task = Task { await OAuthCtl.run(["sandbox", "--json", "--for", "60"] + arguments, console: output.console) }
        try await output.wait(for: "\n}")
        let metadata = try #require(try JSONParser().parse(Data(output.out.utf8)).objectValue)
        do {
            try await body(metadata)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        #expect(await task.value == 0)
        #expect(output.error.contains("sandbox: stopped"))
    }

    @Test func theSandboxPrintsItsEndpointsClientsAndUsers() async throws {
        try await withSandbox(["--client", "cli:cli-secret", "--client", "pub", "--user", "bob:builder", "--redirect-uri", "http://127.0.0.1:7777/cb"]) { metadata in
            let issuer = try #require(metadata["issuer"]?.stringValue)
            #expect(issuer.hasPrefix("http://127.0.0.1:"))
            #expect(metadata["token_endpoint"] == .string(issuer + "/token"))
            #expect(metadata["userinfo_endpoint"] == .string(issuer + "/userinfo"))
            #expect(metadata["clients"] == [
                ["client_id": "cli", "public": false, "redirect_uris": ["http://127.0.0.1:7777/cb"]],
                ["client_id": "pub", "public": true, "redirect_uris": ["http://127.0.0.1:7777/cb"]],
            ])
            #expect(metadata["users"] == ["bob"])
            #expect(metadata["emulating"] == .null)
            let token = await run(["token", "--grant", "password", "--token-url", issuer + "/token", "--client-id", "cli", "--client-secret", "cli-secret",
                                   "--username", "bob", "--password", "builder"])
            #expect(token.status == 0, "\(token.error)")
            let discovered = try await URLSessionTransport().send(HTTPRequest(url: URL(string: issuer + "/.well-known/oauth-authorization-server")!), limits: .tokenEndpoint)
            #expect(discovered.status == 200)
        }
    }

    @Test func theBannerNamesEndpointsDefaultsAndTheEmulation() async throws {
        let output = Output()
        let task = Task { await OAuthCtl.run(["sandbox", "--emulate", "github", "--for", "60"], console: output.console) }
        try await output.wait(for: "token on /userinfo")
        task.cancel()
        #expect(await task.value == 0)
        let banner = output.out
        #expect(banner.contains("answering as GitHub"))
        #expect(banner.contains("sandbox-app: secret sandbox-secret"))
        #expect(banner.contains("sandbox-public: public, PKCE required"))
        #expect(banner.contains("alice (password wonderland)"))
        #expect(banner.contains("consent: an HTML page"))
        #expect(banner.contains("token responses as recorded in token-form-encoded.json, token-json.json"))
        #expect(banner.contains("client authentication: client_secret_post"))
    }

    /// The banner of an emulation names the stand-ins its clients are given and the fixes whose
    /// own server side reads them.
    @Test func theBannerNamesValuesAndServerSides() async throws {
        let output = Output()
        let task = Task { await OAuthCtl.run(["sandbox", "--emulate", "shopify", "--for", "60"], console: output.console) }
        try await output.wait(for: "token on /userinfo")
        task.cancel()
        #expect(await task.value == 0)
        #expect(output.out.contains("values its clients are given: shop=sandbox-shop"))
        #expect(output.out.contains("shopify.callback-hmac: read by its own server side (authorization-response)"))
    }

    @Test func aPortInUseIsALocalFailureNotAUsageError() async throws {
        try await CLI.withServer({ _ in HTTPResponse(status: 200) }) { base in
            let port = try #require(URL(string: base)?.port)
            let result = await run(["sandbox", "--port", String(port), "--for", "1"])
            #expect(result.status == 3, "\(result.error)")
            #expect(result.error == "error: loopback server: expected to bind 127.0.0.1:\(port), got errno \(EADDRINUSE) (is the port in use?)\n")
        }
    }

    @Test func loginDeviceIntrospectAndRevokeAgainstTheSandbox() async throws {
        let directory = try temporaryDirectory()
        try await withSandbox(["--auto-approve", "--device-interval", "1"]) { metadata in
            let issuer = try #require(metadata["issuer"]?.stringValue)
            let endpoints = ["--authorize-url", issuer + "/authorize", "--token-url", issuer + "/token", "--device-url", issuer + "/device_authorization",
                             "--revocation-url", issuer + "/revoke", "--introspection-url", issuer + "/introspect"]

            // login: the URL is printed; a browser (here the transport) follows it to the receiver.
            let loginFile = directory + "/login.json"
            let login = Output()
            let loginTask = Task {
                await OAuthCtl.run(["login", "--client-id", "sandbox-public", "--no-browser", "--timeout", "20", "--token-file", loginFile] + endpoints, console: login.console)
            }
            try await login.wait(for: "\n")
            let url = try #require(URL(string: login.out.trimmingCharacters(in: .whitespacesAndNewlines)))
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"].flatMap(URL.init(string:)))
            let page = try await URLSessionTransport().send(HTTPRequest(url: callback), limits: .tokenEndpoint)
            #expect(page.status == 200)
            #expect(await loginTask.value == 0, "\(login.error)")
            #expect(try FileManager.default.attributesOfItem(atPath: loginFile)[.posixPermissions] as? Int == 0o600)
            let saved = try #require(try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: loginFile))).objectValue)
            #expect(saved["refresh_token"]?.stringValue != nil)

            // device: pending once, then approved (the sandbox approves after the first poll).
            let deviceFile = directory + "/device.json"
            let device = await run(["device", "--client-id", "sandbox-public", "--scope", "tv", "--token-file", deviceFile] + endpoints)
            #expect(device.status == 0, "\(device.error)")
            #expect(device.out.contains("enter the code"))
            #expect(FileManager.default.fileExists(atPath: deviceFile))

            // introspect, then revoke, then introspect again.
            let active = await run(["introspect", "--token-file", loginFile, "--client-id", "sandbox-app", "--client-secret", "sandbox-secret", "--json"] + endpoints)
            #expect(active.status == 0, "\(active.error)")
            #expect(try JSONParser().parse(Data(active.out.utf8)).objectValue?["active"] == true)
            let accessToken = try #require(saved["access_token"]?.stringValue)
            let revoke = await run(["revoke", "--token-file", loginFile, "--client-id", "sandbox-public"] + endpoints)
            #expect(revoke.status == 0, "\(revoke.error)")
            #expect(!FileManager.default.fileExists(atPath: loginFile))
            let inactive = await run(["introspect", "--token", accessToken, "--client-id", "sandbox-app", "--client-secret", "sandbox-secret", "--json"] + endpoints)
            #expect(try JSONParser().parse(Data(inactive.out.utf8)).objectValue?["active"] == false)
        }
    }

    @Test func theSandboxKeepsClientsAndTokensInItsDataDirectory() async throws {
        let directory = try temporaryDirectory()
        var refreshToken = ""
        try await withSandbox(["--data-dir", directory, "--client", "keep:kept"]) { metadata in
            let issuer = try #require(metadata["issuer"]?.stringValue)
            let tokenFile = directory + "/token.json"
            let token = await run(["token", "--grant", "password", "--token-url", issuer + "/token", "--client-id", "keep", "--client-secret", "kept",
                                   "--username", "alice", "--password", "wonderland", "--token-file", tokenFile])
            #expect(token.status == 0, "\(token.error)")
            refreshToken = try #require(try JSONParser().parse(Data(contentsOf: URL(fileURLWithPath: tokenFile))).objectValue?["refresh_token"]?.stringValue)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: directory + "/tokens.json")[.posixPermissions] as? Int == 0o600)
        try await withSandbox(["--data-dir", directory]) { metadata in
            let issuer = try #require(metadata["issuer"]?.stringValue)
            // The directory's own client, and no defaults added to it.
            #expect(metadata["clients"]?.arrayValue?.count == 1)
            let refreshed = await run(["token", "--grant", "refresh_token", "--token-url", issuer + "/token", "--client-id", "keep", "--client-secret", "kept",
                                       "--refresh-token", refreshToken])
            #expect(refreshed.status == 0, "\(refreshed.error)")
        }
    }

    @Test(arguments: [
        (["--client", ":s3cr3t-value"], "--client: expected ID or ID:SECRET, got an empty ID before ':'"),
        (["--client", "app:"], "--client: expected ID or ID:SECRET, got app: with an empty secret"),
        (["--user", "nobody"], "--user: expected NAME:PASSWORD"),
        (["--emulate", "githb"], "did you mean"),
        (["--recordings", "/tmp"], "--recordings goes with --emulate"),
        (["--emulte", "github"], "unknown option --emulte; did you mean --emulate?"),
        (["--port", "70000"], "--port: expected a port number"),
        (["--device-interval", "0"], "--device-interval: expected whole seconds"),
        (["--redirect-uri", "not a uri"], "--redirect-uri: expected an absolute URI"),
        (["--for", "-1"], "--for: expected seconds"),
        (["--for", "inf"], "--for: expected seconds above 0 and at most 31536000, got inf"),
        (["--for", "1e12"], "--for: expected seconds above 0 and at most 31536000, got 1e12"),
        (["extra"], #"sandbox takes no arguments, got "extra""#),
    ])
    func usageErrors(arguments: [String], message: String) async {
        let result = await run(["sandbox"] + (arguments.contains("--for") ? [] : ["--for", "0.01"]) + arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
        // A malformed client never has its secret repeated.
        #expect(!result.error.contains("s3cr3t"))
    }
}
