import Foundation
import OAuth
import OAuthTesting
import Testing

/// The OAuth 1.0a flow through the real client and URLSession transport, against the sandbox's
/// OAuth 1.0a side on a loopback port, which checks every signature.
@Suite struct OAuth1FlowTests {
    /// Runs `body` with a sandbox on a loopback port and a provider pointing at its OAuth 1.0a side.
    func withSandbox(autoApprove: Bool = true, _ body: (Provider, String) async throws -> Void) async throws {
        let sandbox = SandboxAuthorizationServer(
            clients: [SandboxClient(id: "consumer", secret: "consumer secret+/&")], configuration: .init(autoApprove: autoApprove)
        )
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        let base = server.baseURL.absoluteString
        await sandbox.setIssuer(base)
        let provider = Provider(
            name: "sandbox1", displayName: "Sandbox OAuth 1.0a", version: .oauth1,
            endpoints: Endpoints(
                authorization: Endpoint(base + "/oauth1/authorize"), token: Endpoint(base + "/oauth1/access_token"),
                requestToken: Endpoint(base + "/oauth1/request_token"), resourceOrigins: [base]
            ),
            pkce: .unsupported
        )
        try await body(provider, base)
    }

    func client(_ provider: Provider, method: OAuth1SignatureMethod = .hmacSHA1, placement: OAuth1SignaturePlacement = .header) -> OAuth1Client {
        var configuration = OAuth1Client.Configuration()
        configuration.method = method
        configuration.placement = placement
        return OAuth1Client(provider: provider, credentials: ClientCredentials(id: "consumer", secret: "consumer secret+/&"), configuration: configuration)
    }

    /// Follows the authorization URL as a browser would and returns where it redirects.
    func approve(_ url: URL) async throws -> String {
        let response = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
        #expect(response.status == 302)
        return try #require(response.headers["Location"])
    }

    static let methods: [String] = ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"]

    @Test(arguments: methods, OAuth1SignaturePlacement.allCases)
    func theThreeLeggedFlowAndSignedRequests(method: String, placement: OAuth1SignaturePlacement) async throws {
        try await withSandbox { provider, base in
            let client = client(provider, method: try #require(OAuth1SignatureMethod(name: method)), placement: placement)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            #expect(url.absoluteString.hasPrefix(base + "/oauth1/authorize?oauth_token="))
            let token = try await client.finishAuthorization(callback: try await approve(url), pending: pending)
            #expect(token.token != pending.temporaryCredentials.token)

            let query = HTTPRequest(url: URL(string: base + "/oauth1/userinfo?page=2&q=a%20b%2Bc")!)
            if placement == .body {
                // A GET has no body to carry the parameters (RFC 5849 §3.5.2).
                await #expect(throws: OAuth1SigningError.bodyPlacementNeedsBodyMethod("GET")) { try await client.send(query) }
            } else {
                let get = try await client.send(query)
                #expect(get.status == 200, "\(String(decoding: get.body, as: UTF8.self))")
                #expect(try JSONParser().parse(get.body).objectValue?["signature_method"] == .string(method))
            }
            var post = HTTPRequest(method: "POST", url: URL(string: base + "/oauth1/userinfo")!)
            post.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!", "emoji": "☃"])
            let posted = try await client.send(post)
            #expect(posted.status == 200, "\(String(decoding: posted.body, as: UTF8.self))")
        }
    }

    @Test func outOfBandTheUserTypesTheVerifier() async throws {
        try await withSandbox { provider, _ in
            let client = client(provider)
            let (url, pending) = try await client.startAuthorization()
            let page = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
            let html = String(decoding: page.body, as: UTF8.self)
            let verifier = try #require(html.range(of: "<code>").map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
            _ = try await client.finishAuthorization(verifier: verifier, pending: pending)
            #expect(await client.token != nil)
        }
    }

    @Test func aWrongVerifierIsAProblemReport() async throws {
        try await withSandbox { provider, _ in
            let client = client(provider)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            _ = try await approve(url)
            await #expect(throws: OAuth1ResponseError.problem(status: 401, problem: "verifier_invalid", advice: "oauth_verifier is missing or wrong")) {
                try await client.finishAuthorization(verifier: "guess", pending: pending)
            }
            await #expect(throws: OAuth1CallbackError.pendingUsed) { try await client.finishAuthorization(verifier: "guess", pending: pending) }
        }
    }

