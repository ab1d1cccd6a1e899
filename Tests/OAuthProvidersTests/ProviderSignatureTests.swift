import Foundation
import OAuth
import OAuthProviders
import Testing

/// The request signatures of Facebook (`appsecret_proof`, optional), OK.ru and Mail.ru (`sig`)
/// are proven by their recordings; here, what the recordings cannot show: the optional one is
/// off until enabled, and a client without a secret gets a typed error, not an unsigned call.
@Suite struct ProviderSignatureTests {
    @Test func facebooksProofIsOffUntilEnabled() throws {
        let facebook = try ProviderRegistry.builtIn.provider(named: "facebook")
        let request = HTTPRequest(url: URL(string: "https://graph.facebook.com/v19.0/me")!)
        let client = ClientCredentials(id: "1234567890", secret: "app-secret-value")
        let plain = try FlowEngine(provider: facebook).protectedRequest(request, token: Token(accessToken: "t"), client: client)
        #expect(try plain.queryParameters["appsecret_proof"] == nil)
        let signed = try FlowEngine(provider: facebook.enablingFixes(["facebook.appsecret-proof"])).protectedRequest(request, token: Token(accessToken: "t"), client: client)
        #expect(try signed.queryParameters["appsecret_proof"]?.count == 64)
    }

    /// OK.ru keeps the session secret of the last token: a call with another token, then with
    /// the first again, is signed with each token's own, as OK.ru computes it.
    @Test func okRuSignsEachTokenWithItsOwnSessionSecret() throws {
        let engine = FlowEngine(provider: try ProviderRegistry.builtIn.provider(named: "odnoklassniki"), endpointValues: ["application_key": "K"])
        let request = HTTPRequest(url: URL(string: "https://api.ok.ru/fb.do?method=users.getCurrentUser")!)
        for (token, secret) in [("first", "s1"), ("second", "s1"), ("first", "s1"), ("first", "s2")] {
            let client = ClientCredentials(id: "c", secret: secret)
            let signed = try engine.protectedRequest(request, token: Token(accessToken: token), client: client)
            let session = Hex.lowercase(MD5.hash(Array((token + secret).utf8)))
            let expected = Hex.lowercase(MD5.hash(Array(("application_key=Kmethod=users.getCurrentUser" + session).utf8)))
            #expect(try signed.queryParameters["sig"] == expected, "token \(token), secret \(secret)")
        }
    }

    @Test(arguments: [("odnoklassniki", ["application_key": "K"]), ("mailru", [:])])
    func aSignatureNeedsTheSecret(name: String, values: [String: String]) throws {
        let engine = FlowEngine(provider: try ProviderRegistry.builtIn.provider(named: name), endpointValues: values)
        #expect(throws: FixError.self) {
            try engine.protectedRequest(HTTPRequest(url: URL(string: "https://api.example/fb.do?method=users.getCurrentUser")!), token: Token(accessToken: "t"), client: ClientCredentials(id: "c"))
        }
    }
}
