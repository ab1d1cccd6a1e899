import Foundation
import OAuth
import Testing

/// `request-signature` against independent values: Facebook's `appsecret_proof` is
/// HMAC-SHA256 (RFC 4231 test case 2 gives the expected hex), Mail.ru's `sig` is MD5 of the
/// sorted parameters and the secret (the expected hex computed with Python's hashlib over the
/// parameters social-core's Mail.ru backend sends).
@Suite struct RequestSignatureTests {
    func signed(_ block: RequestSignature, url: String, token: String, secret: String?, clientID: String = "423004",
                placement: Fix? = nil, extra: Fix? = nil) throws -> HTTPRequest {
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(resourceOrigins: ["https://api.example.com"]),
                                fixes: [placement, extra, Fix(id: "acme.signature", block)].compactMap { $0 })
        return try FlowEngine(provider: provider).protectedRequest(
            HTTPRequest(url: URL(string: url)!), token: Token(accessToken: token), client: ClientCredentials(id: clientID, secret: secret))
    }

    @Test func appsecretProofIsHMACSHA256OfTheTokenKeyedWithTheSecret() throws {
        // RFC 4231's message holds spaces, which a Bearer header cannot carry: the token goes in the query.
        let request = try signed(RequestSignature().with(\.parameter, "appsecret_proof"), url: "https://api.example.com/me?fields=id",
                                 token: "what do ya want for nothing?", secret: "Jefe", placement: Fix(id: "acme.query", TokenInQuery()))
        #expect(try request.queryParameters["appsecret_proof"] == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(try request.queryParameters["fields"] == "id")
        #expect(try request.queryParameters["access_token"] == "what do ya want for nothing?")
    }

    @Test func md5OfTheSortedParametersAndTheSecret() throws {
        let block = RequestSignature(parameter: "sig", algorithm: .md5, message: [.sortedParameters, .clientSecret])
        let request = try signed(
            block, url: "https://api.example.com/platform/api?method=users.getInfo", token: "be6ef89965d58e56dec21acb9b62bdaa",
            secret: "client-secret-value", placement: Fix(id: "acme.session-key", TokenInQuery(parameter: "session_key")),
            extra: Fix(id: "acme.app-id", ExtraParameters(["app_id": "{client_id}", "secure": "1"], on: [.protectedRequest])))
        let query = try request.queryParameters
        #expect(query["sig"] == "fdf75d319f1dcb22610d0955ddc6b811")
        #expect(query.map(\.name) == ["method", "session_key", "app_id", "secure", "sig"])
    }

    @Test func unsignedParametersAreLeftOutAndAFormBodyIsSigned() throws {
        let block = RequestSignature(parameter: "sig", algorithm: .md5, message: [.sortedParameters]).with(\.unsignedParameters, ["access_token"])
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(resourceOrigins: ["https://api.example.com"]),
                                fixes: [Fix(id: "acme.query", TokenInQuery()), Fix(id: "acme.signature", block)])
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/fb.do?b=2")!)
        request.setFormParameters(["a": "1"])
        let signed = try FlowEngine(provider: provider).protectedRequest(request, token: Token(accessToken: "t"), client: ClientCredentials(id: "c"))
        // md5("a=1b=2"), by Python's hashlib
        #expect(try signed.queryParameters["sig"] == "e518e550cbba00b4e45ef09e902bed07")
    }

    @Test func aClientWithoutASecretGetsATypedErrorNotAnUnsignedCall() {
        do {
            _ = try signed(RequestSignature().with(\.parameter, "appsecret_proof"), url: "https://api.example.com/me", token: "t", secret: nil)
            Issue.record("a request was signed without a secret")
        } catch let error as FixError {
            #expect(error.underlying as? RequestSignatureError == .missingClientSecret(parameter: "appsecret_proof"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func parametersAreChecked() {
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: [:]) }
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: ["parameter": "sig", "algorithm": "md5", "key": "client_secret"]) }
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: ["parameter": "sig", "algorithm": "sha3"]) }
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: ["parameter": ""]) }
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: ["parameter": "sig", "message": []]) }
        #expect(throws: FixDefinitionError.self) { try RequestSignature(parameters: ["parameter": "sig", "message": ["token"]]) }
    }

    @Test func writesItselfAsJSONAndReadsBack() throws {
        let fix = Fix(id: "acme.sig", RequestSignature(parameter: "sig", algorithm: .md5, message: [.sortedParameters, .clientSecret]))
        let object = try FixCatalog.jsonObject(for: fix)
        #expect(object["algorithm"] == "md5")
        #expect(object["key"] == nil)
        let again = try FixCatalog.builtIn.fix(from: object, provider: "acme")
        #expect(try FixCatalog.jsonObject(for: again) == object)
        #expect(again.summary == "Adds sig = md5(sorted-parameters + client_secret), in hex, to every protected request.")
    }

    @Test func theSignatureCanGoInAHeader() throws {
        let block = RequestSignature().with(\.parameter, "X-Proof").with(\.asHeader, true)
        let request = try signed(block, url: "https://api.example.com/me", token: "what do ya want for nothing?", secret: "Jefe",
                                 placement: Fix(id: "acme.header", TokenInHeader(name: "X-Token")))
        #expect(request.headers["X-Proof"] == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(try request.queryParameters.isEmpty)
    }
}
