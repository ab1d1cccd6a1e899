import Foundation
import OAuth
import OAuthProviders
import Testing

/// The request signatures of Facebook (`appsecret_proof`), OK.ru and Mail.ru (`sig`), each on
/// its built-in provider with the signing fix added, against digests computed independently
/// with Python's `hmac` and `hashlib`. Protected-request recordings cannot carry the client
/// secret yet, so the same requests wait in `Recordings/*.json.pending`; these tests read
/// the expected URLs from those files.
@Suite struct ProviderSignatureTests {
    func pending(_ folder: String) throws -> (url: String, expected: String, token: String, values: [String: String]) {
        let file = try #require(BuiltInProviders.folder(named: folder)?.location).appending("/Recordings/")
        let name = folder == "facebook" ? "appsecret-proof.json.pending" : "api-call-signed.json.pending"
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent(file + name))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let request = try #require(object["request"] as? [String: Any])
        let expect = try #require((object["expect"] as? [String: Any])?["request"] as? [String: Any])
        let token = try #require((object["token"] as? [String: Any])?["access_token"] as? String)
        return (try #require(request["url"] as? String), try #require(expect["url"] as? String), token,
                object["endpointValues"] as? [String: String] ?? [:])
    }

    func signedURL(provider name: String, adding fix: [String: JSONValue], client: ClientCredentials) throws -> (String, String) {
        let base = try ProviderRegistry.builtIn.provider(named: name)
        let signature = try BuiltInProviders.catalog.fix(from: JSONObject(fix.map { JSONObject.Member(key: $0.key, value: $0.value) }), provider: name)
        let provider = base.withFixes(base.fixes + [signature])
        let recorded = try pending(name)
        let engine = FlowEngine(provider: provider, endpointValues: recorded.values)
        let request = try engine.protectedRequest(HTTPRequest(url: URL(string: recorded.url)!), token: Token(accessToken: recorded.token), client: client)
        return (request.url.absoluteString, recorded.expected)
    }

    @Test func facebookAppsecretProof() throws {
        let (url, expected) = try signedURL(provider: "facebook", adding: ["kind": "request-signature", "id": "facebook.appsecret-proof", "parameter": "appsecret_proof"],
                                            client: ClientCredentials(id: "1234567890", secret: "app-secret-value"))
        #expect(url == expected)
    }

    @Test func odnoklassnikiSig() throws {
        let (url, expected) = try signedURL(provider: "odnoklassniki", adding: ["kind": "odnoklassniki-signature", "id": "odnoklassniki.request-signature"],
                                            client: ClientCredentials(id: "1246165776", secret: "client-secret-value"))
        #expect(url == expected)
    }

    @Test func mailruSig() throws {
        let (url, expected) = try signedURL(
            provider: "mailru",
            adding: ["kind": "request-signature", "id": "mailru.request-signature", "parameter": "sig", "algorithm": "md5", "message": ["sorted-parameters", "client_secret"]],
            client: ClientCredentials(id: "J34ZMt9oJv3jnx4KuSf2E5RQTxKmNbR5", secret: "client-secret-value"))
        #expect(url == expected)
    }

    @Test func odnoklassnikiSigNeedsTheSecret() throws {
        let base = try ProviderRegistry.builtIn.provider(named: "odnoklassniki")
        let signature = try BuiltInProviders.catalog.fix(from: ["kind": "odnoklassniki-signature", "id": "odnoklassniki.request-signature"], provider: "odnoklassniki")
        let engine = FlowEngine(provider: base.withFixes(base.fixes + [signature]), endpointValues: ["application_key": "K"])
        #expect(throws: FixError.self) {
            try engine.protectedRequest(HTTPRequest(url: URL(string: "https://api.ok.ru/fb.do?method=users.getCurrentUser")!), token: Token(accessToken: "t"), client: ClientCredentials(id: "c"))
        }
    }
}
