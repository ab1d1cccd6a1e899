import Foundation
import OAuth
import OAuthTesting
import Testing

/// Every grant through the real URLSession transport against the sandbox on a loopback port.
@Suite struct EndToEndTests {
    /// Runs `body` with a sandbox on a loopback port and a provider pointing at it.
    func withSandbox(_ clients: [SandboxClient], users: [String: String] = [:], issuerInResponses: Bool = false,
                     _ body: (Provider, SandboxAuthorizationServer) async throws -> Void) async throws {
        let sandbox = SandboxAuthorizationServer(clients: clients, users: users, configuration: .init(autoApprove: true))
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        let base = server.baseURL.absoluteString
        await sandbox.setIssuer(base)
        let provider = Provider(
            name: "sandbox", displayName: "Sandbox",
            endpoints: Endpoints(authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"), resourceOrigins: [base]),
            issuer: base, issuerInAuthorizationResponse: issuerInResponses
        )
        try await body(provider, sandbox)
    }

    /// Follows the authorization URL once, as a browser would, and returns where it redirects.
    func approve(_ url: URL) async throws -> String {
        let response = try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
        #expect(response.status == 302)
        return try #require(response.headers["Location"])
    }

    @Test(arguments: [ClientAuthentication.basic, .post])
    func authorizationCodeWithPKCEForAConfidentialClient(authentication: ClientAuthentication) async throws {
        try await withSandbox([SandboxClient(id: "web app", secret: "s3cret:+/=")], issuerInResponses: true) { provider, _ in
            var configuration = OAuthClient.Configuration()
            configuration.clientAuthentication = authentication
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "web app", secret: "s3cret:+/="), configuration: configuration)
            let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback", scopes: ["read", "write"])
            let token = try await client.exchange(callback: try await approve(url), pending: pending)
            #expect(token.scope == ["read", "write"])
            #expect(token.refreshToken != nil)
            let me = try await client.send(HTTPRequest(url: URL(string: provider.endpoints.resourceOrigins[0] + "/userinfo")!))
            #expect(me.status == 200)
            #expect(try JSONParser().parse(me.body)[path: ["sub"]] == "sandbox-user")
        }
    }

    @Test func authorizationCodeForAPublicClientNeedsPKCE() async throws {
        try await withSandbox([SandboxClient(id: "cli")]) { provider, _ in
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "cli"))
            let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
            #expect(try await client.exchange(callback: try await approve(url), pending: pending).accessToken.count > 20)
            let (plainURL, plainPending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback", usePKCE: false)
            let refused = try await approve(plainURL)
            await #expect(throws: AuthorizationCallbackError.authorizationDenied(OAuthError(code: .invalidRequest, description: "a public client must send a PKCE code_challenge", status: 0))) {
                try await client.exchange(callback: refused, pending: plainPending)
            }
        }
    }

    @Test func aWrongVerifierIsInvalidGrant() async throws {
        try await withSandbox([SandboxClient(id: "cli")]) { provider, _ in
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "cli"))
            let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
            let callback = try await approve(url)
            let code = try AuthorizationCallback.code(from: callback, for: pending)
            do {
                _ = try await client.exchange(code: code, redirectURI: pending.redirectURI, codeVerifier: PKCE().verifier)
                Issue.record("expected invalid_grant")
            } catch let error as TokenResponseError {
                #expect(error.oauthError?.code == .invalidGrant)
            }
        }
    }

    @Test func clientCredentialsAndPassword() async throws {
        try await withSandbox([SandboxClient(id: "svc", secret: "pw")], users: ["alice": "wonderland"]) { provider, _ in
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "svc", secret: "pw"))
            let service = try await client.clientCredentials(scopes: ["metrics"])
            #expect(service.scope == ["metrics"])
            #expect(service.refreshToken == nil)
            let user = try await client.password(username: "alice", password: "wonderland")
            #expect(user.refreshToken != nil)
            let me = try await client.send(HTTPRequest(url: URL(string: provider.endpoints.resourceOrigins[0] + "/userinfo")!))
            #expect(try JSONParser().parse(me.body)[path: ["sub"]] == "alice")
            do {
                _ = try await client.password(username: "alice", password: "wrong")
                Issue.record("expected invalid_grant")
            } catch let error as TokenResponseError {
                #expect(error.oauthError?.code == .invalidGrant)
            }
            let impostor = OAuthClient(provider: provider, credentials: ClientCredentials(id: "svc", secret: "nope"))
            do {
                _ = try await impostor.clientCredentials()
                Issue.record("expected invalid_client")
            } catch let error as TokenResponseError {
                #expect(error.oauthError?.code == .invalidClient)
                #expect(error.oauthError?.status == 401)
            }
        }
    }

    @Test func refreshRotatesAndTheOldRefreshTokenStopsWorking() async throws {
        try await withSandbox([SandboxClient(id: "svc", secret: "pw")], users: ["alice": "wonderland"]) { provider, _ in
            let store = InMemoryTokenStore()
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "svc", secret: "pw"), store: store)
            let first = try await client.password(username: "alice", password: "wonderland", scopes: ["read"])
            let second = try await client.refresh()
            #expect(second.refreshToken != first.refreshToken)
            #expect(await store.load()?.refreshToken == second.refreshToken)
            await client.adoptForTest(first)
            await #expect(throws: OAuthClientError.reauthorizationRequired(OAuthError(code: .invalidGrant, description: "the refresh token was rotated already; every token of its grant is revoked"))) {
                try await client.refresh()
            }
            #expect(await store.load() == nil)
        }
    }
}

extension OAuthClient {
    /// Puts an old token back, to show that its refresh token no longer works.
    func adoptForTest(_ token: Token) async {
        try? await adopt(token)
    }
}
