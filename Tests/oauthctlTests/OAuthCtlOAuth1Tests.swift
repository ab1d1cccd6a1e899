import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// `oauthctl oauth1` against the sandbox's OAuth 1.0a side on a loopback port.
@Suite struct OAuthCtlOAuth1Tests {
    func run(_ arguments: [String]) async -> (status: Int32, out: String, error: String) {
        let output = OAuthCtlSandboxTests.Output()
        let status = await OAuthCtl.run(arguments, console: output.console)
        return (status, output.out, output.error)
    }

    func withSandbox(autoApprove: Bool = true, _ body: (_ endpoints: [String], _ base: String, _ directory: String) async throws -> Void) async throws {
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "cli-key", secret: "cli secret")], configuration: .init(autoApprove: autoApprove))
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        let base = server.baseURL.absoluteString
        await sandbox.setIssuer(base)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth1-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let endpoints = [
            "--request-token-url", base + "/oauth1/request_token", "--authorize-url", base + "/oauth1/authorize",
            "--access-token-url", base + "/oauth1/access_token", "--client-id", "cli-key", "--client-secret", "cli secret",
        ]
        try await body(endpoints, base, directory)
    }

    /// The browser's part: the authorization URL, answered at once by the sandbox.
    func approve(_ url: String) async throws -> HTTPResponse {
        try await URLSessionTransport().send(HTTPRequest(url: try #require(URL(string: url.trimmingCharacters(in: .whitespacesAndNewlines)))), limits: .tokenEndpoint)
    }

    @Test func theThreeLeggedFlowThenSignedRequestsInEveryPlacementAndMethod() async throws {
        try await withSandbox { endpoints, base, directory in
            let pending = directory + "/pending.json", tokenFile = directory + "/token.json"
            let requested = await run(["oauth1", "request-token"] + endpoints + ["--callback", "http://127.0.0.1:8400/callback", "--pending-file", pending])
            #expect(requested.status == 0, "\(requested.error)")
            // Standard output is for results: the note about the pending file is progress.
            #expect(requested.out.isEmpty, "\(requested.out)")
            #expect(requested.error.contains("Temporary credentials saved to \(pending)"), "\(requested.error)")
            #expect(try FileManager.default.attributesOfItem(atPath: pending)[.posixPermissions] as? Int == 0o600)
            let url = await run(["oauth1", "authorize-url"] + endpoints + ["--pending-file", pending])
            #expect(url.out.hasPrefix(base + "/oauth1/authorize?oauth_token="))
            let callback = try #require(try await approve(url.out).headers["Location"])
            let exchanged = await run(["oauth1", "access-token"] + endpoints + ["--pending-file", pending, "--callback", callback, "--token-file", tokenFile])
            #expect(exchanged.status == 0, "\(exchanged.error)")
            #expect(exchanged.out.contains(#""oauth_token_secret": "[redacted]""#))
            #expect(try String(contentsOfFile: pending, encoding: .utf8).contains("oauthctl_pending_used_at"))
            #expect(try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int == 0o600)
            let storedObject = try #require(try JSONParser().parse(Data(contentsOf: URL(fileURLWithPath: tokenFile))).objectValue)
            let stored = try #require(OAuth1Token(jsonObject: storedObject))
            #expect(!exchanged.out.contains(stored.secret))
            #expect(!exchanged.out.contains(stored.token), "the token is saved, so it prints redacted")

            for method in ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"] {
                for placement in ["header", "query", "body"] {
                    let signed = await run(["oauth1", "request"] + endpoints + [
                        "--token-file", tokenFile, "--signature-method", method, "--signature-type", placement,
                        "-X", "POST", "-H", "X-Trace: 1", "-d", "status=Hello%20Ladies%20%2B%20Gentlemen&n=1", base + "/oauth1/userinfo?page=2",
                    ])
                    #expect(signed.status == 0, "\(method) \(placement): \(signed.error)")
                    #expect(signed.out.contains(#""signature_method":"\#(method)""#))
                }
            }
            let get = await run(["oauth1", "request"] + endpoints + ["--token-file", tokenFile, "--json", base + "/oauth1/userinfo"])
            #expect(try JSONParser().parse(Data(get.out.utf8)).objectValue?["status"] == 200)
        }
    }

    @Test func outOfBandWithAVerifier() async throws {
        try await withSandbox { endpoints, _, directory in
            let pending = directory + "/pending.json", tokenFile = directory + "/token.json"
            let requested = await run(["oauth1", "request-token"] + endpoints + ["--pending-file", pending, "--json"])
            let authorization = try #require(try JSONParser().parse(Data(requested.out.utf8)).objectValue?["authorization_url"]?.stringValue)
            let page = String(decoding: try await approve(authorization).body, as: UTF8.self)
            let verifier = try #require(page.range(of: "<code>").map { String(page[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(!verifier.isEmpty)
            let wrong = await run(["oauth1", "access-token"] + endpoints + ["--pending-file", pending, "--verifier", "not-the-verifier", "--token-file", tokenFile])
            #expect(wrong.status == 1)
            #expect(wrong.error.hasPrefix("error: verifier_invalid: oauth_verifier is missing or wrong"))
            #expect(!FileManager.default.fileExists(atPath: tokenFile))
        }
    }

    @Test func aTamperedCallbackIsRefused() async throws {
        try await withSandbox { endpoints, _, directory in
            let pending = directory + "/pending.json"
            _ = await run(["oauth1", "request-token"] + endpoints + ["--callback", "http://127.0.0.1:8400/callback", "--pending-file", pending])
            let forged = await run(["oauth1", "access-token"] + endpoints + [
                "--pending-file", pending, "--callback", "http://127.0.0.1:8400/callback?oauth_token=forged&oauth_verifier=v", "--token-file", directory + "/t.json",
            ])
            #expect(forged.status == 1)
            #expect(forged.error.hasPrefix("error: invalid_callback: OAuth 1.0a callback: expected the pending temporary oauth_token"))
            #expect(FileManager.default.fileExists(atPath: pending), "a refused callback leaves the pending file for the real one")
        }
    }

    @Test(arguments: [
        (["oauth1"], "oauth1: expected a subcommand: request-token, authorize-url, access-token or request"),
        (["oauth1", "fly"], "oauth1: unknown subcommand fly"),
        (["oauth1", "requst"], "oauth1: unknown subcommand requst; did you mean request?"),
        (["oauth1", "request-token", "--client-id", "k", "--provider", "github", "--pending-file", "p"], "speaks OAuth 2.0; the oauth1 commands need an OAuth 1.0a provider"),
        (["oauth1", "request-token", "--pending-file", "p"], "--client-id KEY is required: The consumer key."),
        (["oauth1", "request-token", "--client-id", "k"], "--pending-file FILE is required"),
        (["oauth1", "request", "--client-id", "k", "--token-file", "t", "--signature-method", "RSA-SHA1", "https://a.example/"], "--signature-method: expected HMAC-SHA1, HMAC-SHA256 or PLAINTEXT"),
        (["oauth1", "request", "--client-id", "k", "--token-file", "t", "--signature-type", "cookie", "https://a.example/"], "--signature-type: expected header, query or body"),
        (["oauth1", "access-token", "--client-id", "k", "--pending-file", "p", "--token-file", "t"], "--callback URL or --verifier V is required"),
        (["oauth1", "access-token", "--client-id", "k", "--pending-file", "p", "--token-file", "t", "--verifier", "v", "--callback", "x"], "give --callback or --verifier, not both"),
        (["oauth1", "request-token", "--client-id", "k", "--pending-file", "p", "--request-token-url", "http://api.example/rt"], "--request-token-url"),
    ])
    func usageErrors(arguments: [String], message: String) async {
        let result = await run(arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test func aMissingPendingFileIsNamedWithItsReason() async {
        let result = await run(["oauth1", "authorize-url", "--client-id", "k", "--pending-file", "/nonexistent/p.json"])
        #expect(result.status == 3)
        #expect(result.error.contains("pending file /nonexistent/p.json: missing: no such file; run `oauthctl oauth1 request-token` again"), "\(result.error)")
    }

    @Test func goodreadsNeedsNoVerifier() async throws {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("t-\(UUID().uuidString).json").path
        let result = await run(["oauth1", "access-token", "--provider", "goodreads", "--client-id", "k", "--pending-file", "/nonexistent/p.json", "--token-file", tokenFile])
        // Past the verifier check: the missing pending file is what stops it.
        #expect(result.error.contains("pending file /nonexistent/p.json: missing"), "\(result.error)")
    }

    @Test func replayACapturedOAuth1Response() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString).http").path
        try Data("HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=UTF-8\r\n\r\nfullname=Jamal%20Fanaian&oauth_token=t&oauth_token_secret=s&user_nsid=21207597%40N07".utf8)
            .write(to: URL(fileURLWithPath: file))
        let replayed = await run(["replay", "flickr", "--response", file])
        #expect(replayed.status == 0, "\(replayed.error)")
        #expect(replayed.out.contains(#""user_nsid": "21207597@N07""#))
        #expect(replayed.error.contains("fixes fired: flickr.form-under-text-plain"))
        let unconfirmed = await run(["replay", "flickr", "--response", file, "--request-token"])
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.error.contains("expected oauth_callback_confirmed=true"))
    }
}
