import Foundation
import OAuth
import Testing

/// `nested-token-value` reads Yammer's token object as the token string and keeps the object.
@Suite struct NestedTokenValueTests {
    func object(_ block: NestedTokenValue = NestedTokenValue(), _ body: String) throws -> JSONObject? {
        var draft = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
        try HookPipelines([Fix(id: "test.nested", block)]).run(&draft, at: .accessTokenResponse)
        return draft.jsonObject()
    }

    @Test func readsTheTokenStringAndKeepsTheObject() throws {
        let object = try #require(try object(body: "{\"user\":{\"id\":1},\"access_token\":{\"user_id\":1,\"network_id\":2,\"token\":\"abc\"}}"))
        #expect(object["access_token"] == "abc")
        #expect(object["access_token_details"] == .object(["user_id": .number(JSONNumber(1)), "network_id": .number(JSONNumber(2)), "token": "abc"]))
        #expect(object["user"] != nil)
    }

    @Test func anotherPathAndDroppingTheObject() throws {
        let block = NestedTokenValue(path: [.key("value"), .index(0)], keepAs: nil)
        let object = try #require(try object(block, "{\"access_token\":{\"value\":[\"abc\"]}}"))
        #expect(object == ["access_token": "abc"])
    }

    @Test(arguments: [
        "{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}",
        "{\"access_token\":{\"token\":\"\"}}",
        "{\"access_token\":{\"token\":5}}",
        "{\"access_token\":{\"other\":\"abc\"}}",
        "{\"access_token\":{\"token\":\"abc\"},\"access_token_details\":1}",
    ])
    func leavesOtherShapesAlone(body: String) throws {
        var draft = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
        try HookPipelines([Fix(id: "test.nested", NestedTokenValue())]).run(&draft, at: .accessTokenResponse)
        #expect(draft.body == Data(body.utf8))
    }

    @Test func refusesAKeepAsThatIsTheMember() {
        #expect(throws: FixDefinitionError.self) { try NestedTokenValue(parameters: ["keepAs": "access_token"]) }
        #expect(throws: FixDefinitionError.self) { try NestedTokenValue(parameters: ["path": []]) }
    }

    func object(body: String) throws -> JSONObject? { try object(NestedTokenValue(), body) }
}
