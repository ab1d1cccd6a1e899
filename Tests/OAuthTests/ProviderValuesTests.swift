import Foundation
import OAuth
import OAuthTesting
import Testing

/// The values a client gives for a provider's placeholders reach its endpoints, its fixes'
/// headers and parameters, its resource origins and its issuer; a missing or malformed value
/// is a typed error.
@Suite struct ProviderValuesTests {
    let client = ClientCredentials(id: "app", secret: "app-secret")

    @Test func templatesFillTheClientsValuesSecretAndState() throws {
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(token: "https://{host}/token"), fixes: [
            Fix(id: "acme.user-agent", ExtraHeaders(["User-Agent": "{user_agent}", "X-Key": "{client_id}:{client_secret}"])),
            Fix(id: "acme.state", ExtraParameters(["state": "{state}"], on: [.accessTokenRequest])),
        ])
        let engine = FlowEngine(provider: provider, endpointValues: ["host": "as.acme.example", "user_agent": "acme-app/1.0 by someone"])
        let request = try engine.tokenRequest(.authorizationCode("c", redirectURI: nil, codeVerifier: nil, state: "s-1"), client: client)
        #expect(request.url.absoluteString == "https://as.acme.example/token")
        #expect(request.headers["User-Agent"] == "acme-app/1.0 by someone")
        #expect(request.headers["X-Key"] == "app:app-secret")
        #expect(try request.formParameters["state"] == "s-1")

