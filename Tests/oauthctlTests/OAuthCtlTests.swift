import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing
@testable import oauthctl

/// The command line, run in-process with its output captured.
@Suite struct OAuthCtlTests {
    final class Captured: @unchecked Sendable {
        var out = ""
        var error = ""
    }

    func run(_ arguments: String...) async -> (status: Int32, out: String, error: String) {
        let captured = Captured()
        let console = Console(out: { captured.out += $0 }, error: { captured.error += $0 })
        let status = await OAuthCtl.run(arguments, console: console)
        return (status, captured.out, captured.error)
    }

    func temporaryFile(_ contents: String, name: String = UUID().uuidString) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    @Test func valuesFillAProvidersPlaceholders() async throws {
        let definition = try temporaryFile("""
            {"name": "tenanted", "displayName": "Tenanted",
             "endpoints": {"authorization": "https://login.example/{tenant}/authorize", "token": "https://login.example/{tenant}/token"}}
            """)
        let pending = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: pending) }
        let filled = await run("authorize-url", "--provider-file", definition, "--client-id", "c", "--redirect-uri", "http://127.0.0.1:8400/cb",
                               "--pending-file", pending, "--value", "tenant=contoso")
        #expect(filled.status == 0, "\(filled.error)")
        #expect(filled.out.hasPrefix("https://login.example/contoso/authorize?"))
        let missing = await run("authorize-url", "--provider-file", definition, "--client-id", "c", "--redirect-uri", "http://127.0.0.1:8400/cb",
                                "--pending-file", pending + "-2")
        #expect(missing.status == 2)
        #expect(missing.error.contains("expected a value for {tenant}"), "\(missing.error)")
        #expect(missing.error.contains("--value NAME=VALUE"), "\(missing.error)")
        let malformed = await run("authorize-url", "--provider-file", definition, "--client-id", "c", "--redirect-uri", "http://127.0.0.1:8400/cb",
                                  "--pending-file", pending + "-3", "--value", "tenant")
        #expect(malformed.status == 2)
        #expect(malformed.error.contains("expected NAME=VALUE"))
    }

    @Test func providersListsEveryProviderWithItsFixes() async throws {
        let result = await run("providers")
        #expect(result.status == 0)
        for provider in ProviderRegistry.builtIn.providers {
            #expect(result.out.contains(provider.name))
            for fix in provider.fixes { #expect(result.out.contains(fix.id.rawValue)) }
        }
        let json = await run("providers", "--json")
        guard case .array(let list) = try JSONParser().parse(Data(json.out.utf8)) else {
            Issue.record("expected a JSON array")
            return
        }
        #expect(list.count == ProviderRegistry.builtIn.providers.count)
        #expect(list.first?[path: ["version"]] == "2.0")
    }

    /// The names listed by `providers`, one per line after the header.
    func listed(_ out: String) -> [String] {
        out.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
    }

    @Test func providersSearchFindsByNameAndDisplayName() async {
        let byName = await run("providers", "--search", "twitch")
        #expect(byName.status == 0)
        #expect(listed(byName.out) == ["twitch"])
        let byDisplayName = await run("providers", "--search", "login kit")
        #expect(listed(byDisplayName.out) == ["tiktok"])
        let anyCase = await run("providers", "--search", "GITLAB")
        #expect(listed(anyCase.out) == ["gitlab", "gitlab-self-managed"])
    }

    @Test func providersSearchFindsByQuirk() async throws {
        // A block kind: every provider that sends token requests as JSON.
        let kind = await run("providers", "--search", "json-token-request")
        let jsonBodied = ProviderRegistry.builtIn.providers.filter { $0.fixes.contains { $0.block is JSONTokenRequest } }.map(\.name)
        #expect(listed(kind.out) == jsonBodied)
        #expect(jsonBodied.contains("notion") && jsonBodied.contains("atlassian"))
        // A word of a fix's summary.
        let summary = await run("providers", "--search", "client_key")
        #expect(listed(summary.out) == ["tiktok"])
        // A fix id, with --json.
        let json = try JSONParser().parse(Data(await run("providers", "--search", "weibo.token-in-query", "--json").out.utf8))
        #expect(json.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } == ["weibo"])
        let expected = ProviderRegistry.builtIn.providers.filter { $0.fixes.contains { $0.block is TokenInQuery } }.map(\.name)
        #expect(listed(await run("providers", "--search", "Token-In-Query").out) == expected)
        #expect(expected.count > 1)
    }

    @Test func providersSearchSaysWhenNothingMatches() async {
        let none = await run("providers", "--search", "no-such-quirk-anywhere")
        #expect(none.status == 1)
        #expect(none.out.isEmpty)
        #expect(none.error.contains(#"nothing matches "no-such-quirk-anywhere""#))
        // With --json the error is JSON too, as on every other command.
        let noneJSON = await run("providers", "--search", "no-such-quirk-anywhere", "--json")
        #expect(noneJSON.status == 1)
        #expect(noneJSON.out.isEmpty)
        let error = try? JSONParser().parse(Data(noneJSON.error.utf8))
        #expect(error?[path: ["error"]] == "no_match", "\(noneJSON.error)")
        #expect(error?[path: ["error_description"]]?.stringValue?.contains(#"nothing matches "no-such-quirk-anywhere""#) == true)
        #expect(error?[path: ["exit_status"]] == 1)
        #expect(await run("providers", "--search", " ").status == 2)
        #expect(await run("providers", "--search").status == 2)
    }

    @Test func providerShowsSettingsAndEveryFix() async throws {
        let result = await run("provider", "Twitch")
        #expect(result.status == 0)
        #expect(result.out.contains("client authentication: client_secret_post (fix twitch.client-secret-in-body)"))
        #expect(result.out.contains("token placement: Authorization: Bearer <token> (standard)"))
        #expect(result.out.contains("hook points: protected-request"))
        #expect(result.out.contains("https://id.twitch.tv/oauth2/token"))
        let json = try JSONParser().parse(Data(await run("provider", "weibo", "--json").out.utf8))
        #expect(json[path: ["tokenPlacement"]] == "query parameter access_token=<token>")
        #expect(json[path: ["fixes", 0, "hookPoints"]] == ["access-token-response", "refresh-response"])
    }

    @Test func unknownProviderIsAUsageErrorWithNearMatches() async {
        let result = await run("provider", "facebok")
        #expect(result.status == 2)
        #expect(result.error.contains(#"unknown provider "facebok"; did you mean "facebook"?"#))
    }

    @Test func usageErrors() async {
        #expect(await run().status == 2)
        #expect(await run("frobnicate").status == 2)
        #expect(await run("providers", "--jsn").error.contains("unknown option --jsn"))
        #expect(await run("replay", "facebook", "--response").status == 2)
        #expect(await run("replay", "--refresh").status == 2)
        #expect(await run("help").status == 0)
    }

    @Test func theDefaultTokenFileFollowsXDGConfigHomeThenHome() {
        #expect(LoginCommand.defaultTokenFile(provider: "github", clientID: "Iv1.8a61", environment: ["XDG_CONFIG_HOME": "/x/config", "HOME": "/home/u"])
            == "/x/config/oauthctl/tokens/github/Iv1.8a61.json")
        #expect(LoginCommand.defaultTokenFile(provider: "github", clientID: "Iv1.8a61", environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/u"])
            == "/home/u/.config/oauthctl/tokens/github/Iv1.8a61.json")
        #expect(LoginCommand.defaultTokenFile(provider: "google", clientID: "1-a.apps", environment: ["HOME": "/tmp/elsewhere"])
            == "/tmp/elsewhere/.config/oauthctl/tokens/google/1-a.apps.json")
    }

    @Test func replayMatchesEveryRecording() async {
        let result = await run("replay")
        #expect(result.status == 0)
        #expect(result.out.contains("\(ProviderRegistry.builtIn.providers.count) providers"))
        #expect(result.out.contains("0 mismatch"))
        #expect(!result.out.contains("MISMATCH"))
        #expect(result.out.contains("fixes fired: weibo.json-under-text-plain (access-token-response)"))
    }

    @Test func replayReportsAMismatchWithExitStatusOne() async throws {
        let console = Console(out: { _ in }, error: { _ in })
        let recordings = try BuiltInRecordings.recordings(for: "facebook")
        #expect(ReplayCommand.replayRecordings(of: [(Provider.facebook.strictCore, recordings)], json: false, console: console) == 1)
        #expect(ReplayCommand.replayRecordings(of: [(Provider.facebook, recordings)], json: false, console: console) == 0)
    }

    @Test func replayJSONListsOutcomes() async throws {
        let result = await run("replay", "slack", "--json")
        #expect(result.status == 0)
        guard case .array(let entries) = try JSONParser().parse(Data(result.out.utf8)) else {
            Issue.record("expected a JSON array")
            return
        }
        #expect(entries.count == (try BuiltInRecordings.recordings(for: "slack")).count)
        #expect(entries.count >= 3)
        #expect(entries.allSatisfy { $0[path: ["match"]] == true })
    }

    @Test func replayACapturedResponseThroughAProvidersFixes() async throws {
        // Saved as an editor saves it, with a final line break.
        let file = try temporaryFile("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\naccess_token=foobar&expires=5183814\n")
        let result = await run("replay", "facebook", "--response", file, "--json")
        #expect(result.status == 0)
        let token = try JSONParser().parse(Data(result.out.utf8))
        #expect(token[path: ["access_token"]] == "foobar")
        #expect(token[path: ["token_type"]] == "Bearer")
        #expect(token[path: ["expires_in"]] == 5183814)
        guard case .number? = token[path: ["expires_at"]] else {
            Issue.record("expected expires_at")
            return
        }
        // Without --json the token is still JSON on standard output; the fixes go to standard error.
        let human = await run("replay", "facebook", "--response", file)
        #expect(try JSONParser().parse(Data(human.out.utf8))[path: ["access_token"]] == "foobar")
        #expect(human.error.contains("fixes fired: facebook.form-encoded-token-body, facebook.expires-not-expires-in, facebook.missing-token-type"))
    }

    /// `expires=007` once came out as the JSON number `007`: text no JSON parser reads back.
    @Test func replayPrintsValidJSONForDigitsWithLeadingZeros() async throws {
        let file = try temporaryFile("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\naccess_token=foobar&expires=007")
        let result = await run("replay", "facebook", "--response", file)
        #expect(result.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) is [String: Any], "\(result.out)")
        #expect(try JSONParser().parse(Data(result.out.utf8))[path: ["expires_in"]] == 7)
    }

    /// The raw-response reader is strict about the status line and `Content-Length`.
    @Test(arguments: ["HTTP/1.1 +200 OK\n\n{}", "HTTP/ 200 OK\n\n{}", "HTTP/1.1 200 OK\nContent-Length: 2\nContent-Length: 3\n\n{}x"])
    func replayRefusesAMalformedCapture(raw: String) async throws {
        let result = await run("replay", "github", "--response", try temporaryFile(raw))
        #expect(result.status == 2)
        #expect(result.error.contains("HTTP response: expected"))
    }

    @Test func replayACapturedErrorPrintsTheCodeOnStandardError() async throws {
        let twitch = try temporaryFile("HTTP/1.1 400 Bad Request\nContent-Type: application/json\n\n{\"status\":400,\"message\":\"Invalid authorization code\"}")
        let result = await run("replay", "twitch", "--response", twitch)
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: invalid_grant: Invalid authorization code\n"))
        #expect(result.out.isEmpty)
        let html = try temporaryFile("HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html>captive portal</html>")
        let strict = await run("replay", "google", "--response", html)
        #expect(strict.status == 1)
        #expect(strict.error.hasPrefix("error: unexpected_content_type: token response: expected Content-Type application/json"))
    }

    @Test func refreshFlagUsesTheRefreshHookPoint() async throws {
        let file = try temporaryFile("HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"accessToken\":\"a\",\"tokenType\":\"Bearer\"}")
        #expect(await run("replay", "plentymarkets", "--response", file, "--refresh", "--json").status == 0)
    }

    @Test func providerFilesAddProviders() async throws {
        let file = try temporaryFile("""
            {"name": "acme", "displayName": "Acme", "endpoints": {"token": "https://acme.example/token"},
             "fixes": [{"kind": "form-encoded-body"}, {"use": "weibo.missing-token-type"}]}
            """)
        let listed = await run("providers", "--provider-file", file)
        #expect(listed.out.contains("acme.form-encoded-body, weibo.missing-token-type"))
        let capture = try temporaryFile("HTTP/1.1 200 OK\nContent-Type: application/x-www-form-urlencoded\n\naccess_token=abc")
        let replayed = await run("replay", "acme", "--provider-file", file, "--response", capture, "--json")
        #expect(replayed.status == 0)
        #expect(replayed.out.contains(#""token_type":"Bearer""#))
        let broken = try temporaryFile(#"{"name":"acme","fixes":[{"kind":"nope"}]}"#)
        let failed = await run("providers", "--provider-file", broken)
        #expect(failed.status == 2)
        #expect(failed.error.contains("fixes.0"))
    }
}

