import Foundation
import OAuth
import OAuthTesting
import Testing

/// `status-envelope`: a status member decides success, whatever the HTTP status says.
@Suite struct StatusEnvelopeTests {
    func run(_ block: StatusEnvelope, _ body: String, status: Int = 200, at hookPoint: HookPoint = .accessTokenResponse) throws -> TokenEndpointResponse {
        var draft = TokenEndpointResponse(HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
        try HookPipelines([Fix(id: "test.envelope", block)]).run(&draft, at: hookPoint)
        return draft
    }

    @Test func aSuccessStatusIsDroppedAndTheRestLeftAsItIs() throws {
        var draft = try run(StatusEnvelope(), #"{"status":0,"body":{"access_token":"a","token_type":"Bearer"}}"#)
        #expect(draft.status == 200)
        #expect(draft.jsonObject() == ["body": ["access_token": "a", "token_type": "Bearer"]])
    }

    @Test func anyOtherStatusIsAnErrorEvenWithHTTP200() throws {
        var draft = try run(StatusEnvelope(), #"{"status":503,"body":{},"error":"Invalid Params: invalid code"}"#)
        #expect(draft.status == 400)
        // The provider's own error text stays for error-shape to map; the status stays as a member.
        #expect(draft.jsonObject() == ["status": 503, "body": [:], "error": "Invalid Params: invalid code"])
    }

    @Test func aFailedStatusWithoutAnErrorGetsTheFallbackCode() throws {
        var draft = try run(StatusEnvelope(), #"{"status":601,"body":{}}"#)
        #expect(draft.status == 400)
        #expect(draft.jsonObject()?["error"] == "invalid_request")
        #expect(draft.jsonObject()?["status"] == 601)

        var custom = StatusEnvelope()
        custom.fallbackCode = "server_error"
        var other = try run(custom, #"{"status":2554,"error":{"text":"unknown action"}}"#)
        #expect(other.jsonObject()?["error"] == "server_error")
        #expect(other.jsonObject()?["provider_error"] == ["text": "unknown action"])
    }

    @Test func memberAndSuccessValuesAreParameters() throws {
        let block = StatusEnvelope(member: "result", success: ["ok", "1"])
        var ok = try run(block, #"{"result":"ok","access_token":"a","token_type":"Bearer"}"#)
        #expect(ok.jsonObject() == ["access_token": "a", "token_type": "Bearer"])
        var one = try run(block, #"{"result":1,"access_token":"a","token_type":"Bearer"}"#)
        #expect(one.jsonObject()?["result"] == nil)
        var failed = try run(block, #"{"result":"denied"}"#)
        #expect(failed.status == 400)
        #expect(failed.jsonObject()?["error"] == "invalid_request")
        // Literals compare as text: 0.0 is not "0".
        let zero = try run(StatusEnvelope(), #"{"status":0.0}"#)
        #expect(zero.status == 400)
    }

    @Test func bodiesWithoutANumberOrStringStatusAreLeftAlone() throws {
        for body in [#"{"access_token":"a","token_type":"Bearer"}"#, #"{"status":true,"access_token":"a"}"#, #"{"status":null}"#, #"[0]"#] {
            let draft = try run(StatusEnvelope(), body)
            #expect(draft.status == 200)
            #expect(draft.body == Data(body.utf8), "\(body)")
        }
    }

    @Test func transientAndClientStatusesAreKept() throws {
        #expect(try run(StatusEnvelope(), #"{"status":503}"#, status: 503).status == 503)
        #expect(try run(StatusEnvelope(), #"{"status":401,"error":"invalid_token"}"#, status: 401).status == 401)
    }

    @Test func itActsOnlyWhereItIsTold() throws {
        let body = #"{"status":503,"error":"x"}"#
        #expect(try run(StatusEnvelope(), body, at: .refreshResponse).status == 400)
        #expect(try run(StatusEnvelope(), body, at: .revocationResponse).status == 200)
        var revocation = StatusEnvelope()
        revocation.hookPoints = [.revocationResponse]
        #expect(try run(revocation, body, at: .revocationResponse).status == 400)
        #expect(try run(revocation, body, at: .accessTokenResponse).status == 200)
    }

    @Test func itComposesWithUnwrapAndErrorShape() throws {
        var errorShape = ErrorShape(codePath: nil, descriptionPath: ["error"])
        errorShape.codes = ["Invalid Params: invalid code": "invalid_grant"]
        let provider = Provider(
            name: "acme", displayName: "Acme", endpoints: Endpoints(token: "https://acme.example/token"),
            fixes: [
                Fix(id: "acme.envelope", StatusEnvelope()),
                Fix(id: "acme.token-under-body", UnwrapNestedToken(path: ["body"])),
                Fix(id: "acme.error-messages", errorShape),
            ]
        )
        let engine = FlowEngine(provider: provider)
        func response(_ body: String) -> HTTPResponse {
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        }
        let token = try engine.token(
            from: response(#"{"status":0,"body":{"userid":363,"access_token":"a075f8c1","refresh_token":"f631236f","expires_in":10800,"token_type":"Bearer"}}"#),
            at: .accessTokenResponse, issuedAt: Date(timeIntervalSince1970: 0)
        )
        #expect(token.accessToken == "a075f8c1")
        #expect(token.refreshToken == "f631236f")
        #expect(token.extras == ["userid": 363])

        let thrown = #expect(throws: TokenResponseError.self) {
            try engine.token(from: response(#"{"status":503,"body":{},"error":"Invalid Params: invalid code"}"#), at: .accessTokenResponse)
        }
        guard case .oauth(let error)? = thrown else {
            Issue.record("expected an OAuth error, got \(String(describing: thrown))")
            return
        }
        #expect(error.code == .invalidGrant)
        #expect(error.errorDescription == "Invalid Params: invalid code")
        #expect(error.status == 400)
        // Without the envelope the strict core refuses the body as an error sent with 200.
        let strict = FlowEngine(provider: provider.strictCore)
        #expect(throws: TokenResponseError.self) {
            try strict.token(from: response(#"{"status":0,"body":{"access_token":"a","token_type":"Bearer"}}"#), at: .accessTokenResponse)
        }
    }

    @Test func itReadsAndWritesItsJSON() throws {
        let fix = try FixCatalog.builtIn.fix(
            from: ["kind": "status-envelope", "id": "acme.envelope", "member": "code", "success": ["200"], "fallbackCode": "server_error"],
            provider: "acme"
        )
        let block = try #require(fix.block as? StatusEnvelope)
        #expect(block.member == "code")
        #expect(block.success == ["200"])
        #expect(block.fallbackCode == "server_error")
        #expect(try FixCatalog.jsonObject(for: fix)["member"] == "code")
        #expect(throws: FixDefinitionError.self) {
            try FixCatalog.builtIn.fix(from: ["kind": "status-envelope", "id": "acme.envelope", "success": []], provider: "acme")
        }
        #expect(throws: FixDefinitionError.self) {
            try FixCatalog.builtIn.fix(from: ["kind": "status-envelope", "id": "acme.envelope", "member": ""], provider: "acme")
        }
    }
}