        let noValues = FlowEngine(provider: provider, endpointValues: ["host": "as.acme.example"])
        #expect {
            try noValues.tokenRequest(.authorizationCode("c", redirectURI: nil, codeVerifier: nil, state: "s"), client: client)
        } throws: { error in
            (error as? FixError)?.underlying as? FixTemplateError == .missingValue("user_agent", hookPoint: .accessTokenRequest)
                && "\(error)".contains("{user_agent}")
        }
        #expect {
            try engine.tokenRequest(.authorizationCode("c", redirectURI: nil, codeVerifier: nil), client: client)
        } throws: { error in
            (error as? FixError)?.underlying as? FixTemplateError == .missingValue("state", hookPoint: .accessTokenRequest)
        }
        #expect {
            try engine.tokenRequest(.authorizationCode("c", redirectURI: nil, codeVerifier: nil, state: "s"), client: ClientCredentials(id: "public"))
        } throws: { error in
            (error as? FixError)?.underlying as? FixTemplateError == .missingValue("client_secret", hookPoint: .accessTokenRequest)
        }
    }

    @Test func aBraceThatIsNotAPlaceholderStaysText() throws {
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(token: "https://as.example/token"), fixes: [
            Fix(id: "acme.json-header", ExtraHeaders(["X-Meta": "{\"v\": 1} {not a name} {"])),
        ])
        let request = try FlowEngine(provider: provider).tokenRequest(.clientCredentials(), client: client)
        #expect(request.headers["X-Meta"] == "{\"v\": 1} {not a name} {")
    }

    @Test func valuesThatWouldReshapeTheURLAreRefused() throws {
        let endpoint = Endpoint("https://{domain}/oauth/token")
        #expect(throws: EndpointError.invalidValue(placeholder: "domain", value: "evil.example/x?")) { try endpoint.url(["domain": "evil.example/x?"]) }
        #expect(throws: EndpointError.invalidValue(placeholder: "domain", value: "")) { try endpoint.url(["domain": ""]) }
        #expect(throws: EndpointError.missingValue(placeholder: "domain", endpoint: endpoint.template)) { try endpoint.url([:]) }
        #expect(try endpoint.url(["domain": "acme.okta.com:8443"]).absoluteString == "https://acme.okta.com:8443/oauth/token")
    }

    @Test func resourceOriginsFillFromValuesAndFromTheToken() async throws {
        let transport = ReplayTransport { request in HTTPResponse(status: 200, body: Data(request.url.host!.utf8)) }
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(
            token: "https://{domain}/token", resourceOrigins: ["https://{domain}", "{instance_url}", "{missing}"]
        ))
        let token = Token(accessToken: "t", extras: ["instance_url": "https://na1.acme.example", "bad_url": "http://plain.example"])
        let oauth = OAuthClient(provider: provider, credentials: client, transport: transport, store: InMemoryTokenStore(token), endpointValues: ["domain": "acme.example"])
        #expect(oauth.allowedOrigins(for: token) == ["https://acme.example", "https://na1.acme.example"])
        #expect(oauth.allowedOrigins(for: nil) == ["https://acme.example"])
        let response = try await oauth.send(HTTPRequest(url: URL(string: "https://na1.acme.example/services/data")!))
        #expect(String(decoding: response.body, as: UTF8.self) == "na1.acme.example")
        await #expect(throws: OAuthClientError.originNotAllowed("https://elsewhere.example")) {
            try await oauth.send(HTTPRequest(url: URL(string: "https://elsewhere.example/")!))
        }
        let plain = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(resourceOrigins: ["{bad_url}"]))
        #expect(OAuthClient(provider: plain, credentials: client).allowedOrigins(for: token).isEmpty)
        // As everywhere else, plain http is for the loopback interface only.
        let local = Token(accessToken: "t", extras: ["bad_url": "http://127.0.0.1:8400/services", "instance_url": "ftp://na1.acme.example"])
        #expect(OAuthClient(provider: plain, credentials: client).allowedOrigins(for: local) == ["http://127.0.0.1:8400"])
        let salesforceLike = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(resourceOrigins: ["{instance_url}"]))
        #expect(OAuthClient(provider: salesforceLike, credentials: client).allowedOrigins(for: local).isEmpty)
    }

    @Test func theIssuerIsFilledFromTheValues() throws {
        let provider = Provider(
            name: "acme", displayName: "Acme", endpoints: Endpoints(authorization: "https://login.acme.example/authorize", token: "https://login.acme.example/token"),
            issuer: "https://{domain}/", issuerInAuthorizationResponse: true
        )
        let oauth = OAuthClient(provider: provider, credentials: client, endpointValues: ["domain": "acme.example"])
        let (_, pending) = try oauth.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        #expect(pending.issuer == "https://acme.example/")
        #expect(throws: FlowError.endpoint(.missingValue(placeholder: "domain", endpoint: "https://{domain}/"))) {
            try OAuthClient(provider: provider, credentials: client, endpointValues: [:]).startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        }
        // A provider that does not promise iss: without the values, the issuer is unknown, not an error.
        var quiet = provider
        quiet.issuerInAuthorizationResponse = false
        let (_, unknown) = try OAuthClient(provider: quiet, credentials: client, endpointValues: [:]).startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        #expect(unknown.issuer == nil)
        #expect(throws: FlowError.endpoint(.invalidValue(placeholder: "domain", value: "a/b"))) {
            try OAuthClient(provider: quiet, credentials: client, endpointValues: ["domain": "a/b"]).startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        }
    }

    /// The values a client must be given are read from the provider's data: endpoints, resource
    /// origins, issuer, and the string parameters of its fixes (optional ones included); what a
    /// flow fills itself is not asked for, and a name comes once.
    @Test func placeholdersAreFoundInEndpointsIssuerAndFixParameters() throws {
        let provider = Provider(
            name: "acme", displayName: "Acme",
            endpoints: Endpoints(token: "https://{host}/token", resourceOrigins: ["https://{region}.api.acme.example", "{instance_url}"]),
            fixes: [
                Fix(id: "acme.agent", ExtraHeaders(["User-Agent": "{user_agent}", "X-Key": "{client_id}:{client_secret}", "X-Host": "{host}"])),
                Fix(id: "acme.state", ExtraParameters(["state": "{state}", "tenant": "t-{tenant}"], on: [.accessTokenRequest])),
                Fix(id: "acme.by-hand", summary: "No block, so no parameters to read.", stages: []),
            ],
            optionalFixes: [Fix(id: "acme.proof", ExtraHeaders(["X-Proof": "{proof_key}"]))],
            issuer: "https://{host}/{realm}"
        )
        #expect(provider.placeholders == ["host", "region", "realm", "user_agent", "tenant", "proof_key"])
        #expect(provider.strictCore.placeholders == ["host", "region", "realm"])
        #expect(try ProviderRegistry.builtIn.provider(named: "harvest").placeholders == ["account_id", "user_agent"])
        #expect(try ProviderRegistry.builtIn.provider(named: "shopify").placeholders == ["shop"])
        #expect(try ProviderRegistry.builtIn.provider(named: "github").placeholders.isEmpty)
    }
}
