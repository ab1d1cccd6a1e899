import Foundation
import OAuth
import Testing

/// Providers defined in JSON, naming building blocks by kind.
@Suite struct ProviderJSONTests {
    let acme = """
        {
          "name": "acme",
          "displayName": "Acme",
          "endpoints": {"authorization": "https://acme.example/authorize", "token": "https://acme.example/token", "resourceOrigins": ["https://api.acme.example"]},
          "pkce": "s256-required",
          "defaultScopes": ["read"],
          "fixes": [
            {"kind": "form-encoded-body", "id": "acme.form-body"},
            {"kind": "token-in-query", "parameter": "oauth_token"},
            {"kind": "extra-parameters", "parameters": {"b": "2", "a": "1"}},
            {"use": "weibo.missing-token-type"}
          ],
          "documentation": "https://acme.example/docs"
        }
        """

    let registry = try! ProviderRegistry([
        Provider(name: "weibo", displayName: "Weibo", endpoints: Endpoints(), fixes: [Fix(id: "weibo.missing-token-type", DefaultTokenType())]),
    ])

    @Test func loadsKindsParametersAndReusedFixes() throws {
        let provider = try Provider.decode(from: Data(acme.utf8), registry: registry)
        #expect(provider.name == "acme")
        #expect(provider.pkce == .s256Required)
        #expect(provider.fixes.map(\.id) == ["acme.form-body", "acme.token-in-query", "acme.extra-parameters", "weibo.missing-token-type"])
        #expect(provider.tokenPlacement == .query("oauth_token"))
        #expect(provider.documentation == URL(string: "https://acme.example/docs"))
        let request = try FlowEngine(provider: provider).authorizationRequest(clientID: "c", redirectURI: nil, state: nil, pkce: nil)
        #expect(request.url.absoluteString == "https://acme.example/authorize?response_type=code&client_id=c&scope=read&b=2&a=1")
    }

    @Test func writesBackWhatItRead() throws {
        let provider = try Provider.decode(from: Data(acme.utf8), registry: registry)
        let again = try Provider.decode(from: try provider.jsonData(), registry: registry)
        #expect(try JSONEncoder().encode(provider).count > 0)
        #expect(again.fixes.map(\.id) == provider.fixes.map(\.id))
        #expect(again.endpoints == provider.endpoints)
    }

    @Test(arguments: [
        (#"{"name":"x","fixes":[{"kind":"form-encoded-bdy"}]}"#, #"provider definition at fixes.0: fix kind "form-encoded-bdy": expected a building block such as "form-encoded-body", got an unknown kind"#),
        (#"{"name":"x","fixes":[{"kind":"token-in-query","paramter":"t"}]}"#, #"provider definition at fixes.0: fix kind token-in-query: expected parameters among parameter, got "paramter""#),
        (#"{"name":"x","fixes":[{"kind":"scope-separator","separator":1}]}"#, #"provider definition at fixes.0: fix kind scope-separator, parameter "separator": expected a string, got an integer"#),
        (#"{"name":"x","fixes":[{"use":"weibo.nope"}]}"#, #"provider definition at fixes.0: unknown fix "weibo.nope"; did you mean "weibo.missing-token-type"?"#),
        (#"{"name":"x","pkce":"always"}"#, #"provider definition at pkce: expected a PKCE policy (s256, s256-required, plain-only, unsupported), got "always""#),
        (#"{"displayName":"x"}"#, "provider definition at name: expected a string, got no member"),
        (#"{"name":"x","endpoint":{}}"#, #"provider definition at endpoint: expected members among defaultScopes, displayName, documentation, endpoints, fixes, issuer, issuerInAuthorizationResponse, name, optionalFixes, pkce, summary, version, got "endpoint""#),
        ("[1]", "provider definition: expected a JSON object, got an array"),
        (#"{"name":"x","fixes":[{"kind":"extra-headers","headers":{"A":"b"},"on":["access-token-response"]}]}"#,
         #"provider definition at fixes.0: fix kind extra-headers, parameter "on": expected hook points among request-token-request, access-token-request, refresh-request, protected-request, device-authorization-request, revocation-request, introspection-request, got "access-token-response""#),
    ])
    func errorsSayWhereAndWhat(json: String, message: String) {
        do {
            _ = try Provider.decode(from: Data(json.utf8), registry: registry)
            Issue.record("expected an error for \(json)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aFixWrittenInSwiftCannotBeWrittenAsJSON() {
        let provider = Provider(name: "x", displayName: "X", endpoints: Endpoints(), fixes: [Fix(id: "x.code", summary: "code", stages: [])])
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(provider) }
        #expect(throws: FixDefinitionError.notABuildingBlock("x.code")) { try provider.jsonData() }
    }
}