/// The README's table of building blocks is what the blocks declare of themselves.
@Suite struct BlocksTableTests {
    @Test func theReadmeTableIsGeneratedFromTheBlocks() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- building blocks: generated by `oauthctl blocks --markdown` -->\n"))
        let end = try #require(text.range(of: "\n<!-- end of building blocks -->", range: start.upperBound..<text.endIndex))
        #expect(String(text[start.upperBound..<end.lowerBound]) == BlocksCommand.markdownTable(BuiltInProviders.catalog.kinds),
                "README.md's building-block table is stale: run `swift run oauthctl blocks --markdown` and paste it between the markers")
    }
}

/// An endpoint the command needs and nobody gave is a usage error that names the option for it.
@Suite struct OAuthCtlMissingEndpointTests {
    @Test(arguments: [
        (["introspect", "--client-id", "c", "--token", "t"], "provider generic: expected an introspection endpoint, got none (give one with --introspection-url)"),
        (["revoke", "--client-id", "c", "--token", "t"], "provider generic: expected a revocation endpoint, got none (give one with --revocation-url)"),
        (["token", "--grant", "client_credentials", "--client-id", "c"], "provider generic: expected a token endpoint, got none (give one with --token-url)"),
    ])
    func aMissingEndpointNamesItsOption(arguments: [String], message: String) async {
        let result = await CLI().run(arguments)
        #expect(result.status == 2)
        #expect(result.error == "error: \(message)\n", "\(result.error)")
    }
}
