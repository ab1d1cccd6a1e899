import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// Record mode: sessions against the sandbox emulating a provider, written as recordings that
/// replay green and hold none of the secrets used.
@Suite struct RecordingTransportTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("recordings-\(UUID().uuidString)")
    }

    /// Every file the recorder wrote, as text, by name (the placeholder table included).
    static func files(in directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    /// The sandbox emulating Twitch (refresh tokens, `Client-Id` on API calls, scope arrays).
    struct TwitchSession {
        let sandbox: SandboxAuthorizationServer
        let provider: Provider
        let secret = "twitch-client-secret-value"

        init() throws {
            let emulation = try SandboxEmulation(providerNamed: "twitch")
            sandbox = SandboxAuthorizationServer(
                clients: [SandboxClient(id: "app", secret: secret)], users: ["alice": "wonderland-password"], configuration: .init(autoApprove: true),
                issuer: "https://sandbox.test", emulation: emulation
            )
            var provider = emulation.provider
            provider.endpoints = Endpoints(
                authorization: "https://sandbox.test/authorize", token: "https://sandbox.test/token", revocation: "https://sandbox.test/revoke",
                resourceOrigins: ["https://sandbox.test"]
            )
            self.provider = provider
        }

        func recorder(_ directory: URL, overwrite: Bool = false) throws -> RecordingTransport {
            try RecordingTransport(
                wrapping: SandboxTransport(sandbox), provider: provider, directory: directory, clientID: "app", clientSecret: secret, overwrite: overwrite
            )
        }

        func client(_ transport: any HTTPTransport) -> OAuthClient {
            OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: secret), transport: transport)
        }
    }

    @Test func aRecordedSessionReplaysGreenAndHoldsNoSecret() async throws {
        let session = try TwitchSession()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = try session.recorder(directory)
        let client = session.client(recorder)

        // The code flow with PKCE, a refresh, a protected request: every secret is remembered.
        let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1/callback")
        let location = try #require(try await SandboxTransport(session.sandbox).send(HTTPRequest(url: url), limits: .tokenEndpoint).headers["Location"])
        let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        let first = try await client.exchange(callback: location, pending: pending)
        let refreshed = try await client.refresh()
        let response = try await client.send(HTTPRequest(url: URL(string: "https://sandbox.test/userinfo")!))
        #expect(response.status == 200)
        let password = try await client.password(username: "alice", password: "wonderland-password")

        let secrets = [
            session.secret, code, pending.codeVerifier, first.accessToken, first.refreshToken, refreshed.accessToken, refreshed.refreshToken,
            password.accessToken, "wonderland-password",
        ].compactMap { $0 }
        let files = try Self.files(in: directory)
        #expect(Set(files.keys) == [
            ".placeholders.json", "access-token-response.json", "refresh-response.json", "protected-request.json", "access-token-response-2.json",
        ])
        for (name, text) in files {
            for secret in secrets { #expect(!text.contains(secret), "\(name) holds a secret") }
        }

        // Each replays green, and the set proves nothing wrong (no secret-looking value).
        let recordings = try Recording.loadAll(from: directory)
        #expect(recordings.count == 4)
        for recording in recordings {
            #expect(recording.replay(with: session.provider).matches(recording.expected), "\(recording.name)")
            #expect(RecordingSecrets.secretLooking(in: recording.jsonValue).isEmpty, "\(recording.name)")
        }
        // The refresh recording refreshes the token the first recording holds, by placeholder.
        let exchange = try #require(recordings.first { $0.name == "access-token-response.json" })
        let refresh = try #require(recordings.first { $0.name == "refresh-response.json" })
        guard case .token(let token) = exchange.expected, case .response(_, let previous?) = refresh.input else {
            Issue.record("expected a token and a refresh of it")
            return
        }
        #expect(token["refresh_token"]?.stringValue == previous.refreshToken)
        #expect(previous.refreshToken == "refresh-token-1")
        #expect(refresh.sentRequest?.body?.contains("refresh_token=refresh-token-1") == true)
        // The protected request keeps the fix's header and the placed token.
        let protected = try #require(recordings.first { $0.name == "protected-request.json" })
        guard case .request(let prepared) = protected.expected else {
            Issue.record("expected a request")
            return
        }
        #expect(prepared.headers["Client-Id"] == "app")
        #expect(prepared.headers["Authorization"]?.hasPrefix("Bearer access-token-") == true)
        // A fix that ran and changed nothing is named.
        #expect(exchange.notes?.contains("twitch.status-and-message-errors: did not act") == true)
        #expect(recorder.events.count == 4)
    }

    @Test func existingFilesAreKeptUnlessOverwritingAndPlaceholdersStayStable() async throws {
        let session = try TwitchSession()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await session.client(try session.recorder(directory)).password(username: "alice", password: "wonderland-password")
        let before = try Self.files(in: directory)["access-token-response.json"]

        // A second run refuses before it sends anything: the file stays as it was.
        await #expect(throws: RecordingError.self) {
            _ = try await session.client(try session.recorder(directory)).password(username: "alice", password: "wonderland-password")
        }
        #expect(try Self.files(in: directory)["access-token-response.json"] == before)

        // Overwriting: the same client secret and password keep their placeholders across runs.
        let second = try await session.client(try session.recorder(directory, overwrite: true)).password(username: "alice", password: "wonderland-password")
        #expect(first.accessToken != second.accessToken)
        let recording = try Recording.load(from: directory.appendingPathComponent("access-token-response.json"))
        #expect(recording.sentRequest?.body?.contains("client_secret=client-secret-1") == true)
        #expect(recording.sentRequest?.body?.contains("password=password-1") == true)
        guard case .token(let token) = recording.expected else {
            Issue.record("expected a token")
            return
        }
        #expect(token["access_token"] == "access-token-2")
        let table = try Self.files(in: directory)[PlaceholderTable.fileName] ?? ""
        #expect(!table.contains("wonderland-password") && !table.contains(session.secret) && !table.contains(second.accessToken))
    }

    @Test func anOAuth1SessionReplaysGreenAndHoldsNoSecret() async throws {
        let sandbox = SandboxAuthorizationServer(
            clients: [SandboxClient(id: "consumer-key", secret: "consumer-secret-value")], configuration: .init(autoApprove: true), issuer: "https://sandbox.test"
        )
        var twitter = try ProviderRegistry.builtIn.provider(named: "twitter")
        twitter.endpoints = Endpoints(
            authorization: "https://sandbox.test/oauth1/authorize", token: "https://sandbox.test/oauth1/access_token",
            requestToken: "https://sandbox.test/oauth1/request_token", resourceOrigins: ["https://sandbox.test"]
        )
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorder = try RecordingTransport(
            wrapping: SandboxTransport(sandbox), provider: twitter, directory: directory, clientSecret: "consumer-secret-value"
        )
        let client = OAuth1Client(provider: twitter, credentials: ClientCredentials(id: "consumer-key", secret: "consumer-secret-value"), transport: recorder)
        let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
        recorder.redact(pending.temporaryCredentials.secret, as: .tokenSecret)
        let callback = try #require(await sandbox.handle(LoopbackRequest(method: "GET", target: "/oauth1/authorize?" + (url.query ?? ""))).headers["Location"])
        let verifier = try #require(URLComponents(string: callback)?.queryItems?.first { $0.name == "oauth_verifier" }?.value)
        let token = try await client.finishAuthorization(callback: callback, pending: pending)
        recorder.redact(token.secret, as: .tokenSecret)
        #expect(try await client.send(HTTPRequest(url: URL(string: "https://sandbox.test/oauth1/userinfo")!)).status == 200)

        let secrets = ["consumer-secret-value", pending.temporaryCredentials.token, pending.temporaryCredentials.secret, verifier, token.token, token.secret]
        let files = try Self.files(in: directory)
        #expect(Set(files.keys) == [".placeholders.json", "request-token-response.json", "access-token-response.json", "protected-request.json"])
        for (name, text) in files {
            for secret in secrets { #expect(!text.contains(secret), "\(name) holds a secret") }
        }
        for recording in try Recording.loadAll(from: directory) {
            #expect(recording.replay(with: twitter).matches(recording.expected), "\(recording.name)")
        }
    }

    @Test func theProofRefusesASecretLookingValueInARedactedRecording() throws {
        let provider = try ProviderRegistry.builtIn.provider(named: "facebook")
        let recorded = """
            {"title": "t", "source": "recorded", "hookPoint": "access-token-response",
             "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "access_token=access-token-1&expires=60"},
             "sentRequest": {"method": "POST", "url": "https://graph.facebook.com/oauth/access_token", "body": "code=EAAGm0PX4ZCpsBAKZC&client_secret=client-secret-1"},
             "expect": {"token": {"access_token": "access-token-1", "token_type": "Bearer", "expires_in": 60}}}
            """
        let recording = try Recording.decode(Data(recorded.utf8), location: "hand-edited.json")
        let problems = ProviderProof(provider: provider, recordings: [recording]).problems.map(\.message)
        #expect(problems.contains { $0.contains("hand-edited.json: sentRequest.body.code holds a secret-looking value (expected a placeholder such as code-1") })
        #expect(!problems.joined().contains("EAAGm0PX4ZCpsBAKZC"))
        // With the placeholder back, that complaint goes.
        let fixed = try Recording.decode(Data(recorded.replacingOccurrences(of: "EAAGm0PX4ZCpsBAKZC", with: "code-1").utf8))
        #expect(RecordingSecrets.secretLooking(in: fixed.jsonValue).isEmpty)
    }

    @Test func placeholdersAreRecognisedExactly() {
        for value in ["access-token-1", "refresh-token-12", "client-secret-3", "code-1", "cookie-2", ""] { #expect(RecordingSecrets.isPlaceholder(value)) }
        for value in ["access-token-0", "access-token-", "access-token-1a", "token1", "EAAGm0PX4ZCpsBAKZC", "bearer-token-1"] { #expect(!RecordingSecrets.isPlaceholder(value)) }
    }

    @Test func builtInRecordingsHoldNoSecretLookingValue() throws {
        for provider in ProviderRegistry.builtIn.providers {
            for recording in try BuiltInRecordings.recordings(for: provider.name) {
                #expect(RecordingSecrets.secretLooking(in: recording.jsonValue).isEmpty, "\(recording.name)")
            }
        }
    }

    @Test func everyBuiltInRecordingSurvivesWritingAndReading() throws {
        for provider in ProviderRegistry.builtIn.providers {
            for recording in try BuiltInRecordings.recordings(for: provider.name) {
                let again = try Recording.decode(recording.jsonData(), location: recording.name)
                #expect(again.jsonValue == recording.jsonValue, "\(recording.name)")
                #expect(again.replay(with: provider).matches(recording.expected), "\(recording.name)")
            }
        }
    }
}
