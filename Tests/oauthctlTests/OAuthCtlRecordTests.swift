import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing
@testable import oauthctl

/// Recordings from the command line: `--record`, proving a provider defined in JSON with
/// `replay --provider-file --recordings`, `--stale`, and the pair on `demo` and `sandbox`.
@Suite struct OAuthCtlRecordTests {
    final class Captured: @unchecked Sendable {
        var out = ""
        var error = ""
    }

    func run(_ arguments: [String]) async -> (status: Int32, out: String, error: String) {
        let captured = Captured()
        let status = await OAuthCtl.run(arguments, console: Console(out: { captured.out += $0 }, error: { captured.error += $0 }))
        return (status, captured.out, captured.error)
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauthctl-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    // MARK: A provider in JSON, proven from the command line

    static let acme = """
        {"name": "acme", "displayName": "Acme",
         "endpoints": {"authorization": "https://acme.example/authorize", "token": "https://acme.example/token",
                       "resourceOrigins": ["https://api.acme.example"]},
         "fixes": [{"kind": "form-encoded-body", "id": "acme.form-encoded-token-body"},
                   {"kind": "default-token-type", "id": "acme.missing-token-type"},
                   {"kind": "token-in-query", "id": "acme.token-in-query"}]}
        """

    static let acmeRecordings = [
        "form-body.json": """
            {"title": "Token as a form under text/plain, no token_type", "source": "a test of this package",
             "hookPoint": "access-token-response",
             "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "access_token=acme-example&expires_in=3600"},
             "expect": {"token": {"access_token": "acme-example", "token_type": "Bearer", "expires_in": 3600}}}
            """,
        "json-without-type.json": """
            {"title": "JSON without token_type", "source": "a test of this package", "hookPoint": "refresh-response",
             "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\\"access_token\\": \\"acme-example-2\\"}"},
             "previousToken": {"access_token": "acme-example", "refresh_token": "acme-refresh"},
             "expect": {"token": {"access_token": "acme-example-2", "token_type": "Bearer", "refresh_token": "acme-refresh"}}}
            """,
        "token-in-query.json": """
            {"title": "The token goes in the query", "source": "a test of this package", "hookPoint": "protected-request",
             "request": {"method": "GET", "url": "https://api.acme.example/me"},
             "token": {"access_token": "acme-example", "token_type": "Bearer"},
             "expect": {"request": {"method": "GET", "url": "https://api.acme.example/me?access_token=acme-example",
                                    "headers": {"Cache-Control": "no-store"}}}}
            """,
    ]

    /// The provider file and a directory with the recordings named.
    static func acmeFiles(_ names: [String] = Array(acmeRecordings.keys)) throws -> (provider: String, recordings: String) {
        let directory = try directory()
        try write(acme, to: directory.appendingPathComponent("acme.json"))
        let recordings = directory.appendingPathComponent("Recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        for name in names { try write(acmeRecordings[name]!, to: recordings.appendingPathComponent(name)) }
        return (directory.appendingPathComponent("acme.json").path, recordings.path)
    }

    @Test func aJSONProviderWithThreeRecordingsIsProven() async throws {
        let files = try Self.acmeFiles()
        let result = await run(["replay", "--provider-file", files.provider, "--recordings", files.recordings])
        #expect(result.status == 0, "\(result.out)\(result.error)")
        #expect(result.out.contains("acme: Acme, 3 recordings"))
        #expect(result.out.contains("  proven: with the fixes every recording matches"))
        #expect(result.out.contains("1 provider, 3 recordings: 3 match, 0 mismatch"))
    }

    @Test func aBrokenJSONProviderFailsWithWhatToFix() async throws {
        // A fix no recording needs.
        let missing = try Self.acmeFiles(["form-body.json", "json-without-type.json"])
        let unproven = await run(["replay", "--provider-file", missing.provider, "--recordings", missing.recordings])
        #expect(unproven.status == 1)
        #expect(unproven.out.contains(
            "NOT PROVEN: fix acme.token-in-query is not proven: no recording changes when it is removed; add a recording of the quirk it fixes, or remove the fix"
        ))
        #expect(unproven.out.contains("1 provider is not proven"))

        // A recording whose expected token the fixes do not give.
        let wrong = try Self.acmeFiles()
        let path = URL(fileURLWithPath: wrong.recordings).appendingPathComponent("form-body.json")
        try Self.write(Self.acmeRecordings["form-body.json"]!.replacingOccurrences(of: #""expires_in": 3600}"#, with: #""expires_in": 60}"#), to: path)
        let mismatch = await run(["replay", "--provider-file", wrong.provider, "--recordings", wrong.recordings])
        #expect(mismatch.status == 1)
        #expect(mismatch.out.contains("MISMATCH: expected token"))
        #expect(mismatch.out.contains("NOT PROVEN: form-body.json: expected token"))

        // A malformed recording names the file, the member and what was expected.
        try Self.write(#"{"title": "t", "source": "s", "hookPoint": "access-token-response", "response": {"status": "200"}, "expect": {"failure": ""}}"#, to: path)
        let malformed = await run(["replay", "--provider-file", wrong.provider, "--recordings", wrong.recordings])
        #expect(malformed.status == 3)
        #expect(malformed.error.contains("recording \(path.path): response.status: expected an integer, got a string"))
    }

    @Test func noRecordingsIsAnErrorThatSaysWhatWasExpectedAndWhere() async throws {
        let files = try Self.acmeFiles([])
        let without = await run(["replay", "--provider-file", files.provider])
        #expect(without.status == 2)
        #expect(without.error.contains(#"provider "acme" has no built-in recordings: expected --recordings DIR"#))
        let empty = await run(["replay", "--provider-file", files.provider, "--recordings", files.recordings])
        #expect(empty.status == 3)
        #expect(empty.error.contains("recording \(files.recordings): expected recordings (*.json) for provider \"acme\", got none"))
        let absent = await run(["replay", "facebook", "--recordings", files.recordings + "/absent"])
        #expect(absent.status == 3)
        #expect(absent.error.contains("expected a readable directory of recordings"))
        #expect(await run(["demo", "--provider-file", files.provider]).status == 2)
        let sandbox = await run(["sandbox", "--provider-file", files.provider, "--emulate", "acme", "--for", "0.1"])
        #expect(sandbox.status == 2)
        #expect(sandbox.error.contains("expected --recordings DIR"))
        let unknown = await run(["replay", "facebok", "--recordings", files.recordings])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains(#"did you mean "facebook"?"#))
    }

    @Test func aBuiltInProviderTakesAUsersRecordingsToo() async throws {
        let directory = try Self.directory()
        let recording = try #require(BuiltInProviders.folder(named: "facebook")?.recordingFiles.first)
        try recording.contents.data.write(to: directory.appendingPathComponent("mine.json"))
        let result = await run(["replay", "facebook", "--recordings", directory.path])
        #expect(result.status == 0)
        let builtIn = try BuiltInRecordings.recordings(for: "facebook").count
        #expect(result.out.contains("1 provider, \(builtIn + 1) recordings: \(builtIn + 1) match, 0 mismatch"))
    }

    // MARK: Record mode against the sandbox emulating Twitch

    func withTwitchSandbox(_ body: (_ base: String) async throws -> Void) async throws {
        let sandbox = SandboxAuthorizationServer(
            clients: [SandboxClient(id: "cli-app", secret: "cli-secret-value")], users: ["alice": "wonderland-value"],
            configuration: .init(autoApprove: true), emulation: try SandboxEmulation(providerNamed: "twitch")
        )
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        try await body(server.baseURL.absoluteString)
    }

    @Test func recordModeWritesRecordingsThatReplayGreenWithoutSecrets() async throws {
        try await withTwitchSandbox { base in
            let directory = try Self.directory()
            let record = directory.appendingPathComponent("recorded").path
            let tokenFile = directory.appendingPathComponent("token.json").path
            let client = ["--provider", "twitch", "--token-url", base + "/token", "--client-id", "cli-app", "--client-secret", "cli-secret-value"]
            let password = await run(["token", "--grant", "password", "--username", "alice", "--password", "wonderland-value", "--token-file", tokenFile, "--record", record] + client)
            #expect(password.status == 0, "\(password.error)")
            #expect(password.error.contains("record: recorded access-token-response in \(record)/access-token-response.json; twitch.status-and-message-errors: did not act"))
            let first = try String(contentsOfFile: tokenFile, encoding: .utf8)
            let refresh = await run(["token", "--grant", "refresh_token", "--token-file", tokenFile, "--record", record] + client)
            #expect(refresh.status == 0, "\(refresh.error)")
            let request = await run(["request", "--token-file", tokenFile, "--resource-origin", base, "--record", record] + client + [base + "/userinfo"])
            #expect(request.status == 0, "\(request.error)")

            // None of the secrets used, in any file.
            let second = try String(contentsOfFile: tokenFile, encoding: .utf8)
            var secrets = ["cli-secret-value", "wonderland-value"]
            for token in [first, second] {
                let object = try JSONParser().parse(Data(token.utf8))
                secrets += ["access_token", "refresh_token"].compactMap { object[path: [.key($0)]]?.stringValue }
            }
            #expect(secrets.count == 6)
            for name in try FileManager.default.contentsOfDirectory(atPath: record) {
                let text = try String(contentsOfFile: record + "/" + name, encoding: .utf8)
                for secret in secrets { #expect(!text.contains(secret), "\(name) holds a secret") }
            }

            // They replay green and prove Twitch's fixes alongside the built-in recordings.
            let replay = await run(["replay", "twitch", "--recordings", record])
            #expect(replay.status == 0, "\(replay.out)")
            #expect(replay.out.contains("access-token-response.json: Token endpoint response, HTTP 200"))
            let stale = await run(["replay", "twitch", "--recordings", record, "--stale"])
            #expect(stale.status == 0)
            #expect(stale.out.contains("twitch.status-and-message-errors: did not act on any of the 2 recorded exchanges it ran on"))

            // An existing file is kept unless --force.
            let again = await run(["token", "--grant", "password", "--username", "alice", "--password", "wonderland-value", "--record", record] + client)
            #expect(again.status == 3)
            #expect(again.error.contains("access-token-response.json: expected a new file, got an existing one; record elsewhere or allow overwriting (--force)"))
            let forced = await run(["token", "--grant", "password", "--username", "alice", "--password", "wonderland-value", "--record", record, "--force"] + client)
            #expect(forced.status == 0, "\(forced.error)")
            #expect(await run(["token", "--grant", "password", "--force"] + client).status == 2)
        }
    }

    @Test func demoAndSandboxEmulateAJSONProviderFromItsRecordings() async throws {
        // Twitch's definition under another name, with Twitch's recordings in a folder of the user's.
        let folder = try #require(BuiltInProviders.folder(named: "twitch"))
        let directory = try Self.directory()
        let definition = String(decoding: folder.definition.data, as: UTF8.self).replacingOccurrences(of: #""name": "twitch""#, with: #""name": "twitchlike""#)
        #expect(definition.contains("twitchlike"))
        let providerFile = directory.appendingPathComponent("twitchlike.json")
        try Self.write(definition, to: providerFile)
        let recordings = directory.appendingPathComponent("Recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        for file in folder.recordingFiles { try file.contents.data.write(to: directory.appendingPathComponent(file.path)) }

        let demo = await run(["demo", "--provider-file", providerFile.path, "--recordings", recordings.path])
        #expect(demo.status == 0, "\(demo.out)\(demo.error)")
        #expect(demo.out.contains("twitchlike"))
        let sandbox = await run(["sandbox", "--provider-file", providerFile.path, "--emulate", "twitchlike", "--recordings", recordings.path, "--for", "0.1"])
        #expect(sandbox.status == 0, "\(sandbox.error)")
        #expect(sandbox.out.contains("emulating"))
    }
}
