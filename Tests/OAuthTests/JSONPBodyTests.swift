import Foundation
import OAuth
import Testing

/// `jsonp-body` unwraps QQ Connect's `callback( {...} );` bodies and nothing else.
@Suite struct JSONPBodyTests {
    func run(_ block: JSONPBody, _ body: String, contentType: String = "text/html") throws -> TokenEndpointResponse {
        var draft = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": contentType], body: Data(body.utf8)))
        try HookPipelines([Fix(id: "test.jsonp", block)]).run(&draft, at: .accessTokenResponse)
        return draft
    }

    @Test(arguments: [
        "callback( {\"error\":100019,\"error_description\":\"code to access token error\"} );",
        "callback({\"error\":100019,\"error_description\":\"code to access token error\"})",
        "\n  callback ( {\"error\":100019,\"error_description\":\"code to access token error\"} ) ;\n",
    ])
    func unwrapsTheObject(body: String) throws {
        var draft = try run(JSONPBody(), body)
        #expect(draft.contentTypeEssence == "application/json")
        #expect(draft.jsonObject() == ["error": .number(JSONNumber(100019)), "error_description": "code to access token error"])
    }

    @Test func otherCallbackNames() throws {
        var draft = try run(JSONPBody(callbacks: ["jsonFlickrApi"]), "jsonFlickrApi({\"stat\":\"ok\"})")
        #expect(draft.jsonObject()?["stat"] == "ok")
        #expect(throws: FixDefinitionError.self) { try JSONPBody(parameters: ["callbacks": ["alert(1)"]]) }
    }

    @Test(arguments: [
        "other( {\"a\":1} );",                          // a name not listed
        "callback( {\"a\":1} ); callback( {\"b\":2} );", // two calls
        "callback( [1, 2] );",                          // not an object
        "callback( {\"a\": } );",                       // not JSON
        "callback {\"a\":1}",                           // no call
        "access_token=x&expires_in=1",
    ])
    func leavesOtherBodiesAlone(body: String) throws {
        let draft = try run(JSONPBody(), body)
        #expect(draft.body == Data(body.utf8))
        #expect(draft.contentType == "text/html")
    }

    @Test func leavesJSONAlone() throws {
        let body = "callback( {\"a\":1} );"
        let draft = try run(JSONPBody(), body, contentType: "application/json")
        #expect(draft.body == Data(body.utf8))
    }

    /// QQ Connect's `/oauth2.0/me` answer, as its wiki page 获取用户OpenID_OAuth2.0 prints it.
    @Test func readsQQsOpenIDAnswer() {
        let body = Data("callback( {\"client_id\":\"YOUR_APPID\",\"openid\":\"YOUR_OPENID\"} );\n".utf8)
        #expect(JSONPBody.object(in: body)?["openid"] == "YOUR_OPENID")
        #expect(JSONPBody.object(in: Data("client_id=100222222&openid=1704878C".utf8)) == nil)
    }
}
