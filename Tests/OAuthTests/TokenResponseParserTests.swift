import Foundation
import OAuth
import Testing

/// One test per row of the bad-input table for token responses (reference §4.1), plus the
/// compliant cases the parser must accept.
@Suite struct TokenResponseParserTests {
    let issuedAt = Date(timeIntervalSince1970: 1_700_000_000)

    func parse(_ body: String, status: Int = 200, contentType: String? = "application/json", headers: HTTPHeaders = [:]) -> Result<Token, TokenResponseError> {
        parse(Data(body.utf8), status: status, contentType: contentType, headers: headers)
    }

    func parse(_ body: Data, status: Int = 200, contentType: String? = "application/json", headers: HTTPHeaders = [:], limits: TokenResponseLimits = .default) -> Result<Token, TokenResponseError> {
        var all = headers
        if let contentType { all["Content-Type"] = contentType }
        let response = TokenEndpointResponse(HTTPResponse(status: status, headers: all, body: body), limits: limits)
        return Result { () throws(TokenResponseError) in try TokenResponseParser().parse(response, issuedAt: issuedAt) }
    }

    func error(_ result: Result<Token, TokenResponseError>) -> TokenResponseError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func compliantResponseFromRFC6749Section5_1() throws {
        let token = try parse("""
            {"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,
             "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA","example_parameter":"example_value"}
            """, contentType: "application/json;charset=UTF-8").get()
        #expect(token.accessToken == "2YotnFZFEjr1zCsicMWpAA")
        #expect(token.tokenType == "Bearer")
        #expect(token.expiresIn == 3600)
        #expect(token.expiresAt == issuedAt.addingTimeInterval(3600))
        #expect(token.refreshToken == "tGzv3JOkF0XG5Qx2TlKWIA")
        #expect(token.extras == ["example_parameter": "example_value"])
    }

    @Test func row1EmptyBody() {
        #expect(error(parse("")) == .emptyBody(status: 200))
    }

    @Test func row2HTMLPageGivesStatusContentTypeAndARedactedSnippet() throws {
        let html = "<html><body>Please log in to the Wi-Fi. session=" + String(repeating: "A", count: 40) + "</body></html>" + String(repeating: "x", count: 400)
        guard case .unexpectedContentType(let status, let contentType, let snippet)? = error(parse(html, contentType: "text/html; charset=utf-8")) else {
            Issue.record("expected unexpectedContentType")
            return
        }
        #expect(status == 200)
        #expect(contentType == "text/html; charset=utf-8")
        #expect(snippet.hasPrefix("<html><body>Please log in"))
        #expect(!snippet.contains(String(repeating: "A", count: 40)))
        #expect(snippet.utf8.count <= 256 + 16)
    }

