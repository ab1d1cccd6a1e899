import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// The README's Swift examples, run with canned responses where the README sends requests.
@Suite struct ReadmeExamplesTests {
    func respond(_ status: Int, _ contentType: String, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Data(body.utf8))
    }

    @Test func usingAProvider() throws {
        let github = try ProviderRegistry.builtIn.provider(named: "github")
        let engine = FlowEngine(provider: github)
        let client = ClientCredentials(id: "Iv1.8a61f9b3a7aba766", secret: "secret")

        let pkce = PKCE()
        let state = Base64URL.encode(SecureRandom.bytes(32))
        let authorization = try engine.authorizationRequest(
            clientID: client.id, redirectURI: "https://app.example.com/callback",
            scopes: ["repo", "gist"], state: state, pkce: pkce)
        #expect(authorization.url.absoluteString.contains("scope=repo+gist&state=\(state)&code_challenge=\(pkce.challenge)"))

        let grant = TokenGrant.authorizationCode("9a5f2c1e7b", redirectURI: "https://app.example.com/callback", codeVerifier: pkce.verifier)
        let request = try engine.tokenRequest(grant, client: client)
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.headers["Authorization"] == nil)

        let response = respond(200, "application/x-www-form-urlencoded", "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer")
        let token = try engine.token(from: response, for: grant)
        #expect(token.scope == ["repo", "gist"])

        let call = try engine.protectedRequest(HTTPRequest(url: URL(string: "https://api.github.com/user")!), token: token)
        #expect(call.headers["Authorization"] == "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a")

        let error = respond(200, "application/json", #"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#)
        #expect(throws: TokenResponseError.oauth(OAuthError(code: "bad_verification_code", description: "The code passed is incorrect or expired."))) {
            try engine.token(from: error, for: grant)
        }
    }

    @Test func refreshKeepsTheOldRefreshToken() throws {
        let engine = FlowEngine(provider: .google)
        let token = Token(accessToken: "old", refreshToken: "1//xEoDL4iW3cxlI7yDbSRFYNG01kVKM2C-259HOF2aQbI")
        let refresh = TokenGrant.refreshToken(token.refreshToken!)
        _ = try engine.tokenRequest(refresh, client: ClientCredentials(id: "client_id", secret: "s"))
        let refreshed = try engine.token(from: respond(200, "application/json", #"{"access_token":"new","expires_in":3920,"token_type":"Bearer"}"#), for: refresh, previous: token)
        #expect(refreshed.refreshToken == token.refreshToken)
        #expect(refreshed.accessToken == "new")
    }

    @Test func optionalFixesAndValuesForPlaceholders() throws {
        let registry = ProviderRegistry.builtIn
        let facebook = try registry.provider(named: "facebook").enablingFixes(["facebook.appsecret-proof"])
        #expect(facebook.fixes.last?.id == "facebook.appsecret-proof")
        let credentials = ClientCredentials(id: "app", secret: "s")
        let microsoft = OAuthClient(provider: try registry.provider(named: "microsoft"), credentials: credentials,
                                    endpointValues: ["tenant": "contoso.onmicrosoft.com"])
        let (url, _) = try microsoft.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        #expect(url.absoluteString.hasPrefix("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?"))
    }

    @Test func enablingFixesPerClient() throws {
        let registry = ProviderRegistry.builtIn
        let weibo = try registry.provider(named: "weibo")
        let weiboWithHeader = try weibo.disablingFixes(["weibo.token-in-query"])
        #expect(weiboWithHeader.tokenPlacement == .bearerHeader)
        let acme = Provider(
            name: "acme", displayName: "Acme",
            endpoints: Endpoints(authorization: "https://acme.example/oauth/authorize",
                                 token: "https://acme.example/oauth/token",
                                 resourceOrigins: ["https://api.acme.example"]),
            fixes: try registry.fixes(["facebook.form-encoded-token-body", "weibo.missing-token-type"]))
        let lenient = Provider(name: "acme", displayName: "Acme", endpoints: acme.endpoints, fixes: Fix.genericProfile)
        let body = respond(200, "text/plain", "access_token=abc")
        #expect(try FlowEngine(provider: acme).token(from: body, for: .clientCredentials()).tokenType == "Bearer")
        #expect(try FlowEngine(provider: lenient).token(from: body, for: .clientCredentials()).accessToken == "abc")
    }

    @Test func theCryptoSection() {
        let digest = OAuthDigest.sha256("abc".utf8)
        #expect(digest.count == 32 && digest.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        let mac = OAuthDigest.hmacSHA1("what do ya want for nothing?".utf8, key: "Jefe".utf8)
        let expectedMAC: [UInt8] = [0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74, 0x16, 0xd5, 0xf1, 0x84, 0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79]
        #expect(constantTimeEquals(mac, expectedMAC))
        #expect(!constantTimeEquals(mac, expectedMAC.dropLast()))
    }

    @Test func aFixWrittenInSwift() throws {
        let proof = Fix(id: "acme.token-hash-header", summary: "Acme wants the token's SHA-256 in X-Proof.", stages: [
            .requests(at: [.protectedRequest]) { request, context in
                guard let token = context.token else { return }
                request.headers["X-Proof"] = Base64URL.encode(OAuthDigest.sha256(token.accessToken.utf8))
            },
        ])
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(), fixes: [proof])
        let request = try FlowEngine(provider: provider).protectedRequest(HTTPRequest(url: URL(string: "https://api.acme.example/")!), token: Token(accessToken: "abc"))
        #expect(request.headers["X-Proof"] == Base64URL.encode(OAuthDigest.sha256("abc".utf8)))
        #expect(proof.hookPoints == [.protectedRequest])
    }

    @Test func aFixThatSignsTheSortedParameters() throws {
        let signed = Fix(id: "acme.sorted-signature", summary: "Acme signs calls with the HMAC-SHA256 of their sorted parameters.", stages: [
            .requests(at: [.protectedRequest]) { request, context in
                guard let secret = context.client.secret else { return }
                try request.setQueryParameter("app", to: context.client.id)
                let message = try request.sortedParameterBytes(excluding: ["sig"])
                try request.setQueryParameter("sig", to: Hex.lowercase(OAuthDigest.hmacSHA256(message, key: secret.utf8)))
            },
        ])
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(), fixes: [Fix(id: "acme.query", TokenInQuery()), signed])
        let request = try FlowEngine(provider: provider).protectedRequest(
            HTTPRequest(url: URL(string: "https://api.acme.example/call?method=users.get")!), token: Token(accessToken: "abc"), client: ClientCredentials(id: "42", secret: "s3")
        )
        // The signed message: access_token=abc, app=42 and method=users.get, sorted by name.
        let expected = Hex.lowercase(OAuthDigest.hmacSHA256(Array("access_token=abcapp=42method=users.get".utf8), key: Array("s3".utf8)))
        #expect(request.url.absoluteString == "https://api.acme.example/call?method=users.get&access_token=abc&app=42&sig=" + expected)
    }

    @Test func aProviderInJSON() throws {
        let json = """
            {
              "name": "acme",
              "displayName": "Acme",
              "endpoints": {"authorization": "https://acme.example/oauth/authorize",
                            "token": "https://acme.example/oauth/token",
                            "resourceOrigins": ["https://api.acme.example"]},
              "fixes": [
                {"kind": "form-encoded-body", "id": "acme.form-encoded-token-body"},
                {"kind": "token-in-query", "parameter": "access_token"},
                {"use": "weibo.missing-token-type"}
              ]
            }
            """
        let acme = try Provider.decode(from: Data(json.utf8), registry: .builtIn)
        #expect(acme.fixes.map(\.id) == ["acme.form-encoded-token-body", "acme.token-in-query", "weibo.missing-token-type"])
        do {
            _ = try Provider.decode(from: Data(#"{"name":"acme","fixes":[{"kind":"form-encoded-bdy"}]}"#.utf8))
        } catch {
            #expect(error.description == #"provider definition at fixes.0: fix kind "form-encoded-bdy": expected a building block such as "form-encoded-body", got an unknown kind"#)
        }
    }

    @Test func provingYourOwnProvider() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("acme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("""
            {
              "title": "Legacy token body: form-encoded under text/plain, no token_type",
              "source": "requests-oauthlib tests/test_compliance_fixes.py, FacebookComplianceFixTest",
              "hookPoint": "access-token-response",
              "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "access_token=urlencoded"},
              "expect": {"token": {"access_token": "urlencoded", "token_type": "Bearer"}}
            }
            """.utf8).write(to: directory.appendingPathComponent("legacy.json"))
        let acme = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(), fixes: [
            Fix(id: "acme.form-body", FormEncodedBody(contentTypes: ["text/plain"])), Fix(id: "acme.token-type", DefaultTokenType()),
        ])
        let proof = try ProviderProof(provider: acme, recordingsIn: directory)
        #expect(proof.problems.isEmpty, "\(proof.problems)")
    }

    /// The README's record-mode example, against the sandbox emulating Twitch instead of Twitch.
    @Test func recordingTransport() async throws {
        let secret = "readme-secret-value"
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: secret)], configuration: .init(autoApprove: true),
                                                 emulation: try SandboxEmulation(providerNamed: "twitch"))
        var twitch = try ProviderRegistry.builtIn.provider(named: "twitch")
        twitch.endpoints = Endpoints(token: "https://sandbox.test/token", resourceOrigins: ["https://sandbox.test"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)").appendingPathComponent("Recordings")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }

        let recorder = try RecordingTransport(wrapping: SandboxTransport(sandbox), provider: twitch,
                                              directory: directory,
                                              clientID: "app", clientSecret: secret)
        let client = OAuthClient(provider: twitch, credentials: ClientCredentials(id: "app", secret: secret), transport: recorder)
        let token = try await client.clientCredentials()
        let lines = recorder.events.map(\.description)
        #expect(lines == ["recorded access-token-response in \(directory.path)/access-token-response.json; twitch.status-and-message-errors: did not act"])
        let written = try String(contentsOf: directory.appendingPathComponent("access-token-response.json"), encoding: .utf8)
        #expect(!written.contains(token.accessToken) && !written.contains(secret))
    }

    @Test func theSandboxAuthorizationServer() async throws {
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")],
                                                 users: ["alice": "wonderland"],
                                                 configuration: .init(autoApprove: true))
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        let base = server.baseURL.absoluteString
        let provider = Provider(name: "sandbox", displayName: "Sandbox",
                                endpoints: Endpoints(authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"),
                                                     revocation: Endpoint(base + "/revoke"), resourceOrigins: [base]))
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: "s3cret"))
        let token = try await client.password(username: "alice", password: "wonderland")
        let me = try await client.send(HTTPRequest(url: URL(string: base + "/userinfo")!))
        #expect(me.status == 200)
        #expect(try JSONParser().parse(me.body).objectValue?["sub"] == "alice")
        #expect(token.refreshToken != nil)
        let refreshed = try await client.refresh()
        #expect(refreshed.accessToken != token.accessToken)
    }

    /// "URLSession": a `URLRequest` through the client, and a transport that authorises every
    /// request; here against GitHub's emulation in process, at GitHub's own URLs.
    @Test func urlSessionCodeAdoptsTheClient() async throws {
        let emulation = try SandboxEmulation(providerNamed: "github")
        let sandbox = SandboxAuthorizationServer(clients: [emulation.client(id: "app", secret: "s3cret")], users: ["alice": "wonderland"],
                                                 configuration: .init(autoApprove: true), emulation: emulation)
        let client = OAuthClient(provider: .github, credentials: ClientCredentials(id: "app", secret: "s3cret"), transport: GitHubAtTheSandbox(sandbox: sandbox))
        _ = try await client.password(username: "alice", password: "wonderland")

        var urlRequest = URLRequest(url: URL(string: "https://api.github.com/user")!)
        urlRequest.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        let (data, response) = try await client.data(for: urlRequest)     // (Data, HTTPURLResponse)
        #expect(response.statusCode == 200)
        #expect(try JSONParser().parse(data)[path: ["username"]] == "alice")

        let api: any HTTPTransport = client.authorizedTransport()
        let me = try await api.send(HTTPRequest(url: URL(string: "https://api.github.com/user")!), limits: .resource)
        #expect(me.status == 200)
        await #expect(throws: OAuthClientError.self) {
            try await api.send(HTTPRequest(url: URL(string: "https://evil.example/user")!), limits: .resource)
        }
    }

    @Test func emulatingAProvider() async throws {
        let emulation = try SandboxEmulation(providerNamed: "github")
        let github = SandboxAuthorizationServer(clients: [emulation.client(id: "app", secret: "s3cret")],
                                                configuration: .init(autoApprove: true), emulation: emulation)
        #expect(github.emulation?.provider.name == "github")
        let answer = await github.handle(LoopbackRequest(
            method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=app&client_secret=s3cret".utf8)
        ))
        #expect(answer.headers["Content-Type"] == "application/x-www-form-urlencoded")
    }

    /// The device flow, revocation and introspection, against the sandbox in process.
    @Test func deviceFlowRevocationAndIntrospection() async throws {
        let clock = ManualClock()
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")], users: ["alice": "wonderland"],
                                                 configuration: .init(autoApprove: true), issuer: "https://sandbox.test", clock: clock)
        let provider = Provider(name: "sandbox", displayName: "Sandbox", endpoints: Endpoints(
            token: "https://sandbox.test/token", revocation: "https://sandbox.test/revoke", introspection: "https://sandbox.test/introspect",
            deviceAuthorization: "https://sandbox.test/device_authorization", resourceOrigins: ["https://sandbox.test"]))
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: "s3cret"), transport: SandboxTransport(sandbox), clock: clock)
        let service = try await client.clientCredentials(scopes: ["metrics"])
        let user = try await client.password(username: "alice", password: "wonderland")

        let authorization = try await client.startDeviceAuthorization(scopes: ["repo"])
        #expect(authorization.verificationURI.absoluteString == "https://sandbox.test/device")
        let deviceToken = try await client.pollDeviceAuthorization(authorization, sleep: { clock.advance(by: $0) })
        #expect(deviceToken.scope == ["repo"])

        try await client.revoke(service.accessToken, hint: .accessToken)
        try await client.revokeStoredToken()
        #expect(try await client.currentToken() == nil)
        let info = try await client.introspect(user.accessToken)
        #expect(info.active)
        #expect(info.username == "alice")
        #expect(try await client.introspect(service.accessToken).active == false)
        #expect(try await client.introspect(deviceToken.accessToken).active == false)
    }

    @Test func oauth1SigningOnItsOwn() throws {
        let signer = OAuth1Signer(client: ClientCredentials(id: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
                                  token: OAuth1Token(token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
                                                     secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"))
        var update = HTTPRequest(method: "POST", url: URL(string: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true")!)
        update.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!"])
        let signed = try signer.sign(update, nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp: "1318622958")
        #expect(signed.headers["Authorization"]?.contains(#"oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D""#) == true)
    }

    /// The README's OAuth1Client example, against the sandbox's OAuth 1.0a side instead of Twitter.
    @Test func oauth1ClientFlow() async throws {
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "key", secret: "secret")], configuration: .init(autoApprove: true),
                                                 issuer: "https://sandbox.test")
        var twitter = try ProviderRegistry.builtIn.provider(named: "twitter")
        twitter.endpoints = Endpoints(authorization: "https://sandbox.test/oauth1/authorize", token: "https://sandbox.test/oauth1/access_token",
                                      requestToken: "https://sandbox.test/oauth1/request_token", resourceOrigins: ["https://sandbox.test"])
        let client = OAuth1Client(provider: twitter, credentials: ClientCredentials(id: "key", secret: "secret"), transport: SandboxTransport(sandbox))
        let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback")
        let callbackURLText = try #require(await sandbox.handle(LoopbackRequest(method: "GET", target: "/oauth1/authorize?" + (url.query ?? ""))).headers["Location"])
        let token = try await client.finishAuthorization(callback: callbackURLText, pending: pending)
        #expect(!token.token.isEmpty)
        let response = try await client.send(HTTPRequest(url: URL(string: "https://sandbox.test/oauth1/userinfo")!))
        #expect(response.status == 200)
    }

    @Test func theRedisURLOfSharingATokenAcrossProcessesAndHosts() throws {
        let store = try RedisTokenStore(url: "redis://127.0.0.1:6379/0?key=oauth:github:alice")
        #expect(store.key == "oauth:github:alice")
        #expect(store.redis.configuration.address == "127.0.0.1:6379")
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func sharingATokenAcrossProcessesAndHosts() async throws {
        try await RedisTestServer.with { server in
            let provider = Provider.github
            let credentials = ClientCredentials(id: "Iv1.8a61f9b3a7aba766", secret: "secret")
            let transport = ReplayTransport { request in
                HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"seen":"\#(request.headers["Authorization"] ?? "")"}"#.utf8))
            }
            try await RedisTokenStore(url: server.url(key: "oauth:github:alice"))
                .save(Token(accessToken: "gho_16C7e42F292c6912E7710c838347Ae178B4a", expiresIn: 28800, expiresAt: Date().addingTimeInterval(28800)))

            let store = try RedisTokenStore(url: server.url(key: "oauth:github:alice"))
            var configuration = OAuthClient.Configuration()
            configuration.sharedRefresh.leaseTimeToLive = 30     // above the token endpoint's timeout
            let client = OAuthClient(provider: provider, credentials: credentials, transport: transport, store: store, configuration: configuration)
            let response = try await client.send(HTTPRequest(url: URL(string: "https://api.github.com/user")!))

            #expect(String(decoding: response.body, as: UTF8.self) == #"{"seen":"Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a"}"#)
        }
    }

    @Test func seeingTheFixesAtWork() async throws {
        let seen = FixLog()
        var configuration = OAuthClient.Configuration()
        configuration.onFixesApplied = { entries in
            for entry in entries { seen.append("fix \(entry.fix) acted at \(entry.hookPoint)") }
        }
        var github = try ProviderRegistry.builtIn.provider(named: "github")
        github.endpoints.token = "https://github.test/token"
        let transport = ReplayTransport { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                         body: Data("access_token=gho_x&scope=repo%2Cgist&token_type=bearer".utf8))
        }
        let traced = OAuthClient(provider: github, credentials: ClientCredentials(id: "id", secret: "s"), transport: transport, configuration: configuration)
        _ = try await traced.exchange(code: "c", redirectURI: nil, codeVerifier: nil)
        #expect(seen.lines.contains("fix github.ask-for-json acted at access-token-request"))
        #expect(seen.lines.contains("fix github.form-encoded-token-body acted at access-token-response"))
    }
}

/// Lines collected from any task.
final class FixLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    func append(_ line: String) { lock.withLock { collected.append(line) } }
    var lines: [String] { lock.withLock { collected } }
}

/// Sends GitHub's URLs to the sandbox in process: its token endpoint to /token, its API to /userinfo.
private struct GitHubAtTheSandbox: HTTPTransport {
    let sandbox: SandboxAuthorizationServer

    func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        var routed = request
        let path = request.url.host == "api.github.com" ? "/userinfo" : "/token"
        routed.url = URL(string: "https://sandbox.test" + path + (request.url.query.map { "?" + $0 } ?? ""))!
        return try await SandboxTransport(sandbox).send(routed, limits: limits)
    }
}
