import Foundation
import OAuth
import Testing

/// What a trace says: the fixes that acted, and those that ran and changed nothing.
@Suite struct FixTraceTests {
    let hooks = HookPipelines([
        Fix(id: "acme.form-body", FormEncodedBody(contentTypes: ["text/plain"])), Fix(id: "acme.token-type", DefaultTokenType()),
    ])

    func run(_ contentType: String, _ body: String) throws -> FixTrace {
        var response = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": contentType], body: Data(body.utf8)))
        let trace = FixTrace()
        try hooks.run(&response, at: .accessTokenResponse, trace: trace)
        return trace
    }

    @Test func aCompliantResponseLeavesEveryFixIdle() throws {
        let trace = try run("application/json", #"{"access_token":"a","token_type":"Bearer"}"#)
        #expect(trace.entries.isEmpty)
        #expect(trace.idle.map(\.fix) == ["acme.form-body", "acme.token-type"])
        #expect(trace.fixesThatDidNotAct == ["acme.form-body", "acme.token-type"])
    }

    @Test func aFixThatActedIsNotIdle() throws {
        let quirky = try run("text/plain", "access_token=a")
        #expect(quirky.fixes == ["acme.form-body", "acme.token-type"])
        #expect(quirky.fixesThatDidNotAct.isEmpty)
        let typeOnly = try run("application/json", #"{"access_token":"a"}"#)
        #expect(typeOnly.fixes == ["acme.token-type"])
        #expect(typeOnly.fixesThatDidNotAct == ["acme.form-body"])
    }
}