    @Test func row3MalformedJSONIsAParseErrorWithoutFormFallback() {
        guard case .malformedJSON(200, let parseError)? = error(parse(#"{"access_token":"abc","token_type":"Bearer""#)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(parseError.reason == .unexpectedEnd(expected: "',' or '}'"))
        #expect(error(parse("access_token=abc&token_type=Bearer")).map { if case .malformedJSON = $0 { true } else { false } } == true)
    }

    @Test(arguments: [("[]", "an array"), (#""x""#, "a string"), ("null", "null"), ("1", "an integer")])
    func row4NonObjectJSON(body: String, kind: String) {
        #expect(error(parse(body)) == .notAnObject(status: 200, found: kind))
    }

    @Test func row5BodyOverTheCapIsAnErrorNotATruncation() {
        let limits = TokenResponseLimits(maximumBodyBytes: 64)
        let body = Data((#"{"access_token":"abc","token_type":"Bearer","pad":""# + String(repeating: "x", count: 100) + #""}"#).utf8)
        #expect(error(parse(body, limits: limits)) == .bodyTooLarge(limit: 64, actual: body.count))
        #expect(error(parse(Data(#"{"access_token":"abc","token_type":"Bearer"}"#.utf8), limits: limits)) == nil)
    }

    @Test func row6DeepNestingHitsTheDepthLimitWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        guard case .malformedJSON(_, let parseError)? = error(parse(deep)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(parseError.reason == .nestingTooDeep(limit: 32))
    }

    @Test(arguments: [#"{"token_type":"Bearer"}"#, #"{"access_token":"","token_type":"Bearer"}"#, #"{"access_token":null,"token_type":"Bearer"}"#])
    func row7MissingEmptyOrNullAccessToken(body: String) {
        #expect(error(parse(body)) == .missingAccessToken)
    }

    @Test(arguments: [(#"{"access_token":123,"token_type":"Bearer"}"#, "an integer"), (#"{"access_token":{"a":1},"token_type":"Bearer"}"#, "an object")])
    func row8NonStringAccessToken(body: String, kind: String) {
        #expect(error(parse(body)) == .invalidMember(name: "access_token", expected: "a string", found: kind))
    }

    @Test(arguments: [(#"abc\r\nX-Injected: 1"#, "a control character at position 3"), ("abc\u{7F}", "a control character at position 3"), ("abcé", "a non-ASCII character at position 3")])
    func row9AccessTokenWithControlOrNonASCII(token: String, found: String) throws {
        let body = JSONWriter.string(["access_token": .string(token.replacingOccurrences(of: #"\r\n"#, with: "\r\n")), "token_type": "Bearer"])
        let failure = try #require(error(parse(body)))
        #expect(failure == .invalidMember(name: "access_token", expected: "printable ASCII characters only (RFC 6749 §A.12 VSCHAR, %x20-7E)", found: found))
        #expect(!failure.description.contains("abc"), "the error must not echo the token")
    }

    /// §A.12 VSCHAR is %x20-7E: the space is allowed in the token response. Whether such a token
    /// fits where the provider places it is a question for the placement (FlowEngineTests).
    @Test func row9bAccessTokenWithASpaceIsAVSCHARToken() throws {
        let token = try parse(#"{"access_token":"abc def ~!","token_type":"Bearer","refresh_token":"r e"}"#).get()
        #expect(token.accessToken == "abc def ~!")
        #expect(token.refreshToken == "r e")
    }

    @Test func row10MissingTokenTypeIsAnErrorInTheCore() {
        guard case .invalidMember("token_type", _, "no member")? = error(parse(#"{"access_token":"abc"}"#)) else {
            Issue.record("expected a token_type error")
            return
        }
    }

    @Test func row11TokenTypeIsCaseInsensitiveAndUnknownTypesAreRefused() throws {
        #expect(try parse(#"{"access_token":"abc","token_type":"BEARER"}"#).get().tokenType == "Bearer")
        #expect(try parse(#"{"access_token":"abc","token_type":"bearer"}"#).get().tokenType == "Bearer")
        #expect(error(parse(#"{"access_token":"abc","token_type":"mac"}"#)) == .unsupportedTokenType("mac"))
    }

    @Test func row12ExpiresInAsStringIsRefused() {
        guard case .invalidMember("expires_in", _, let found)? = error(parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":"3600"}"#)) else {
            Issue.record("expected an expires_in error")
            return
        }
        #expect(found == #"a string ("3600")"#)
    }

    @Test func row13ExpiresInFractionIsRefused() {
        #expect(error(parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":3600.9}"#)).map { if case .invalidMember("expires_in", _, "3600.9") = $0 { true } else { false } } == true)
    }

    @Test func row14NegativeExpiresInIsRefused() {
        #expect(error(parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":-5}"#)).map { if case .invalidMember("expires_in", _, "-5") = $0 { true } else { false } } == true)
    }

    @Test func row15ZeroExpiresInMeansExpiredNow() throws {
        let token = try parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":0}"#).get()
        #expect(token.expiresIn == 0)
        #expect(token.expiresAt == issuedAt)
    }

    @Test(arguments: ["1e400", "9223372036854775808", "99999999999999999999999999"])
    func row16HugeExpiresInIsClampedWithoutDateOverflow(literal: String) throws {
        let token = try parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":"# + literal + "}").get()
        #expect(token.expiresIn == ServerDurations.maximumLifetime)
        #expect(token.expiresAt == issuedAt.addingTimeInterval(TimeInterval(ServerDurations.maximumLifetime)))
    }

    @Test func row16bLifetimesAreClampedToTenYearsWhateverTheParserIsTold() throws {
        #expect(ServerDurations.maximumLifetime == 10 * 365 * 86_400)
        let token = try parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":315360001}"#).get()
        #expect(token.expiresIn == 315_360_000)
        var parser = TokenResponseParser(maximumExpiresIn: .max)
        #expect(parser.maximumExpiresIn == ServerDurations.maximumLifetime)
        parser.maximumExpiresIn = 60
        let response = TokenEndpointResponse(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"access_token":"abc","token_type":"Bearer","expires_in":9223372036854775807}"#.utf8)))
        #expect(try parser.parse(response, issuedAt: issuedAt).expiresIn == 60)
    }

    @Test(arguments: [("true", "a boolean"), ("{}", "an object"), (#""soon""#, #"a string ("soon")"#)])
    func row17ExpiresInOfTheWrongType(literal: String, found: String) {
        #expect(error(parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":"# + literal + "}")).map {
            if case .invalidMember("expires_in", _, found) = $0 { true } else { false }
        } == true)
    }

    @Test func row18NullExpiresInIsAbsent() throws {
        let token = try parse(#"{"access_token":"abc","token_type":"Bearer","expires_in":null}"#).get()
        #expect(token.expiresIn == nil)
        #expect(token.expiresAt == nil)
    }

    @Test func row19DuplicateKeysAreRejected() {
        guard case .malformedJSON(_, let parseError)? = error(parse(#"{"access_token":"a","access_token":"b","token_type":"Bearer"}"#)) else {
            Issue.record("expected malformedJSON")
            return
        }
        #expect(parseError.reason == .duplicateKey("access_token"))
    }

    @Test func row20ErrorWinsOverAnAccessTokenInA200() {
        guard case .errorWithSuccessStatus(let oauth)? = error(parse(#"{"access_token":"abc","token_type":"Bearer","error":"invalid_grant"}"#)) else {
            Issue.record("expected the error to win")
            return
        }
        #expect(oauth.code == .invalidGrant)
        #expect(oauth.status == 200)
    }

    @Test func row21ErrorResponseKeepsUnknownCodesSanitisesTheDescriptionAndKeepsOnlyHTTPSURIs() throws {
        let long = String(repeating: "d", count: 300)
        guard case .oauth(let first)? = error(parse(#"{"error":"account_locked","error_description":"<b>\"x\"</b> \#(long)","error_uri":"http://as.example/e"}"#, status: 400)) else {
            Issue.record("expected an OAuth error")
            return
        }
        #expect(first.code.rawValue == "account_locked")
        #expect(first.errorDescription?.contains("\"") == false)
        #expect(first.errorDescription!.count <= 259)
        #expect(first.uri == nil)
        guard case .oauth(let second)? = error(parse(#"{"error":"invalid_grant","error_uri":"https://as.example/e"}"#, status: 400)) else {
            Issue.record("expected an OAuth error")
            return
        }
        #expect(second.uri == URL(string: "https://as.example/e"))
        #expect(!TokenResponseError.oauth(second).isTransient)
    }

    @Test func row22InvalidClient401IsATypedTerminalError() {
        guard case .oauth(let oauth)? = error(parse(#"{"error":"invalid_client"}"#, status: 401, headers: ["WWW-Authenticate": "Basic realm=\"as\""])) else {
            Issue.record("expected an OAuth error")
            return
        }
        #expect(oauth.code == .invalidClient)
        #expect(oauth.status == 401)
        #expect(!TokenResponseError.oauth(oauth).isTransient)
    }

    @Test(arguments: [429, 500, 503])
    func row23RateLimitsAndServerErrorsAreTransientWithRetryAfter(status: Int) throws {
        let failure = try #require(error(parse(#"{"error":"temporarily_unavailable"}"#, status: status, headers: ["Retry-After": "120"])))
        #expect(failure == .serverUnavailable(status: status, retryAfter: 120, error: OAuthError(code: .temporarilyUnavailable, status: status)))
        #expect(failure.isTransient)
        #expect(error(parse("<html>busy</html>", status: 502, contentType: "text/html", headers: ["Retry-After": "99999"])) == .serverUnavailable(status: 502, retryAfter: 3600, error: nil))
    }

    @Test(arguments: [Data([0xFF, 0xFE]) + Data(#"{"access_token":"abc","token_type":"Bearer"}"#.utf8), Data(#"{"access_token":"abc","token_type":"Bearer","name":"caf"#.utf8) + Data([0xE9, 0x22, 0x7D])])
    func row24NonUTF8Body(body: Data) {
        #expect(error(parse(body)).map { if case .malformedJSON = $0 { true } else { false } } == true)
    }

    @Test func row25LeadingByteOrderMarkIsSkipped() throws {
        let body = Data([0xEF, 0xBB, 0xBF]) + Data(#"{"access_token":"abc","token_type":"Bearer"}"#.utf8)
        #expect(try parse(body).get().accessToken == "abc")
    }

    @Test func row26RefreshKeepsTheOldRefreshTokenOrTakesTheNewOne() throws {
        let old = Token(accessToken: "old", refreshToken: "r1")
        let withoutRefreshToken = try parse(#"{"access_token":"new","token_type":"Bearer"}"#).get()
        #expect(old.refreshed(by: withoutRefreshToken).refreshToken == "r1")
        let rotated = try parse(#"{"access_token":"new","token_type":"Bearer","refresh_token":"r2"}"#).get()
        #expect(old.refreshed(by: rotated).refreshToken == "r2")
        #expect(old.refreshed(by: rotated).accessToken == "new")
    }

    @Test func row27ScopeIsRecordedAsGrantedAndAnArrayIsRefusedByTheCore() throws {
        #expect(try parse(#"{"access_token":"abc","token_type":"Bearer","scope":"read write"}"#).get().scope == ["read", "write"])
        #expect(error(parse(#"{"access_token":"abc","token_type":"Bearer","scope":["read"]}"#)).map { if case .invalidMember("scope", _, "an array") = $0 { true } else { false } } == true)
        #expect(error(parse(#"{"access_token":"abc","token_type":"Bearer","scope":"read  write"}"#)).map { if case .invalidMember("scope", _, _) = $0 { true } else { false } } == true)
    }

    @Test func row28FormEncodedBodyIsRefusedWithoutAFix() {
        let result = parse("access_token=abc&token_type=bearer", contentType: "application/x-www-form-urlencoded")
        #expect(error(result).map { if case .unexpectedContentType(200, "application/x-www-form-urlencoded", _) = $0 { true } else { false } } == true)
    }

    @Test func row29ExtraMembersAreKeptInExtras() throws {
        let token = try parse(#"{"access_token":"abc","token_type":"Bearer","id_token":"eyJ.x.y","user_id":17841405793187218}"#).get()
        #expect(token.extras["id_token"] == "eyJ.x.y")
        #expect(token.extras["user_id"] == .number(JSONNumber(17_841_405_793_187_218)))
    }

    @Test func fourHundredWithoutAnErrorMemberIsMalformed() {
        #expect(error(parse(#"{"errors":[{"errorType":"invalid_grant"}]}"#, status: 400)) == .malformedErrorResponse(status: 400, found: "no \"error\" member"))
        #expect(error(parse(#"{"error":{"message":"x"}}"#, status: 400)) == .malformedErrorResponse(status: 400, found: "\"error\" as an object"))
    }

    @Test func redirectStatusIsUnexpected() {
        #expect(error(parse("", status: 302)) == .unexpectedStatus(302))
    }

    @Test func errorDescriptionsNeverShowTheToken() throws {
        let token = try parse(#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}"#).get()
        #expect(!token.description.contains("2YotnFZFEjr1zCsicMWpAA"))
        #expect(!token.description.contains("tGzv3JOkF0XG5Qx2TlKWIA"))
        #expect(token.description.contains("2YotnF...[redacted]"))
    }
}