    @Test func aCallbackForAnotherRequestTokenIsRefused() async throws {
        try await withSandbox { provider, _ in
            let client = client(provider)
            let (first, _) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            let (_, second) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            let callback = try await approve(first)
            await #expect(throws: OAuth1CallbackError.tokenMismatch) { try await client.finishAuthorization(callback: callback, pending: second) }
            await #expect(throws: OAuth1CallbackError.callbackMismatch(expected: "http://127.0.0.1:8400/callback", got: "http://127.0.0.1:9999/callback?oauth_token=%5Bredacted%5D")) {
                try await client.finishAuthorization(callback: "http://127.0.0.1:9999/callback?oauth_token=x", pending: second)
            }
        }
    }

    @Test func aDenialComesBackTyped() async throws {
        try await withSandbox(autoApprove: false) { provider, base in
            let client = client(provider)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            let page = String(decoding: try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint).body, as: UTF8.self)
            let consent = try #require(page.range(of: #"name="consent" value=""#).map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
            var decision = HTTPRequest(method: "POST", url: URL(string: base + "/oauth1/authorize")!)
            decision.setFormParameters(["consent": consent, "decision": "deny"])
            let denied = try #require(try await URLSessionTransport().send(decision, limits: .tokenEndpoint).headers["Location"])
            await #expect(throws: OAuth1CallbackError.denied) { try await client.finishAuthorization(callback: denied, pending: pending) }
        }
    }

    @Test func theServerRefusesTamperedReplayedAndMisplacedRequests() async throws {
        try await withSandbox { provider, base in
            let client = client(provider)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            let token = try await client.finishAuthorization(callback: try await approve(url), pending: pending)
            let signer = OAuth1Signer(client: ClientCredentials(id: "consumer", secret: "consumer secret+/&"), token: token)
            let signed = try signer.sign(HTTPRequest(url: URL(string: base + "/oauth1/userinfo?a=1")!))
            let transport = URLSessionTransport()
            #expect(try await transport.send(signed, limits: .resource).status == 200)
            let replayed = try await transport.send(signed, limits: .resource)
            #expect(replayed.status == 401)
            #expect(String(decoding: replayed.body, as: UTF8.self).hasPrefix("oauth_problem=nonce_used"))
            var tampered = try signer.sign(HTTPRequest(url: URL(string: base + "/oauth1/userinfo?a=1")!))
            tampered.url = URL(string: base + "/oauth1/userinfo?a=2")!
            #expect(String(decoding: try await transport.send(tampered, limits: .resource).body, as: UTF8.self).hasPrefix("oauth_problem=signature_invalid"))
            var wrongSecret = signer
            wrongSecret.token?.secret = "other"
            #expect(try await transport.send(try wrongSecret.sign(HTTPRequest(url: URL(string: base + "/oauth1/userinfo")!)), limits: .resource).status == 401)
            var twice = try signer.sign(HTTPRequest(url: URL(string: base + "/oauth1/userinfo")!))
            twice.url = URL(string: base + "/oauth1/userinfo?oauth_nonce=x")!
            #expect(String(decoding: try await transport.send(twice, limits: .resource).body, as: UTF8.self).hasPrefix("oauth_problem=parameter_rejected"))
            let old = OAuth1Signer(client: signer.client, token: token, clock: ManualClock(Date(timeIntervalSinceNow: -3600)))
            #expect(String(decoding: try await transport.send(try old.sign(HTTPRequest(url: URL(string: base + "/oauth1/userinfo")!)), limits: .resource).body, as: UTF8.self)
                .hasPrefix("oauth_problem=timestamp_refused"))
        }
    }

    /// A nonce is spent only by a request whose signature checks: a forger cannot burn the
    /// nonce of a request they saw coming. PLAINTEXT requests that carry a nonce are held to it too.
    @Test func onlyAVerifiedRequestSpendsItsNonce() async throws {
        try await withSandbox { provider, base in
            let client = client(provider)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
            let token = try await client.finishAuthorization(callback: try await approve(url), pending: pending)
            let consumer = ClientCredentials(id: "consumer", secret: "consumer secret+/&")
            let transport = URLSessionTransport()
            let userinfo = HTTPRequest(url: URL(string: base + "/oauth1/userinfo")!)
            let now = String(Int(Date().timeIntervalSince1970))

            var forger = OAuth1Signer(client: consumer, token: token)
            forger.token?.secret = "guessed"
            let forged = try await transport.send(try forger.sign(userinfo, nonce: "seen-on-the-wire", timestamp: now), limits: .resource)
            #expect(String(decoding: forged.body, as: UTF8.self).hasPrefix("oauth_problem=signature_invalid"))
            let genuine = try OAuth1Signer(client: consumer, token: token).sign(userinfo, nonce: "seen-on-the-wire", timestamp: now)
            #expect(try await transport.send(genuine, limits: .resource).status == 200)

            let plaintext = try OAuth1Signer(client: consumer, token: token, method: .plaintext).sign(userinfo, nonce: "plain-once", timestamp: now)
            #expect(try await transport.send(plaintext, limits: .resource).status == 200)
            let replayed = try await transport.send(plaintext, limits: .resource)
            #expect(String(decoding: replayed.body, as: UTF8.self).hasPrefix("oauth_problem=nonce_used"))
        }
    }

    @Test func signedRequestsGoOnlyToTheProvidersOrigins() async throws {
        try await withSandbox { provider, _ in
            let client = client(provider)
            await #expect(throws: OAuthClientError.noToken) { try await client.send(HTTPRequest(url: URL(string: "https://elsewhere.example/")!)) }
            await client.adopt(OAuth1Token(token: "t", secret: "s"))
            await #expect(throws: OAuthClientError.originNotAllowed("https://elsewhere.example")) {
                try await client.send(HTTPRequest(url: URL(string: "https://elsewhere.example/")!))
            }
        }
    }

    @Test func theRequestTokenCallMustComeBackConfirmed() throws {
        let engine = OAuth1Engine(provider: Provider(name: "p", displayName: "P", version: .oauth1, endpoints: Endpoints()))
        let unconfirmed = HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("oauth_token=a&oauth_token_secret=b".utf8))
        #expect(throws: OAuth1ResponseError.callbackNotConfirmed(got: nil)) { try engine.temporaryCredentials(from: unconfirmed) }
        let refused = HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("oauth_token=a&oauth_token_secret=b&oauth_callback_confirmed=false".utf8))
        #expect(throws: OAuth1ResponseError.callbackNotConfirmed(got: "false")) { try engine.temporaryCredentials(from: refused) }
        let repeated = HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("oauth_token=a&oauth_token=b&oauth_token_secret=c".utf8))
        #expect(throws: OAuth1ResponseError.duplicateParameter("oauth_token")) { try engine.tokenCredentials(from: repeated) }
        let html = HTTPResponse(status: 200, headers: ["Content-Type": "text/html"], body: Data("<html></html>".utf8))
        #expect(throws: OAuth1ResponseError.unexpectedContentType("text/html")) { try engine.tokenCredentials(from: html) }
        let empty = HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("oauth_token=&oauth_token_secret=c".utf8))
        #expect(throws: OAuth1ResponseError.missingParameter("oauth_token")) { try engine.tokenCredentials(from: empty) }
        let error = HTTPResponse(status: 500, headers: ["Content-Type": "text/plain"], body: Data("boom".utf8))
        #expect(throws: OAuth1ResponseError.unexpectedStatus(500, body: "boom")) { try engine.tokenCredentials(from: error) }
    }
}
