import Foundation
import OAuth
import OAuthTesting
import Testing

/// Fixes at the authorization-response hook point see the checked callback: they keep values
/// with the token or refuse the callback; a recording proves them like any other fix.
@Suite struct AuthorizationResponseFixesTests {
    let pending = PendingAuthorization(state: "xyz", codeVerifier: nil, redirectURI: "https://app.example.com/cb", createdAt: Date())
    let provider = Provider(name: "books", displayName: "Books", endpoints: Endpoints(
        authorization: "https://books.example/authorize", token: "https://books.example/token", resourceOrigins: ["https://api.books.example"]
    ), fixes: [Fix(id: "books.realm-id", KeepCallbackValues(names: ["realmId"]))])

    @Test func aKeptValueTravelsWithTheToken() async throws {
        let transport = ReplayTransport { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"access_token":"t","token_type":"bearer"}"#.utf8))
        }
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: "s"), transport: transport)
        let (_, pending) = try client.startAuthorization(redirectURI: "https://app.example.com/cb")
        let token = try await client.exchange(callback: "https://app.example.com/cb?code=c1&state=\(pending.state)&realmId=4620816365", pending: pending)
        #expect(token.extras["realmId"] == "4620816365")
        #expect(try await client.currentToken()?.extras["realmId"] == "4620816365")
        #expect(try transport.requests.first?.formParameters["code"] == "c1")
    }

    @Test func theStrictCoreKeepsNothingAndAFixCanRefuse() throws {
        let callback = "https://app.example.com/cb?code=c1&state=xyz&realmId=42"
        #expect(try FlowEngine(provider: provider.strictCore).authorizationResponse(from: callback, pending: pending, client: ClientCredentials(id: "app")).kept == [:])
        let refusing = Provider(name: "shop", displayName: "Shop", endpoints: Endpoints(), fixes: [
            Fix(id: "shop.signed-callback", summary: "refuses a callback without a signature", stages: [
                .authorizationResponse { response, context in
                    guard response.parameters["hmac"] == context.client.secret else { throw AuthorizationCallbackError.malformed("the callback's hmac does not verify") }
                },
            ]),
        ])
        let engine = FlowEngine(provider: refusing)
        #expect(throws: FixError.self) { try engine.authorizationResponse(from: callback, pending: pending, client: ClientCredentials(id: "app", secret: "k")) }
        #expect(try engine.authorizationResponse(from: callback + "&hmac=k", pending: pending, client: ClientCredentials(id: "app", secret: "k")).code == "c1")
        // The callback is checked before any fix sees it.
        #expect(throws: AuthorizationCallbackError.stateMismatch) {
            try engine.authorizationResponse(from: "https://app.example.com/cb?code=c1&state=other&hmac=k", pending: pending, client: ClientCredentials(id: "app", secret: "k"))
        }
    }

    @Test func aRecordingProvesTheFix() throws {
        let json = """
            {"title": "realmId on the callback", "source": "Intuit's OAuth 2.0 docs: the redirect carries code, state and realmId",
             "hookPoint": "authorization-response", "callback": "https://app.example.com/cb?code=c1&state=xyz&realmId=42",
             "pending": {"state": "xyz", "redirectURI": "https://app.example.com/cb"}, "clientID": "app",
             "expect": {"authorizationResponse": {"code": "c1", "kept": {"realmId": "42"}}}}
            """
        let recording = try Recording.decode(Data(json.utf8))
        #expect(ProviderProof(provider: provider, recordings: [recording]).problems.isEmpty)
        #expect(recording.replay(with: provider.strictCore) == .authorizationResponse(code: "c1", kept: [:]))
        #expect(!ProviderProof(provider: provider.strictCore, recordings: [recording]).problems.isEmpty)
    }

    @Test func reservedNamesCannotBeKept() {
        #expect(throws: FixDefinitionError.self) { try KeepCallbackValues(parameters: ["names": ["code"]]) }
    }
}
