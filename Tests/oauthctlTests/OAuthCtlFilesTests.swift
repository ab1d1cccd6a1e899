import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// Token and pending files: every error names the file and the reason; token files stay 0600;
/// default token files are one per provider and client id, or per profile; an expired token
/// says so; `refresh` refreshes the stored token.
@Suite struct OAuthCtlFilesTests {
    let cli = CLI()

    @Test func aTokenFileOthersCanReadIsMadePrivateWithAWarning() async throws {
        try await CLI.withServer({ _ in HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("ok".utf8)) }) { base in
            let file = try CLI.temporaryDirectory() + "/token.json"
            try CLI.write(#"{"access_token":"abcdefghijklmnop","token_type":"Bearer"}"#, to: file, mode: 0o644)
            let result = await cli.run(["request", "--token-file", file, base + "/"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.error.contains("warning: token file \(file) was readable by others (mode 644); it is now 0600"))
            #expect(try CLI.mode(of: file) == 0o600)
            let again = await cli.run(["request", "--token-file", file, base + "/"])
            #expect(!again.error.contains("warning"))
        }
    }

    @Test func everyFileErrorNamesTheFileAndTheReason() async throws {
        let directory = try CLI.temporaryDirectory()
        func request(_ file: String) async -> CLI.Result {
            await cli.run(["request", "--token-file", file, "https://api.example/"])
        }
        let missing = await request(directory + "/absent.json")
        #expect(missing.status == 3)
        #expect(missing.error == "error: token file \(directory)/absent.json: missing: no such file; sign in first (oauthctl login, device, exchange or token)\n")

        let directoryMode = try CLI.mode(of: directory)
        let isDirectory = await request(directory)
        #expect(isDirectory.status == 3)
        #expect(isDirectory.error.contains("token file \(directory): expected a file, got a directory"))
        // A directory given by mistake is reported, never made 0600 behind the user's back.
        #expect(!isDirectory.error.contains("warning"), "\(isDirectory.error)")
        #expect(try CLI.mode(of: directory) == directoryMode)

        let corrupt = directory + "/corrupt.json"
        try CLI.write("{\n  \"access_token\": \"abc\",\n  \"token_type\" \"Bearer\"\n}\n", to: corrupt)
        let parsed = await request(corrupt)
        #expect(parsed.status == 3)
        #expect(parsed.error.contains("token file \(corrupt): corrupt JSON at line 3, column 16: expected ':'"), "\(parsed.error)")
        #expect(!parsed.error.contains("DecodingError"))

        let wrong = directory + "/wrong.json"
        try CLI.write(#"{"token_type":"Bearer","expires_in":"soon"}"#, to: wrong)
        let shaped = await request(wrong)
        #expect(shaped.status == 3)
        #expect(shaped.error.contains("token file \(wrong): expected a token, got JSON that lacks the member \"access_token\""), "\(shaped.error)")

        let array = directory + "/array.json"
        try CLI.write("[]", to: array)
        #expect(await request(array).error.contains("token file \(array): expected a token (a JSON object), got another JSON value"))

        if getuid() != 0 {
            // Root reads every file: the permission case only shows for another user.
            let locked = directory + "/locked.json"
            try CLI.write(#"{"access_token":"abc"}"#, to: locked, mode: 0o000)
            let denied = await request(locked)
            #expect(denied.status == 3)
            #expect(denied.error.contains("token file \(locked): permission denied"))
        }

        let pending = await cli.run(["exchange", "--client-id", "c", "--token-url", "https://as.example/token", "--callback", "https://app.example/cb?code=x&state=y",
                                     "--pending-file", corrupt])
        #expect(pending.status == 3)
        #expect(pending.error.contains("pending file \(corrupt): corrupt JSON at line 3, column 16"))
        let providerFile = await cli.run(["providers", "--provider-file", directory + "/acme.json"])
        #expect(providerFile.status == 3)
        #expect(providerFile.error.contains("provider file \(directory)/acme.json: missing: no such file"))
        let response = await cli.run(["replay", "github", "--response", directory + "/captured.http"])
        #expect(response.status == 3)
        #expect(response.error.contains("response file \(directory)/captured.http: missing: no such file"))
    }

    /// A file is read to a bound, so that a path without end (`/dev/zero`) cannot take all memory:
    /// one a byte past the bound is refused by name before its content is looked at.
    @Test func aFileLongerThanTheBoundIsRefused() async throws {
        let file = try CLI.temporaryDirectory() + "/huge.json"
        #expect(FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]))
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: UInt64(LocalFiles.maximumBytes + 1))
        try handle.close()
        let token = await cli.run(["request", "--token-file", file, "https://api.example/"])
        #expect(token.status == 3)
        #expect(token.error.contains("token file \(file): expected at most \(LocalFiles.maximumBytes) bytes, got more"), "\(token.error)")
        let secret = await cli.run(["token", "--grant", "client_credentials", "--token-url", "https://as.example/token", "--client-id", "c",
                                    "--client-secret-file", file])
        #expect(secret.status == 3)
        #expect(secret.error.contains("client secret file \(file): expected at most"), "\(secret.error)")
    }

    @Test func defaultTokenFilesAreOnePerProviderAndClientOrPerProfile() throws {
        let environment = ["XDG_CONFIG_HOME": "/config"]
        func path(_ provider: String, _ client: String?, _ profile: String? = nil) -> String? {
            TokenFiles.defaultPath(providerKey: provider, clientID: client, profile: profile, environment: environment)
        }
        #expect(path("github", "Iv1.8a61") == "/config/oauthctl/tokens/github/Iv1.8a61.json")
        #expect(path("google", "Iv1.8a61") == "/config/oauthctl/tokens/google/Iv1.8a61.json")
        #expect(path("github", "another") == "/config/oauthctl/tokens/github/another.json")
        #expect(path("generic@127.0.0.1_9000", "app") == "/config/oauthctl/tokens/generic@127.0.0.1_9000/app.json")
        #expect(path("github", nil) == nil, "without a client id there is no default")
        #expect(path("github", "x", "work") == "/config/oauthctl/profiles/work.json")
        // A client id never climbs out of its folder, and two ids never share a file.
        #expect(path("github", "../../etc/passwd") == "/config/oauthctl/tokens/github/%2E.%2F..%2Fetc%2Fpasswd.json")
        #expect(path("github", "a/b") != path("github", "a%2Fb"))
        #expect(throws: UsageError.self) { try TokenFiles.checkedProfile("../x") }
        #expect(throws: UsageError.self) { try TokenFiles.checkedProfile(".hidden") }
        #expect(try TokenFiles.checkedProfile("work-2") == "work-2")
    }

    @Test func twoServersAndTwoClientsKeepTheirOwnTokens() async throws {
        let config = try CLI.temporaryDirectory()
        let environment = ["XDG_CONFIG_HOME": config, "OAUTHCTL_CLIENT_SECRET": CLI.clientSecret]
        try await CLI.withSandbox { first in
            try await CLI.withSandbox { second in
                let user = CLI(environment: environment)
                for (base, client) in [(first, "cli-app"), (second, "cli-app"), (first, "cli-public")] {
                    let device = await user.run(["device", "--device-url", base + "/device_authorization", "--token-url", base + "/token", "--client-id", client]
                                                + (client == "cli-public" ? ["--client-auth", "none"] : []))
                    #expect(device.status == 0, "\(device.error)")
                }
                let tokens = try FileManager.default.subpathsOfDirectory(atPath: config + "/oauthctl/tokens").filter { $0.hasSuffix(".json") }
                #expect(tokens.count == 3, "\(tokens)")
                let port = { (base: String) in URL(string: base)!.port! }
                #expect(tokens.contains("generic@127.0.0.1_\(port(first))/cli-app.json"))
                #expect(tokens.contains("generic@127.0.0.1_\(port(second))/cli-public.json") == false)
                // request and refresh find the default file from the same options.
                let request = await user.run(["request", "--token-url", second + "/token", "--client-id", "cli-app", second + "/userinfo"])
                #expect(request.status == 0, "\(request.error)")
                #expect(try JSONParser().parse(Data(request.out.utf8))[path: ["client_id"]] == "cli-app")
                let refresh = await user.run(["refresh", "--token-url", first + "/token", "--client-id", "cli-app"])
                #expect(refresh.status == 0, "\(refresh.error)")
                // A profile is its own file.
                let profiled = await user.run(["device", "--device-url", first + "/device_authorization", "--token-url", first + "/token", "--client-id", "cli-app",
                                               "--profile", "work"])
                #expect(profiled.status == 0, "\(profiled.error)")
                #expect(FileManager.default.fileExists(atPath: config + "/oauthctl/profiles/work.json"))
                #expect(try CLI.mode(of: config + "/oauthctl/profiles/work.json") == 0o600)
                let both = await user.run(["refresh", "--token-file", "t.json", "--profile", "work", "--client-id", "cli-app"])
                #expect(both.status == 2)
                #expect(both.error.contains("give --token-file or --profile, not both"))
            }
        }
    }

    @Test func anExpiredTokenThatCannotBeRefreshedSaysSo() async throws {
        let directory = try CLI.temporaryDirectory()
        let bare = directory + "/bare.json"
        try CLI.write(#"{"access_token":"expired-access-0001","token_type":"Bearer","expires_at":1700000000}"#, to: bare)
        let noRefresh = await cli.run(["request", "--token-file", bare, "https://api.example/"])
        #expect(noRefresh.status == 1)
        #expect(noRefresh.error == "error: expired_token: the token in \(bare) expired at 2023-11-14T22:13:20Z and cannot be refreshed: it has no refresh token; sign in again (oauthctl login)\n")

        let refreshable = directory + "/refreshable.json"
        try CLI.write(#"{"access_token":"expired-access-0002","refresh_token":"refresh-0002-abcdef","token_type":"Bearer","expires_at":1700000000}"#, to: refreshable)
        let noClient = await cli.run(["request", "--token-file", refreshable, "https://api.example/"])
        #expect(noClient.status == 1)
        #expect(noClient.error.contains("expired at 2023-11-14T22:13:20Z and cannot be refreshed without the client: give --client-id"))
        let noEndpoint = await cli.run(["request", "--token-file", refreshable, "--client-id", "c", "https://api.example/"])
        #expect(noEndpoint.error.contains("cannot be refreshed without the token endpoint: give --provider NAME or --token-url URL"))
        let refreshCommand = await cli.run(["refresh", "--token-file", bare, "--client-id", "c", "--token-url", "https://as.example/token"])
        #expect(refreshCommand.status == 1)
        #expect(refreshCommand.error.contains("it has no refresh token; sign in again"))
        for result in [noRefresh, noClient, noEndpoint, refreshCommand] {
            #expect(!result.both.contains("expired-access-000") && !result.both.contains("refresh-0002-abcdef"))
        }
    }

    @Test func refreshRewritesTheTokenFile() async throws {
        try await CLI.withSandbox { base in
            let file = try CLI.temporaryDirectory() + "/token.json"
            let client = ["--token-url", base + "/token", "--client-id", "cli-app"]
            let environment = CLI(input: CLI.clientSecret)
            let signedIn = await environment.run(["token", "--grant", "password", "--username", "alice", "--password", CLI.password, "--client-secret-file", "-", "--token-file", file] + client)
            #expect(signedIn.status == 0, "\(signedIn.error)")
            let before = try #require(try FileTokenStore(path: file).load())
            let refreshed = await environment.run(["refresh", "--token-file", file, "--client-secret-file", "-", "--json"] + client)
            #expect(refreshed.status == 0, "\(refreshed.error)")
            #expect(refreshed.error.contains("Token refreshed and saved to \(file)"))
            let after = try #require(try FileTokenStore(path: file).load())
            #expect(after.accessToken != before.accessToken)
            #expect(after.refreshToken != before.refreshToken, "the sandbox rotates refresh tokens")
            #expect(try CLI.mode(of: file) == 0o600)
            #expect(try JSONParser().parse(Data(refreshed.out.utf8))[path: ["access_token"]]?.stringValue?.hasSuffix("[redacted]") == true)
        }
    }

    @Test func aRefusedRefreshSaysTheStoredTokenIsGone() async throws {
        let refused = #"{"error":"invalid_grant","error_description":"refresh token revoked"}"#
        try await CLI.withServer({ _ in HTTPResponse(status: 400, headers: ["Content-Type": "application/json"], body: Data(refused.utf8)) }) { base in
            let file = try CLI.temporaryDirectory() + "/token.json"
            try CLI.write(#"{"access_token":"access-0003-abcdef","refresh_token":"refresh-0003-abcdef","token_type":"Bearer"}"#, to: file)
            let result = await cli.run(["refresh", "--token-file", file, "--client-id", "c", "--token-url", base + "/token"])
            #expect(result.status == 1)
            #expect(!FileManager.default.fileExists(atPath: file), "invalid_grant ends the grant")
            // The user is told where the token went, not left to find the file missing.
            #expect(result.error == "error: invalid_grant: refresh token revoked; the grant has ended and the stored token was removed: sign in again\n", "\(result.error)")
            #expect(!result.both.contains("refresh-0003-abcdef"))
        }
    }

    @Test func aMissingDefaultTokenFileNamesTheOneSignedInUnderAnotherEndpoint() async throws {
        try await CLI.withSandbox { base in
            let config = try CLI.temporaryDirectory()
            let cli = CLI(input: CLI.clientSecret, environment: ["XDG_CONFIG_HOME": config])
            let signedIn = await cli.run(["token", "--grant", "client_credentials", "--token-url", base + "/token", "--client-id", "cli-app",
                                          "--client-secret-file", "-", "--profile", "x"])
            #expect(signedIn.status == 0, "\(signedIn.error)")
            // Nothing under the endpoint yet: the plain hint.
            let none = await cli.run(["request", "--client-id", "cli-app", base + "/userinfo"])
            #expect(none.status == 3)
            #expect(none.error == "error: token file \(config)/oauthctl/tokens/generic/cli-app.json: missing: no such file; sign in first (oauthctl login, device, exchange or token)\n")
            // A token kept for the endpoint, then asked for without it: the hint names the file.
            let host = try #require(URL(string: base)?.port)
            let kept = "\(config)/oauthctl/tokens/generic@127.0.0.1_\(host)/cli-app.json"
            try FileManager.default.createDirectory(atPath: (kept as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: config + "/oauthctl/profiles/x.json", toPath: kept)
            let found = await cli.run(["request", "--client-id", "cli-app", base + "/userinfo"])
            #expect(found.status == 3)
            #expect(found.error.contains("token file \(config)/oauthctl/tokens/generic/cli-app.json: missing: no such file; client cli-app has a token in \(kept): give the --provider or --token-url it was signed in with"), "\(found.error)")
            let withEndpoint = await cli.run(["request", "--client-id", "cli-app", "--token-url", base + "/token", base + "/userinfo"])
            #expect(withEndpoint.status == 0, "\(withEndpoint.error)")
        }
    }
}

