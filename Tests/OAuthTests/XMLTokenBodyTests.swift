import Foundation
import OAuth
import Testing

/// `xml-token-body` reads SAP Concur's XML token answer as RFC 6749 JSON and leaves anything
/// else alone.
@Suite struct XMLTokenBodyTests {
    let fix = Fix(id: "test.xml", XMLTokenBody(members: ["Token": "access_token", "Refresh_Token": "refresh_token", "Instance_URL": "instance_url"]))

    func run(_ body: String, contentType: String? = "application/xml") throws -> TokenEndpointResponse {
        var headers = HTTPHeaders()
        if let contentType { headers["Content-Type"] = contentType }
        var draft = TokenEndpointResponse(HTTPResponse(status: 200, headers: headers, body: Data(body.utf8)))
        try HookPipelines([fix]).run(&draft, at: .accessTokenResponse)
        return draft
    }

    @Test func readsTheElementsAsMembers() throws {
        var draft = try run("""
            <?xml version="1.0" encoding="utf-8"?>
            <Access_Token>
              <Instance_URL>https://www.concursolutions.com/</Instance_URL>
              <Token> 0_abc+def/ </Token>
              <Expiration_Date>4/13/2026 9:19:28 PM</Expiration_Date>
              <Refresh_Token>1_xyz</Refresh_Token>
            </Access_Token>
            """)
        #expect(draft.contentTypeEssence == "application/json")
        let parsed = draft.jsonObject()
        let object = try #require(parsed)
        #expect(object.keys == ["instance_url", "access_token", "Expiration_Date", "refresh_token"])
        #expect(object["access_token"] == "0_abc+def/")
        #expect(object["instance_url"] == "https://www.concursolutions.com/")
    }

    @Test func digitsBecomeNumbersOnlyForNumericMembers() throws {
        let block = XMLTokenBody(members: ["Token": "access_token", "Lifetime": "expires_in"])
        var draft = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": "text/xml"],
                                                       body: Data("<t><Token>a</Token><Lifetime>3600</Lifetime><Id>42</Id></t>".utf8)))
        try HookPipelines([Fix(id: "test.xml", block)]).run(&draft, at: .accessTokenResponse)
        let parsed = draft.jsonObject()
        let object = try #require(parsed)
        #expect(object["expires_in"] == .number(JSONNumber(3600)))
        #expect(object["Id"] == "42")
    }

    @Test func errorsInXMLBecomeJSONErrors() throws {
        let block = XMLTokenBody(members: ["Message": "error_description", "Code": "error"])
        var draft = TokenEndpointResponse(HTTPResponse(status: 400, headers: ["Content-Type": "application/xml"],
                                                       body: Data("<Error><Code>invalid_grant</Code><Message>Bad code</Message></Error>".utf8)))
        try HookPipelines([Fix(id: "test.xml", block)]).run(&draft, at: .accessTokenResponse)
        #expect(draft.jsonObject()?["error"] == "invalid_grant")
    }

    @Test(arguments: [
        ("<a><Other>x</Other></a>", "application/xml"),                          // no token, no error
        ("<a><Token>x</Token><Token>y</Token></a>", "application/xml"),           // a name twice
        ("<a><Token>x</Token>", "application/xml"),                               // not XML
        ("<!DOCTYPE a><a><Token>x</Token></a>", "application/xml"),               // a DTD
        ("<a><Token>x</Token></a>", "text/html"),                                 // not a listed type
        ("{\"access_token\":\"x\",\"token_type\":\"Bearer\"}", "application/json"),
        ("access_token=x", "application/xml"),
    ])
    func leavesOtherBodiesAlone(body: String, contentType: String) throws {
        let draft = try run(body, contentType: contentType)
        #expect(draft.body == Data(body.utf8))
        #expect(draft.contentType == contentType)
    }

    @Test func readsABodyWithNoContentType() throws {
        var draft = try run("<a><Token>x</Token></a>", contentType: nil)
        #expect(draft.jsonObject()?["access_token"] == "x")
    }

    @Test func writesItselfAsJSONAndReadsBack() throws {
        let object = try FixCatalog.jsonObject(for: fix)
        #expect(object["members"] == .object(["Token": "access_token", "Refresh_Token": "refresh_token", "Instance_URL": "instance_url"]))
        let again = try FixCatalog.builtIn.fix(from: object, provider: "test")
        #expect(try FixCatalog.jsonObject(for: again) == object)
    }
}
