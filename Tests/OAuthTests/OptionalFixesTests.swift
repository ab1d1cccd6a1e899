import Foundation
import OAuth
import OAuthTesting
import Testing

/// A provider's optional fixes stay off until a client enables them by id; recordings name the
/// ones they run with, and the proof holds them to the same checks.
@Suite struct OptionalFixesTests {
    let signature = Fix(id: "acme.signature", summary: "adds X-Signature", stages: [
        .requests(at: [.protectedRequest]) { request, context in request.headers["X-Signature"] = "sig-" + (context.token?.accessToken ?? "") },
    ])
    var provider: Provider {
        Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(resourceOrigins: ["https://api.acme.example"]), optionalFixes: [signature])
    }

    @Test func offUntilEnabledByID() throws {
        let request = HTTPRequest(url: URL(string: "https://api.acme.example/me")!)
        let token = Token(accessToken: "t")
        #expect(try FlowEngine(provider: provider).protectedRequest(request, token: token).headers["X-Signature"] == nil)
        let enabled = try provider.enablingFixes(["acme.signature"])
        #expect(enabled.fixes.map(\.id) == ["acme.signature"])
        #expect(enabled.optionalFixes.isEmpty)
        #expect(try FlowEngine(provider: enabled).protectedRequest(request, token: token).headers["X-Signature"] == "sig-t")
        #expect(throws: ProviderRegistryError.unknownFix("acme.signatur", nearMatches: ["acme.signature"])) { try provider.enablingFixes(["acme.signatur"]) }
        #expect(provider.strictCore.optionalFixes.isEmpty)
    }

    @Test func theRegistryKnowsThemAndRefusesDuplicates() throws {
        let registry = try ProviderRegistry([provider])
        #expect(try registry.fix("acme.signature").id == "acme.signature")
        #expect(throws: ProviderRegistryError.duplicateFix("acme.signature", provider: "twice")) {
            try ProviderRegistry([Provider(name: "twice", displayName: "Twice", endpoints: Endpoints(), fixes: [signature], optionalFixes: [signature])])
        }
    }

    @Test func theyRoundTripThroughJSON() throws {
        let json = #"{"name":"acme","optionalFixes":[{"kind":"extra-headers","id":"acme.api-key","headers":{"X-Key":"{client_id}"},"on":["protected-request"]}]}"#
        let decoded = try Provider.decode(from: Data(json.utf8))
        #expect(decoded.fixes.isEmpty)
        #expect(decoded.optionalFixes.map(\.id) == ["acme.api-key"])
        let again = try Provider.decode(from: try decoded.jsonData())
        #expect(again.optionalFixes.map(\.id) == ["acme.api-key"])
    }

    @Test func recordingsEnableThemAndTheProofChecksThem() throws {
        let json = """
            {"title": "signed", "source": "a test of optional fixes", "hookPoint": "protected-request", "enable": ["acme.signature"],
             "request": {"url": "https://api.acme.example/me"}, "token": {"access_token": "t"},
             "expect": {"request": {"method": "GET", "url": "https://api.acme.example/me",
                                    "headers": {"Authorization": "Bearer t", "X-Signature": "sig-t"}}}}
            """
        let recording = try Recording.decode(Data(json.utf8))
        #expect(recording.enable == ["acme.signature"])
        #expect(ProviderProof(provider: provider, recordings: [recording]).problems.isEmpty)
        var unused = provider
        unused.optionalFixes.append(Fix(id: "acme.unused", summary: "needed by nothing", stages: [.tokenResponse { _ in }]))
        #expect(ProviderProof(provider: unused, recordings: [recording]).problems.map(\.message) == [
            "fix acme.unused is not proven: no recording changes when it is removed; add a recording of the quirk it fixes, or remove the fix",
        ])
    }
}
