import Foundation
import OAuth
import OAuthTesting
import Testing

/// `absolute-expiry`: an absolute expiry time becomes a lifetime counted from the response's
/// arrival by the client's clock, never traps, and leaves everything else alone.
extension BuildingBlocksTests {
    static let arrival = Date(timeIntervalSince1970: 1_700_000_000)

    func expiry(_ block: AbsoluteExpiry, _ body: String, at hookPoint: HookPoint = .accessTokenResponse) throws -> JSONObject? {
        let fix = Fix(id: "test.absolute-expiry", block)
        var draft = TokenEndpointResponse(
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8)), receivedAt: Self.arrival
        )
        try HookPipelines([fix]).run(&draft, at: hookPoint)
        return draft.jsonObject()
    }

    @Test func absoluteExpiryInSecondsBecomesALifetimeFromArrival() throws {
        let object = try #require(try expiry(AbsoluteExpiry(), #"{"access_token":"a","token_type":"Bearer","expires_at":1700003600}"#))
        #expect(object["expires_in"] == .number(JSONNumber(3600)))
        #expect(object["expires_at"] == nil)
    }

    @Test func absoluteExpiryInMillisecondsIsFloored() throws {
        let block = AbsoluteExpiry(unit: AbsoluteExpiry.Unit.milliseconds)
        let object = try #require(try expiry(block, #"{"access_token":"a","token_type":"Bearer","expires_at":1705184000999}"#))
        #expect(object["expires_in"] == .number(JSONNumber(5_184_000)))
    }

    @Test func absoluteExpiryActsOnRefreshResponsesToo() throws {
        let object = try #require(try expiry(AbsoluteExpiry(), #"{"access_token":"a","token_type":"Bearer","expires_at":1700000060}"#, at: .refreshResponse))
        #expect(object["expires_in"] == .number(JSONNumber(60)))
    }

    @Test func absoluteExpiryReadsAQuotedTimeAndAnotherMember() throws {
        let block = AbsoluteExpiry(member: "expiry")
        let object = try #require(try expiry(block, #"{"access_token":"a","token_type":"Bearer","expiry":"1700000100","expires_at":"kept"}"#))
        #expect(object["expires_in"] == .number(JSONNumber(100)))
        #expect(object["expiry"] == nil)
        #expect(object["expires_at"] == .string("kept"))
    }

    @Test(arguments: [
        ("1600000000", 0),                       // in the past: expired now
        ("1700000000", 0),                       // now
        ("1700000000.75", 0),                    // less than a second away
        ("99999999999999999999", ServerDurations.maximumLifetime), // absurdly far: clamped
        ("1e400", ServerDurations.maximumLifetime), // beyond Double: clamped, no trap
        ("-1e400", 0),
        ("-5", 0),
    ])
    func absoluteExpiryClampsAbsurdValues(literal: String, lifetime: Int) throws {
        let object = try #require(try expiry(AbsoluteExpiry(), #"{"access_token":"a","token_type":"Bearer","expires_at":\#(literal)}"#))
        #expect(object["expires_in"] == .number(JSONNumber(lifetime)), "\(literal)")
    }

    @Test(arguments: [
        #"{"access_token":"a","token_type":"Bearer","expires_in":3600,"expires_at":1700000100}"#,
        #"{"access_token":"a","token_type":"Bearer","expires_at":"2020-04-30T22:34:43.549Z"}"#,
        #"{"access_token":"a","token_type":"Bearer","expires_at":true}"#,
        #"{"access_token":"a","token_type":"Bearer","expires_at":""}"#,
        #"{"access_token":"a","token_type":"Bearer"}"#,
        #"{"error":"invalid_grant"}"#,
    ])
    func absoluteExpiryLeavesOtherBodiesAlone(body: String) throws {
        let original = try JSONParser().parse(Data(body.utf8))
        let object = try #require(try expiry(AbsoluteExpiry(), body))
        #expect(JSONValue.object(object) == original)
    }

    @Test func absoluteExpiryGivesTheTokenTheProvidersMoment() throws {
        let provider = Provider(name: "acme", displayName: "Acme", endpoints: Endpoints(), fixes: [Fix(id: "acme.absolute-expiry", AbsoluteExpiry())])
        let response = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                                    body: Data(#"{"access_token":"a","token_type":"Bearer","expires_at":1700007200}"#.utf8))
        let token = try FlowEngine(provider: provider).token(from: response, at: .accessTokenResponse, issuedAt: Self.arrival)
        #expect(token.expiresIn == 7200)
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_700_007_200))
        #expect(token.extras["expires_at"] == nil)
        let strict = Outcome(Result { try FlowEngine(provider: provider.strictCore).token(from: response, at: .accessTokenResponse, issuedAt: Self.arrival) })
        #expect(!strict.matches(Outcome(.success(token))))
    }

    @Test func absoluteExpiryRefusesAnUnknownUnitAndAnEmptyMember() throws {
        #expect(throws: FixDefinitionError.self) { try AbsoluteExpiry(parameters: ["unit": "minutes"]) }
        #expect(throws: FixDefinitionError.self) { try AbsoluteExpiry(parameters: ["member": ""]) }
        #expect(try AbsoluteExpiry(parameters: ["unit": "milliseconds", "member": "expiry"]).parameterValues == ["member": "expiry", "unit": "milliseconds"])
    }
}
