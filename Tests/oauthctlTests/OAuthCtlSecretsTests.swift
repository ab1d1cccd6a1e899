import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// Nothing prints a secret the user did not ask to see: commands run with known secrets, and
/// their standard output and error searched for them. Client secrets come from a file, standard
/// input or the environment; tokens print redacted unless asked for.
@Suite struct OAuthCtlSecretsTests {
    let cli = CLI()

    /// The stored token's secrets.
    func secrets(in tokenFile: String) throws -> [String] {
        let token = try #require(try FileTokenStore(path: tokenFile).load())
        return [token.accessToken] + (token.refreshToken.map { [$0] } ?? [])
    }

    func expectNoSecret(_ result: CLI.Result, _ secrets: [String], _ step: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!result.both.contains(secret), "\(step) printed a secret: \(result.both)", sourceLocation: sourceLocation)
        }
    }

    @Test func theClientSecretComesFromAFileStandardInputOrTheEnvironment() async throws {
        try await CLI.withSandbox { base in
            let directory = try CLI.temporaryDirectory()
            let grant = ["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "cli-app", "--json"]
            let file = directory + "/secret.txt"
            try CLI.write(CLI.clientSecret + "\n", to: file)
            let fromFile = await cli.run(grant + ["--client-secret-file", file])
            #expect(fromFile.status == 0, "\(fromFile.error)")
            #expect(fromFile.error.isEmpty, "a private secret file is read in silence: \(fromFile.error)")
            // A secret file others can read is named with a warning, as ssh does for a key; it
            // is the user's file, so its mode is left alone.
            let open = directory + "/open-secret.txt"
            try CLI.write(CLI.clientSecret + "\n", to: open, mode: 0o644)
            let fromOpenFile = await cli.run(grant + ["--client-secret-file", open])
            #expect(fromOpenFile.status == 0, "\(fromOpenFile.error)")
            #expect(fromOpenFile.error == "warning: client secret file \(open) can be read by others (mode 644): chmod 600 \(open)\n", "\(fromOpenFile.error)")
            #expect(try CLI.mode(of: open) == 0o644)
            let fromInput = await CLI(input: CLI.clientSecret + "\n").run(grant + ["--client-secret-file", "-"])
            #expect(fromInput.status == 0, "\(fromInput.error)")
            // Standard input can be read once: two options that both ask for it are named.
            let twice = await CLI(input: CLI.clientSecret + "\n" + CLI.password + "\n").run([
                "token", "--grant", "password", "--token-url", base + "/token", "--client-id", "cli-app", "--username", "alice",
                "--client-secret-file", "-", "--password-file", "-",
            ])
            #expect(twice.status == 2, "\(twice.error)")
            #expect(twice.error.contains("--client-secret-file - and --password-file - both read standard input, which can be read once; give one of them a file"), "\(twice.error)")
            let fromEnvironment = await CLI(environment: ["OAUTHCTL_CLIENT_SECRET": CLI.clientSecret]).run(grant)
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.error)")
            // No secret at all: the server refuses the confidential client.
            let none = await cli.run(grant)
            #expect(none.status == 1)
            #expect(none.error.contains("invalid_client"))

            let both = await cli.run(grant + ["--client-secret", "x", "--client-secret-file", file])
            #expect(both.status == 2)
            #expect(both.error.contains("give --client-secret or --client-secret-file, not both"))
            let empty = directory + "/empty.txt"
            try CLI.write("\n", to: empty)
            let emptied = await cli.run(grant + ["--client-secret-file", empty])
            #expect(emptied.status == 3)
            #expect(emptied.error.contains("client secret file \(empty): expected the client secret on the first line, got an empty line"))
            let missing = await cli.run(grant + ["--client-secret-file", directory + "/absent"])
            #expect(missing.status == 3)
            #expect(missing.error.contains("client secret file \(directory)/absent: missing: no such file"))
        }
    }

    @Test func aSecretOnTheCommandLineIsWarnedAboutOnATerminal() async throws {
        let arguments = ["token", "--grant", "client_credentials", "--token-url", "https://as.example/token", "--client-id", "c", "--client-secret", "s3cret-value", "--grnt"]
        // The usage error stops it before anything is sent; the warning comes first on a terminal only.
        #expect(!(await cli.run(arguments)).error.contains("ps"))
        let person = CLI(errorIsTerminal: true)
        let parsed = await person.run(["token", "--grant", "client_credentials", "--token-url", "http://127.0.0.1:9/token", "--client-id", "c", "--client-secret", "s3cret-value"])
        #expect(parsed.error.hasPrefix("warning: --client-secret shows the client secret to anyone who runs `ps` while oauthctl runs; use --client-secret-file FILE"), "\(parsed.error)")
        #expect(!parsed.both.contains("s3cret-value"))
    }

    @Test func tokensPrintRedactedUnlessAskedForOrReadByAScript() async throws {
        try await CLI.withSandbox { base in
            let directory = try CLI.temporaryDirectory()
            let environment = ["OAUTHCTL_CLIENT_SECRET": CLI.clientSecret]
            let grant = ["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "cli-app", "--json"]

            // Saved nowhere, standard output a pipe: a script reads the token, in full.
            let piped = await CLI(environment: environment).run(grant)
            let pipedToken = try #require(try JSONParser().parse(Data(piped.out.utf8))[path: ["access_token"]]?.stringValue)
            #expect(!pipedToken.contains("[redacted]"))
            #expect(!piped.error.contains(pipedToken))

            // On a terminal: redacted, and said so.
            let shown = await CLI(environment: environment, outputIsTerminal: true).run(grant.filter { $0 != "--json" })
            let redacted = try #require(try JSONParser().parse(Data(shown.out.utf8))[path: ["access_token"]]?.stringValue)
            #expect(redacted.hasSuffix("...[redacted]") && redacted.count == 6 + "...[redacted]".count)
            #expect(shown.error.contains("--show-tokens prints them"))
            #expect(await CLI(environment: environment, outputIsTerminal: true).run(grant).error.isEmpty, "with --json, standard error is for errors")
            // Unless asked for.
            let asked = await CLI(environment: environment, outputIsTerminal: true).run(grant + ["--show-tokens"])
            #expect(try JSONParser().parse(Data(asked.out.utf8))[path: ["access_token"]]?.stringValue?.hasSuffix("[redacted]") == false)

            // Saved to a file: redacted even in a pipe; the file has it.
            let file = directory + "/token.json"
            let saved = await CLI(environment: environment).run(grant + ["--token-file", file])
            #expect(saved.status == 0)
            expectNoSecret(saved, try secrets(in: file), "token --token-file")
        }
    }

    @Test func noCommandPrintsASecretTheUserDidNotAskFor() async throws {
        try await CLI.withSandbox { base in
            let directory = try CLI.temporaryDirectory()
            let secretFile = directory + "/secret.txt"
            try CLI.write(CLI.clientSecret, to: secretFile)
            let endpoints = ["--authorize-url", base + "/authorize", "--token-url", base + "/token", "--device-url", base + "/device_authorization",
                             "--revocation-url", base + "/revoke", "--introspection-url", base + "/introspect"]
            let client = ["--client-id", "cli-app", "--client-secret-file", secretFile] + endpoints
            let file = directory + "/token.json"
            var known = [CLI.clientSecret, CLI.password]

            let password = await CLI(input: CLI.password).run(["token", "--grant", "password", "--username", "alice", "--password-file", "-", "--token-file", file] + client)
            #expect(password.status == 0, "\(password.error)")
            known += try secrets(in: file)
            expectNoSecret(password, known, "token --grant password")

            let refresh = await cli.run(["refresh", "--token-file", file] + client)
            #expect(refresh.status == 0, "\(refresh.error)")
            known += try secrets(in: file)
            expectNoSecret(refresh, known, "refresh")

            for flags in [["-v"], ["-i"], ["--json"], ["-v", "--json"]] {
                let request = await cli.run(["request", "--token-file", file] + flags + client + [base + "/userinfo"])
                #expect(request.status == 0, "\(request.error)")
                expectNoSecret(request, known, "request \(flags)")
            }

            let introspect = await cli.run(["introspect", "--token-file", file] + client)
            #expect(introspect.status == 0, "\(introspect.error)")
            expectNoSecret(introspect, known, "introspect")

            let device = await cli.run(["device", "--token-file", directory + "/device.json"] + client)
            #expect(device.status == 0, "\(device.error)")
            known += try secrets(in: directory + "/device.json")
            expectNoSecret(device, known, "device")

            let pending = directory + "/pending.json"
            let authorize = await cli.run(["authorize-url", "--redirect-uri", "http://127.0.0.1:8400/cb", "--pending-file", pending] + client)
            let redirect = try await URLSessionTransport().send(HTTPRequest(url: try #require(URL(string: authorize.out.trimmingCharacters(in: .whitespacesAndNewlines)))), limits: .tokenEndpoint)
            let callback = try #require(redirect.headers["Location"])
            let exchange = await cli.run(["exchange", "--callback", callback, "--pending-file", pending, "--token-file", directory + "/code.json"] + client)
            #expect(exchange.status == 0, "\(exchange.error)")
            known += try secrets(in: directory + "/code.json")
            expectNoSecret(exchange, known, "exchange")

            // Errors: a wrong secret, a refused refresh, a used pending file.
            let wrong = await CLI(environment: ["OAUTHCTL_CLIENT_SECRET": "wrong-secret-Zq81kLm"]).run(["token", "--grant", "client_credentials", "--client-id", "cli-app"] + endpoints)
            #expect(wrong.status == 1)
            expectNoSecret(wrong, known + ["wrong-secret-Zq81kLm"], "a refused client secret")
            let used = await cli.run(["exchange", "--callback", callback, "--pending-file", pending] + client)
            #expect(used.status == 3)
            expectNoSecret(used, known, "a used pending file")

            let revoke = await cli.run(["revoke", "--token-file", file] + client)
            #expect(revoke.status == 0, "\(revoke.error)")
            expectNoSecret(revoke, known, "revoke")
            let stale = await cli.run(["token", "--grant", "refresh_token", "--refresh-token", known[3]] + client)
            #expect(stale.status == 1)
            expectNoSecret(stale, known, "a revoked refresh token")
        }
    }

    /// A careless server repeats the request body, client secret included, in its error: the
    /// secret is kept from both streams as it is and percent-encoded, as a form carries one with
    /// `/`, `+` or `=` (base64 secrets have them).
    @Test(arguments: ["echoed-client-secret-4471", "Zm9v/YmFy+c2VjcmV0=="])
    func aServerThatEchoesTheSecretDoesNotGetItPrinted(secret: String) async throws {
        let encoded = FormParameters.encodeComponent(secret)
        try await CLI.withServer({ request in
            let body = String(decoding: request.body, as: UTF8.self)
            return HTTPResponse(status: 401, headers: ["Content-Type": "application/json"],
                                body: JSONWriter.data(["error": "invalid_client", "error_description": .string("bad credentials in " + body)]))
        }) { base in
            for json in [false, true] {
                let result = await CLI(input: secret).run(["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "c",
                                                           "--client-auth", "post", "--client-secret-file", "-"] + (json ? ["--json"] : []))
                #expect(result.status == 1)
                #expect(result.error.contains("invalid_client"))
                #expect(result.error.contains(String(encoded.prefix(6))), "the redacted form keeps the first characters: \(result.error)")
                #expect(!result.both.contains(encoded), "\(result.error)")
                #expect(!result.both.contains(secret), "\(result.error)")
            }
        }
    }

    /// A short client secret is still a secret: a server repeating it does not get it printed.
    @Test func aShortSecretRepeatedByTheServerIsNotPrinted() async throws {
        let secret = "k7#q"
        try await CLI.withServer({ request in
            HTTPResponse(status: 401, headers: ["Content-Type": "application/json"],
                         body: JSONWriter.data(["error": "invalid_client", "error_description": .string("secret k7#q is wrong")]))
        }) { base in
            let result = await CLI(input: secret).run(["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "c",
                                                       "--client-secret-file", "-"])
            #expect(result.status == 1)
            #expect(result.error.contains("invalid_client"), "\(result.error)")
            #expect(!result.both.contains(secret), "\(result.error)")
        }
    }

    /// A secret read from standard input is read to a bound: a stream longer than any secret is
    /// a local failure that says so, not memory held without end.
    @Test func aSecretFromStandardInputIsReadToABound() async {
        let result = await CLI(input: String(repeating: "s", count: (16 << 20) + 10)).run(
            ["token", "--grant", "client_credentials", "--token-url", "http://127.0.0.1:1/token", "--client-id", "c", "--client-secret-file", "-"])
        #expect(result.status == 3, "\(result.error)")
        #expect(result.error.contains("client secret file (standard input)") && result.error.contains("expected at most 16777216 bytes, got more"), "\(result.error)")
    }

    /// A token endpoint that refuses the exchange and repeats its whole body in the error.
    @Sendable static func refusingAndRepeatingTheRequest(_ request: LoopbackRequest) -> HTTPResponse {
        let body = String(decoding: request.body, as: UTF8.self)
        return HTTPResponse(status: 400, headers: ["Content-Type": "application/json"],
                            body: JSONWriter.data(["error": "invalid_grant", "error_description": .string("cannot use " + body)]))
    }

    /// The code and the PKCE verifier of an exchange are secrets too: a server repeating the
    /// request shows neither.
    @Test func anExchangeRepeatedByTheServerShowsNeitherCodeNorVerifier() async throws {
        let code = "SplxlOBeZQQYbYS6WxSbIA"
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        try await CLI.withServer(Self.refusingAndRepeatingTheRequest) { base in
            let result = await cli.run(["exchange", "--token-url", base + "/token", "--client-id", "c", "--code", code, "--code-verifier", verifier,
                                        "--redirect-uri", "http://127.0.0.1:8400/cb"])
            #expect(result.status == 1)
            #expect(result.error.contains("invalid_grant"), "\(result.error)")
            #expect(!result.both.contains(code), "\(result.error)")
            #expect(!result.both.contains(verifier), "\(result.error)")
        }
    }

    /// login's code and PKCE verifier, which it holds in memory only, are kept from standard
    /// error too: a token endpoint repeating the exchange shows neither.
    @Test func aLoginRepeatedByTheServerShowsNeitherCodeNorVerifier() async throws {
        let code = "SplxlOBeZQQYbYS6WxSbIA-login"
        try await CLI.withServer(Self.refusingAndRepeatingTheRequest) { base in
            let output = OAuthCtlSandboxTests.Output()
            let file = try CLI.temporaryDirectory() + "/login.json"
            let login = Task {
                await OAuthCtl.run(["login", "--authorize-url", base + "/authorize", "--token-url", base + "/token", "--client-id", "c",
                                    "--no-browser", "--timeout", "30", "--token-file", file], console: output.console)
            }
            try await output.wait(for: "\n")
            let printed = try #require(URLComponents(string: output.out.trimmingCharacters(in: .whitespacesAndNewlines)))
            let state = try #require(printed.queryItems?.first { $0.name == "state" }?.value)
            let redirect = try #require(printed.queryItems?.first { $0.name == "redirect_uri" }?.value)
            // The browser comes back.
            let back = try await URLSessionTransport().send(HTTPRequest(url: try #require(URL(string: redirect + "?code=\(code)&state=\(state)"))), limits: .tokenEndpoint)
            #expect(back.status == 200)
            #expect(await login.value == 1)
            #expect(output.error.contains("invalid_grant"), "\(output.error)")
            #expect(!output.error.contains(code), "\(output.error)")
            // The verifier (43 characters, RFC 7636) shows only as its redacted form.
            let afterVerifier = output.error.components(separatedBy: "code_verifier=").dropFirst().first ?? ""
            #expect(afterVerifier.prefix(19) == afterVerifier.prefix(6) + "...[redacted]", "\(output.error)")
        }
    }

    @Test func aHeaderTypedWithoutItsColonIsNotRepeated() async {
        let token = "ya29.a0AfB_byC-very-secret-token"
        let result = await cli.run(["request", "--token-file", "/nonexistent", "-H", "Authorization Bearer \(token)", "https://api.example/"])
        #expect(result.status == 2)
        #expect(result.error.contains("-H: expected 'Name: value', got a header without a colon"))
        #expect(!result.both.contains(token))
    }

    @Test func aTokenRefreshedDuringARequestIsKeptFromStandardErrorToo() async throws {
        let old = "old-access-token-5Hq2", fresh = "refreshed-access-token-8Kd3", freshRefresh = "refreshed-refresh-token-2Wm7"
        try await CLI.withServer({ request in
            if request.path == "/token" {
                let body = #"{"access_token":"\#(fresh)","token_type":"Bearer","expires_in":3600,"refresh_token":"\#(freshRefresh)"}"#
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
            }
            // A server that repeats the token it was given, in a header -v shows.
            let given = String((request.headers["Authorization"] ?? "").dropFirst("Bearer ".count))
            guard given == fresh else {
                return HTTPResponse(status: 401, headers: ["WWW-Authenticate": #"Bearer error="invalid_token", error_description="\#(given) expired""#])
            }
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain", "X-Echo": given], body: Data("ok".utf8))
        }) { base in
            let file = try CLI.temporaryDirectory() + "/token.json"
            try CLI.write(#"{"access_token":"\#(old)","token_type":"Bearer","refresh_token":"old-refresh-token-7Tn4"}"#, to: file)
            let result = await cli.run(["request", "--token-file", file, "--token-url", base + "/token", "--client-id", "c", "-v", base + "/resource"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.error.contains("X-Echo: refres...[redacted]"), "\(result.error)")
            expectNoSecret(result, [old, fresh, freshRefresh, "old-refresh-token-7Tn4"], "request -v after a refresh")
        }
    }
}

