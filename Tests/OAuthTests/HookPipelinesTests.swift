import Foundation
import OAuth
import Testing

/// Hook points run fixes in order, response fixes reach refresh responses unless they say
/// otherwise, settings resolve last-wins, and failures name the fix.
@Suite struct HookPipelinesTests {
    struct Boom: Error {}

    func response(_ body: String, status: Int = 200) -> TokenEndpointResponse {
        TokenEndpointResponse(HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
    }

    func appending(_ id: FixID, _ marker: String, includingRefresh: Bool = true) -> Fix {
        Fix(id: id, summary: "appends \(marker)", stages: [
            .tokenResponse(includingRefresh: includingRefresh) { response in
                response.modifyJSONObject { object in
                    object["trail"] = .string((object["trail"]?.stringValue ?? "") + marker)
                }
            },
        ])
    }

    @Test func fixesRunInTheOrderGivenAndEachSeesThePreviousOutput() throws {
        for order in [["a", "b", "c"], ["c", "a", "b"]] {
            let hooks = HookPipelines(order.map { appending(FixID("test.\($0)"), $0) })
            var draft = response(#"{"access_token":"x","token_type":"Bearer"}"#)
            try hooks.run(&draft, at: .accessTokenResponse)
            #expect(draft.jsonObject()?["trail"] == .string(order.joined()))
        }
    }

    @Test func aTokenResponseFixAppliesToRefreshUnlessItSaysOtherwise() throws {
        let hooks = HookPipelines([appending("test.both", "b"), appending("test.first-only", "f", includingRefresh: false)])
        var refresh = response(#"{"access_token":"x","token_type":"Bearer"}"#)
        try hooks.run(&refresh, at: .refreshResponse)
        #expect(refresh.jsonObject()?["trail"] == "b")
        var first = response(#"{"access_token":"x","token_type":"Bearer"}"#)
        try hooks.run(&first, at: .accessTokenResponse)
        #expect(first.jsonObject()?["trail"] == "bf")
        #expect(hooks.fixes[0].hookPoints == [.accessTokenResponse, .refreshResponse])
        #expect(hooks.fixes[1].hookPoints == [.accessTokenResponse])
    }

    @Test func theTraceRecordsOnlyFixesThatChangedSomething() throws {
        let noOp = Fix(id: "test.no-op", summary: "looks only", stages: [.tokenResponse { response in _ = response.jsonObject() }])
        let hooks = HookPipelines([noOp, appending("test.a", "a")])
        var draft = response(#"{"access_token":"x","token_type":"Bearer"}"#)
        let trace = FixTrace()
        try hooks.run(&draft, at: .accessTokenResponse, trace: trace)
        #expect(trace.entries == [FixTrace.Entry(fix: "test.a", hookPoint: .accessTokenResponse)])
    }

    @Test func aThrowingFixIsNamedInTheError() {
        let hooks = HookPipelines([Fix(id: "test.boom", summary: "throws", stages: [.tokenResponse { _ in throw Boom() }])])
        var draft = response("{}")
        do {
            try hooks.run(&draft, at: .refreshResponse)
            Issue.record("expected an error")
        } catch let error as FixError {
            #expect(error.fix == "test.boom")
            #expect(error.hookPoint == .refreshResponse)
            #expect(error.underlying is Boom)
        } catch {
            Issue.record("expected a FixError, got \(error)")
        }
    }

    @Test func settingsResolveLastWinsAndRememberTheirFix() {
        let hooks = HookPipelines([
            Fix(id: "test.post", ClientAuthenticationStyle(method: .post)),
            Fix(id: "test.query", TokenInQuery()),
            Fix(id: "test.none", ClientAuthenticationStyle(method: .none)),
        ])
        #expect(hooks.clientAuthentication == .none)
        #expect(hooks.tokenPlacement == .query("access_token"))
        #expect(hooks.scopeSeparator == " ")
        #expect(hooks.source(of: ClientAuthenticationSetting.self) == "test.none")
        #expect(hooks.source(of: ScopeSeparatorSetting.self) == nil)
        #expect(HookPipelines([]).clientAuthentication == .basic)
        #expect(HookPipelines([]).tokenPlacement == .bearerHeader)
    }

    @Test func requestHookPointsAreSeparate() throws {
        let hooks = HookPipelines([
            Fix(id: "test.refresh-only", summary: "marks refreshes", stages: [.requests(at: [.refreshRequest]) { request, _ in request.headers["X-Refresh"] = "1" }]),
        ])
        let client = ClientCredentials(id: "c")
        var access = HTTPRequest(method: "POST", url: URL(string: "https://as.example/token")!)
        try hooks.run(&access, context: RequestContext(hookPoint: .accessTokenRequest, client: client, grantType: "authorization_code"))
        #expect(access.headers["X-Refresh"] == nil)
        var refresh = access
        try hooks.run(&refresh, context: RequestContext(hookPoint: .refreshRequest, client: client, grantType: "refresh_token"))
        #expect(refresh.headers["X-Refresh"] == "1")
    }

    @Test func hookPointsAreOrderedAndNamed() {
        #expect(HookPoint.all.map(\.name) == [
            "request-token-request", "request-token-response", "authorization-request", "authorization-response", "access-token-request",
            "access-token-response", "refresh-request", "refresh-response", "protected-request", "device-authorization-request",
            "device-authorization-response", "revocation-request", "revocation-response", "introspection-request", "introspection-response",
        ])
        #expect(HookPoint.all == HookPoint.all.sorted())
        #expect(HookPoint(name: "refresh-response") == .refreshResponse)
        #expect(HookPoint(name: "refresh_response") == nil)
    }
}
