import Foundation
import OAuth
import Testing

/// The core builds standard requests and applies declared settings.
@Suite struct FlowEngineTests {
    let provider = Provider(
        name: "example", displayName: "Example",
        endpoints: Endpoints(authorization: "https://as.example/authorize?prompt=login", token: "https://as.example/token", refresh: "https://as.example/refresh"),
        defaultScopes: ["read"]
    )

    @Test func clientSecretBasicFormEncodesIdAndSecretBeforeBase64() throws {
        // AppAuth's vector (reference §1.4 K9).
        let request = try FlowEngine(provider: provider).tokenRequest(
            .clientCredentials(), client: ClientCredentials(id: "client", secret: "t _9V-F*I+Z1Lk.u7:2/8L+w=")
        )
        let expected = Data("client:t+_9V-F*I%2BZ1Lk.u7%3A2%2F8L%2Bw%3D".utf8).base64EncodedString()
        #expect(request.headers["Authorization"] == "Basic " + expected)
        #expect(request.body == Data("grant_type=client_credentials".utf8))
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.method == "POST")
    }

    @Test func postNoneAndOverride() throws {
        let client = ClientCredentials(id: "c1", secret: "s1")
        let posting = FlowEngine(provider: provider.addingFixes([Fix(id: "example.post", ClientAuthenticationStyle(method: .post))]))
        let post = try posting.tokenRequest(.password(username: "u", password: "p w", scopes: ["a", "b"]), client: client)
        #expect(post.headers["Authorization"] == nil)
        #expect(String(decoding: post.body!, as: UTF8.self) == "grant_type=password&username=u&password=p+w&scope=a+b&client_id=c1&client_secret=s1")
        let overridden = try posting.tokenRequest(.clientCredentials(), client: client, authentication: .basic)
        #expect(overridden.headers["Authorization"] != nil)
        let publicClient = try FlowEngine(provider: provider).tokenRequest(.authorizationCode("x", redirectURI: "https://app.example/cb", codeVerifier: "v"), client: ClientCredentials(id: "pub"))
        #expect(publicClient.headers["Authorization"] == nil)
        #expect(String(decoding: publicClient.body!, as: UTF8.self) == "grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code_verifier=v&client_id=pub")
    }

    @Test func refreshGoesToTheRefreshEndpointThroughTheRefreshHookPoint() throws {
        let request = try FlowEngine(provider: provider).tokenRequest(.refreshToken("r1"), client: ClientCredentials(id: "c", secret: "s"))
        #expect(request.url.absoluteString == "https://as.example/refresh")
        #expect(TokenGrant.refreshToken("r1").requestHookPoint == .refreshRequest)
        #expect(TokenGrant.deviceCode("d").type == "urn:ietf:params:oauth:grant-type:device_code")
    }

    @Test func authorizationRequestCarriesStatePKCEAndKeepsTheEndpointQuery() throws {
        let pkce = try PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        let request = try FlowEngine(provider: provider).authorizationRequest(
            clientID: "s6BhdRkqt3", redirectURI: "https://client.example.com/cb", state: "xyz", pkce: pkce, additionalParameters: ["nonce": "n-0S6_WzA2Mj"]
        )
        #expect(request.url.absoluteString == "https://as.example/authorize?prompt=login&response_type=code&client_id=s6BhdRkqt3&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb&scope=read&state=xyz&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&nonce=n-0S6_WzA2Mj")
    }

    @Test func tokenPlacements() throws {
        let token = Token(accessToken: "mF_9.B5f-4.1JqM")
        let get = HTTPRequest(url: URL(string: "https://api.example/me?x=1")!)
        let header = try FlowEngine(provider: provider).protectedRequest(get, token: token)
        #expect(header.headers["Authorization"] == "Bearer mF_9.B5f-4.1JqM")
        let query = try FlowEngine(provider: provider.addingFixes([Fix(id: "example.q", TokenInQuery(parameter: "oauth_token"))])).protectedRequest(get, token: token)
        #expect(query.url.absoluteString == "https://api.example/me?x=1&oauth_token=mF_9.B5f-4.1JqM")
        #expect(query.headers["Authorization"] == nil)
        #expect(query.headers["Cache-Control"] == "no-store")
        let queryEngine = FlowEngine(provider: provider.addingFixes([Fix(id: "example.q", TokenInQuery())]))
        let replaced = try queryEngine.protectedRequest(HTTPRequest(url: URL(string: "https://api.example/me?access_token=stale&a=1#top")!), token: token)
        #expect(replaced.url.absoluteString == "https://api.example/me?access_token=mF_9.B5f-4.1JqM&a=1#top")
        let bare = try queryEngine.protectedRequest(HTTPRequest(url: URL(string: "https://api.example/me#top")!), token: Token(accessToken: "a+b/c"))
        #expect(bare.url.absoluteString == "https://api.example/me?access_token=a%2Bb%2Fc#top")
        let kept = try queryEngine.protectedRequest(HTTPRequest(url: URL(string: "https://api.example/me?fields=id,name&x_access_token=1")!), token: token)
        #expect(kept.url.absoluteString == "https://api.example/me?fields=id,name&x_access_token=1&access_token=mF_9.B5f-4.1JqM")
        let scheme = try FlowEngine(provider: provider.addingFixes([Fix(id: "example.s", AuthorizationScheme("OAuth"))])).protectedRequest(get, token: token)
        #expect(scheme.headers["Authorization"] == "OAuth mF_9.B5f-4.1JqM")
        let custom = try FlowEngine(provider: provider.addingFixes([Fix(id: "example.h", TokenInHeader(name: "X-Shopify-Access-Token"))])).protectedRequest(get, token: token)
        #expect(custom.headers["X-Shopify-Access-Token"] == "mF_9.B5f-4.1JqM")
        #expect(custom.headers["Authorization"] == nil)
    }

    @Test func missingEndpointsAndPlaceholdersAreTypedErrors() throws {
        let bare = FlowEngine(provider: Provider(name: "bare", displayName: "Bare", endpoints: Endpoints()))
        #expect(throws: FlowError.missingEndpoint("token endpoint", provider: "bare")) {
            try bare.tokenRequest(.clientCredentials(), client: ClientCredentials(id: "c"))
        }
        let templated = Provider(name: "shop", displayName: "Shop", endpoints: Endpoints(token: "https://{shop}.example.com/token"))
        #expect(throws: FlowError.endpoint(.missingValue(placeholder: "shop", endpoint: "https://{shop}.example.com/token"))) {
            try FlowEngine(provider: templated).tokenRequest(.clientCredentials(), client: ClientCredentials(id: "c"))
        }
        let resolved = try FlowEngine(provider: templated, endpointValues: ["shop": "acme"]).tokenRequest(.clientCredentials(), client: ClientCredentials(id: "c"))
        #expect(resolved.url.absoluteString == "https://acme.example.com/token")
    }

    @Test func refreshResponsesKeepTheOldRefreshTokenAccessResponsesDoNot() throws {
        let engine = FlowEngine(provider: provider)
        let response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"access_token":"new","token_type":"Bearer"}"#.utf8))
        let previous = Token(accessToken: "old", refreshToken: "r1")
        #expect(try engine.token(from: response, for: .refreshToken("r1"), previous: previous).refreshToken == "r1")
        #expect(try engine.token(from: response, for: .clientCredentials(), previous: previous).refreshToken == nil)
    }
}
