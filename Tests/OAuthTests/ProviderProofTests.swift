import Foundation
import OAuth
import OAuthTesting
import Testing

/// The proof used for every provider can fail, and says why.
@Suite struct ProviderProofTests {
    let endpoints = Endpoints(token: "https://acme.example/token", resourceOrigins: ["https://api.acme.example"])

    let formRecording = Recording(
        title: "form body", source: "test", hookPoint: .accessTokenResponse,
        input: .response(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("access_token=abc&expires=60".utf8)), previousToken: nil),
        expected: .token(["access_token": "abc", "token_type": "Bearer", "expires_in": 60])
    )

    var fixes: [Fix] {
        [
            Fix(id: "acme.form-body", FormEncodedBody(contentTypes: ["text/plain"])),
            Fix(id: "acme.expires", RenameMembers(["expires": "expires_in"])),
            Fix(id: "acme.token-type", DefaultTokenType()),
        ]
    }

    func problems(_ fixes: [Fix], _ recordings: [Recording]) -> [String] {
        ProviderProof(provider: Provider(name: "acme", displayName: "Acme", endpoints: endpoints, fixes: fixes), recordings: recordings).problems.map(\.message)
    }

    @Test func aProvenProviderHasNoProblems() {
        #expect(problems(fixes, [formRecording]) == [])
    }

    @Test func aMissingFixIsReported() {
        let found = problems(Array(fixes.dropLast()), [formRecording])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("form body: expected token") == true)
    }

    @Test func aFixNoRecordingNeedsIsReported() {
        #expect(problems(fixes + [Fix(id: "acme.scope-array", ScopeAsArray())], [formRecording]) == [
            "fix acme.scope-array is not proven: no recording changes when it is removed; add a recording of the quirk it fixes, or remove the fix",
        ])
    }

    @Test func aFixThatChangesCompliantResponsesIsReported() {
        let greedy = Fix(id: "acme.greedy", summary: "always adds a member", stages: [
            .tokenResponse { response in response.modifyJSONObject { $0["extra"] = "x" } },
        ])
        let found = problems(fixes + [greedy], [formRecording])
        #expect(found.contains { $0.hasPrefix("fix acme.greedy changes the compliant response \"RFC 6750 §4 example access token response\"") })
    }

    @Test func aRecordingTheCoreAlreadyReadsMustBeMarkedCompliant() {
        let compliant = Recording(
            title: "plain", source: "test", hookPoint: .accessTokenResponse,
            input: .response(GoldenResponses.all[0].response, previousToken: nil), expected: GoldenResponses.all[0].expected
        )
        #expect(problems(fixes, [formRecording, compliant]) == [
            "plain: the strict core alone already gives \(GoldenResponses.all[0].expected); mark the recording compliant or show the quirk",
        ])
        let marked = Recording(title: "plain", source: "test", hookPoint: .accessTokenResponse, compliant: true, input: compliant.input, expected: compliant.expected)
        #expect(problems(fixes, [formRecording, marked]) == [])
    }

    @Test func noRecordingsIsAProblem() {
        #expect(problems([], []) == ["has no recordings"])
    }
}
