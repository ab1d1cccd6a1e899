import Foundation
import OAuth
import OAuthTesting
import Testing

/// Each building block turns its quirk into RFC shape, and leaves compliant responses alone.
@Suite struct BuildingBlocksTests {
    func run(_ fix: Fix, _ body: String, status: Int = 200, contentType: String = "application/json", at hookPoint: HookPoint = .accessTokenResponse) throws -> TokenEndpointResponse {
        var draft = TokenEndpointResponse(HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Data(body.utf8)))
        try HookPipelines([fix]).run(&draft, at: hookPoint)
        return draft
    }

    func object(_ fix: Fix, _ body: String, status: Int = 200, contentType: String = "application/json") throws -> JSONObject? {
        var draft = try run(fix, body, status: status, contentType: contentType)
        return draft.jsonObject()
    }

    /// One instance of every built-in kind, made through the JSON catalog from the block's own
    /// example.
    static let everyKind: [Fix] = FixCatalog.builtIn.kinds.compactMap { kind in
        try? kind.fix(id: FixID("test.\(kind.name)"), parameters: kind.example)
    }

    @Test func everyKindsExampleReadsBackFromItsJSON() throws {
        for kind in FixCatalog.builtIn.kinds {
            #expect(throws: Never.self, "\(kind.name)'s example") { try kind.fix(id: "test.example", parameters: kind.example) }
        }
        #expect(Self.everyKind.count == FixCatalog.builtIn.kinds.count)
    }

    @Test(arguments: everyKind)
    func everyKindLeavesTheGoldenResponsesByteForByte(fix: Fix) throws {
        for golden in GoldenResponses.all {
            for hookPoint in [HookPoint.accessTokenResponse, .refreshResponse] {
                var draft = TokenEndpointResponse(golden.response)
                try HookPipelines([fix]).run(&draft, at: hookPoint)
                #expect(draft.httpResponse == golden.response, "\(fix.id) changed \(golden.title)")
            }
        }
        for (hookPoint, golden) in GoldenResponses.oauth1 {
            var draft = TokenEndpointResponse(golden.response)
            try HookPipelines([fix]).run(&draft, at: hookPoint)
            #expect(draft.httpResponse == golden.response, "\(fix.id) changed \(golden.title)")
        }
    }

    @Test(arguments: everyKind)
    func everyKindWritesItselfAsJSONAndReadsBack(fix: Fix) throws {
        let object = try FixCatalog.jsonObject(for: fix)
        let again = try FixCatalog.builtIn.fix(from: object, provider: "test")
        #expect(again.id == fix.id)
        #expect(again.block.map { $0.parameterValues } == fix.block.map { $0.parameterValues })
        #expect(again.hookPoints == fix.hookPoints)
        #expect(again.summary == fix.summary)
    }

    @Test func catalogKindNamesAreUnique() {
        let names = FixCatalog.builtIn.kinds.map(\.name)
        #expect(Set(names).count == names.count)
    }

    @Test func goldenResponsesAreReadByTheStrictCore() {
        for golden in GoldenResponses.all {
            let outcome = Outcome(Result { try TokenResponseParser().parse(golden.response, issuedAt: Date()) })
            #expect(outcome.matches(golden.expected), "\(golden.title): \(outcome)")
        }
        for (hookPoint, golden) in GoldenResponses.oauth1 {
            let parser = OAuth1CredentialsParser()
            let response = TokenEndpointResponse(golden.response)
            let outcome = Outcome(oauth1: Result {
                hookPoint == .requestTokenResponse ? try parser.temporaryCredentials(from: response) : try parser.tokenCredentials(from: response)
            })
            #expect(outcome.matches(golden.expected), "\(golden.title): \(outcome)")
        }
    }

    @Test func formEncodedBodyNeverReadsHTML() throws {
        let fix = Fix(id: "t.form", FormEncodedBody(contentTypes: ["text/plain", "text/html"]))
        #expect(try object(fix, "access_token=abc&expires_in=60&scope=a+b", contentType: "text/plain") == ["access_token": "abc", "expires_in": 60, "scope": "a b"])
        let html = try run(fix, "<html>token</html>", contentType: "text/html")
        #expect(html.contentType == "text/html")
        let duplicated = try run(fix, "access_token=a&access_token=b", contentType: "text/plain")
        #expect(duplicated.contentType == "text/plain")
    }

    @Test func jsonUnderOtherContentTypeOnlyForListedTypesAndObjects() throws {
        let fix = Fix(id: "t.json", JSONUnderOtherContentType(contentTypes: ["text/plain"]))
        #expect(try run(fix, #"{"access_token":"a"}"#, contentType: "text/plain;charset=UTF-8").hasJSONContentType)
        #expect(try !run(fix, #"{"access_token":"a"}"#, contentType: "text/html").hasJSONContentType)
        #expect(try !run(fix, "[1]", contentType: "text/plain").hasJSONContentType)
    }

    @Test func formUnderOtherContentTypeTakesOnlyOAuth1CredentialsOnce() throws {
        let fix = Fix(id: "t.form1", FormUnderOtherContentType(contentTypes: ["text/html"]))
        let form = "application/x-www-form-urlencoded"
        #expect(try run(fix, "oauth_token=t&oauth_token_secret=s", contentType: "text/html; charset=utf-8", at: .requestTokenResponse).contentType == form)
        #expect(try run(fix, "oauth_problem=signature_invalid", status: 401, contentType: "text/html", at: .accessTokenResponse).contentType == form)
        // Not a listed type, not credentials, a parameter twice, or a hook point it was not given: left alone.
        #expect(try run(fix, "oauth_token=t&oauth_token_secret=s", contentType: "text/plain", at: .requestTokenResponse).contentType == "text/plain")
        #expect(try run(fix, "<html><body>Sign in</body></html>", contentType: "text/html", at: .requestTokenResponse).contentType == "text/html")
        #expect(try run(fix, "a=1&b=2", contentType: "text/html", at: .requestTokenResponse).contentType == "text/html")
        #expect(try run(fix, "oauth_token=t&oauth_token=u&oauth_token_secret=s", contentType: "text/html", at: .requestTokenResponse).contentType == "text/html")
        #expect(try run(fix, "oauth_token=t&oauth_token_secret=s", contentType: "text/html", at: .accessTokenResponse).contentType == form)
        let onlyRequestToken = Fix(id: "t.form2", FormUnderOtherContentType().with(\.hookPoints, [.requestTokenResponse]))
        #expect(try run(onlyRequestToken, "oauth_token=t&oauth_token_secret=s", contentType: "text/html", at: .accessTokenResponse).contentType == "text/html")
        #expect(try run(onlyRequestToken, "oauth_token=t&oauth_token_secret=s", contentType: "text/plain", at: .requestTokenResponse).contentType == form)
    }

    @Test func unwrapNestedTokenLiftsWithingsStyleBodies() throws {
        // grant's Withings test mock (reference §3.4).
        let fix = Fix(id: "t.unwrap", UnwrapNestedToken(path: [.key("body")]))
        #expect(try object(fix, #"{"status":0,"body":{"access_token":"token","refresh_token":"refresh","expires_in":3600}}"#)
            == ["access_token": "token", "refresh_token": "refresh", "expires_in": 3600, "status": 0])
        #expect(try object(fix, #"{"body":{"note":"no token here"}}"#) == ["body": ["note": "no token here"]])
    }

    @Test func renameAndSnakeCase() throws {
        #expect(try object(Fix(id: "t.r", RenameMembers(["expires": "expires_in"])), #"{"access_token":"a","expires":5}"#) == ["access_token": "a", "expires_in": 5])
        #expect(try object(Fix(id: "t.r", RenameMembers(["expires": "expires_in"])), #"{"expires":5,"expires_in":6}"#) == ["expires": 5, "expires_in": 6])
        #expect(try object(Fix(id: "t.s", SnakeCaseMembers()), #"{"accessToken":"a","refreshTokenExpiresIn":1,"token_type":"Bearer","user2FA":true}"#)
            == ["access_token": "a", "refresh_token_expires_in": 1, "token_type": "Bearer", "user2_fa": true])
        #expect(try object(Fix(id: "t.s", SnakeCaseMembers()), #"{"accessToken":"a","access_token":"b"}"#) == ["accessToken": "a", "access_token": "b"])
    }

    @Test func expiresInCoercions() throws {
        #expect(try object(Fix(id: "t.c", CoerceExpiresIn()), #"{"expires_in":"28800"}"#) == ["expires_in": 28800])
        #expect(try object(Fix(id: "t.c", CoerceExpiresIn()), #"{"expires_in":"soon"}"#) == ["expires_in": "soon"])
        #expect(try object(Fix(id: "t.c", CoerceExpiresIn()), #"{"expires_in":3600.9}"#)?["expires_in"] == .number(JSONNumber(validating: "3600.9")!))
        #expect(try object(Fix(id: "t.c", CoerceExpiresIn(floorFractions: true)), #"{"expires_in":3600.9}"#) == ["expires_in": 3600])
        #expect(try object(Fix(id: "t.z", ZeroExpiresInMeansNoExpiry()), #"{"expires_in":0}"#) == [:])
        #expect(try object(Fix(id: "t.z", ZeroExpiresInMeansNoExpiry()), #"{"expires_in":10}"#) == ["expires_in": 10])
        #expect(try object(Fix(id: "t.n", NullMeansAbsent(members: ["scope"])), #"{"scope":null,"x":null}"#) == ["x": nil])
    }

    @Test func scopeShapes() throws {
        #expect(try object(Fix(id: "t.a", ScopeAsArray()), #"{"scope":["a","b"]}"#) == ["scope": "a b"])
        #expect(try object(Fix(id: "t.a", ScopeAsArray()), #"{"scope":["a",1]}"#) == ["scope": ["a", 1]])
        #expect(try object(Fix(id: "t.s", ScopeSeparator(",")), #"{"scope":"repo, gist,,user"}"#) == ["scope": "repo gist user"])
        #expect(Fix(id: "t.s", ScopeSeparator(",").with(\.requests, false)).hookPoints == [.accessTokenResponse, .refreshResponse])
        #expect(Fix(id: "t.s", ScopeSeparator(",").with(\.responses, false)).hookPoints == [.authorizationRequest, .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest])
    }

    @Test func tokenTypes() throws {
        #expect(try object(Fix(id: "t.d", DefaultTokenType()), #"{"access_token":"a"}"#) == ["access_token": "a", "token_type": "Bearer"])
        #expect(try object(Fix(id: "t.d", DefaultTokenType()), #"{"error":"x"}"#) == ["error": "x"])
        #expect(try object(Fix(id: "t.n", NormaliseTokenType(from: ["User Access Token"])), #"{"token_type":"user access token"}"#) == ["token_type": "Bearer"])
        #expect(try object(Fix(id: "t.n", NormaliseTokenType(from: ["bot"])), #"{"token_type":"mac"}"#) == ["token_type": "mac"])
    }

    @Test func errorShapes() throws {
        let fitbit = Fix(id: "t.f", ErrorShape(codePath: [.key("errors"), .index(0), .key("errorType")], descriptionPath: [.key("errors"), .index(0), .key("message")]))
        #expect(try object(fitbit, #"{"errors":[{"errorType":"invalid_grant","message":"m"}],"success":false}"#, status: 400)
            == ["errors": [["errorType": "invalid_grant", "message": "m"]], "success": false, "error": "invalid_grant", "error_description": "m"])
        let twitch = Fix(id: "t.t", ErrorShape(codePath: nil, descriptionPath: [.key("message")]).with(\.codes, ["Invalid refresh token": "invalid_grant"]).with(\.fallbackCode, "invalid_request"))
        #expect(try object(twitch, #"{"error":"Bad Request","status":400,"message":"Invalid refresh token"}"#, status: 400)?["provider_error"] == "Bad Request")
        #expect(try object(twitch, #"{"status":400,"message":"Other"}"#, status: 400)?["error"] == "invalid_request")
        #expect(try object(twitch, #"{"error":"Bad Request","message":"Other"}"#, status: 400)?["error"] == "Bad Request")
        #expect(try object(twitch, #"{"access_token":"a","message":"Invalid refresh token"}"#)?["error"] == nil)
    }

    @Test func errorInSuccessBodyAndSuccessFlag() throws {
        #expect(try run(Fix(id: "t.e", ErrorInSuccessBody()), #"{"error":"bad_verification_code"}"#).status == 400)
        #expect(try run(Fix(id: "t.e", ErrorInSuccessBody()), #"{"error":{"code":1}}"#).status == 200)
        var ok = try run(Fix(id: "t.ok", SuccessFlag()), #"{"ok":true,"access_token":"a"}"#)
        #expect(ok.status == 200)
        #expect(ok.jsonObject() == ["access_token": "a"])
        var failed = try run(Fix(id: "t.ok", SuccessFlag()), #"{"ok":false,"error":"invalid_code"}"#)
        #expect(failed.status == 400)
        #expect(failed.jsonObject() == ["error": "invalid_code"])
    }

    @Test func requestBlocks() throws {
        let context = RequestContext(hookPoint: .accessTokenRequest, client: ClientCredentials(id: "cid"), grantType: "authorization_code")
        var request = HTTPRequest(method: "POST", url: URL(string: "https://as.example/token")!, headers: ["Accept": "text/xml"])
        request.setFormParameters(["grant_type": "authorization_code", "client_id": "cid"])
        try HookPipelines([
            Fix(id: "t.h", ExtraHeaders(["Accept": "application/json", "X-Client": "{client_id}"])),
            Fix(id: "t.p", ExtraParameters(["action": "requesttoken"], on: [.accessTokenRequest])),
            Fix(id: "t.r", RenameParameters(["client_id": "client_key"], on: [.accessTokenRequest])),
        ]).run(&request, context: context)
        #expect(request.headers["Accept"] == "text/xml")
        #expect(request.headers["X-Client"] == "cid")
        #expect(String(decoding: request.body!, as: UTF8.self) == "grant_type=authorization_code&client_key=cid&action=requesttoken")

        var json = HTTPRequest(method: "POST", url: URL(string: "https://as.example/token")!)
        json.setFormParameters(["grant_type": "authorization_code", "code": "x y"])
        try HookPipelines([Fix(id: "t.j", JSONTokenRequest())]).run(&json, context: RequestContext(hookPoint: .refreshRequest, client: context.client, grantType: "refresh_token"))
        #expect(json.headers["Content-Type"] == "application/json")
        #expect(try JSONParser().parse(json.body!) == ["grant_type": "authorization_code", "code": "x y"])

        var get = HTTPRequest(method: "POST", url: URL(string: "https://as.example/token?fmt=json")!)
        get.setFormParameters(["grant_type": "authorization_code", "appid": "a"])
        try HookPipelines([Fix(id: "t.g", GetTokenRequest(on: [.accessTokenRequest]))]).run(&get, context: context)
        #expect(get.method == "GET")
        #expect(get.body == nil)
        #expect(get.headers["Content-Type"] == nil)
        #expect(get.url.absoluteString == "https://as.example/token?fmt=json&grant_type=authorization_code&appid=a")

        var authorization = AuthorizationRequest(endpoint: URL(string: "https://as.example/authorize")!, parameters: ["client_id": "cid"])
        try HookPipelines([
            Fix(id: "t.a", RenameParameters(["client_id": "appid"])),
            Fix(id: "t.x", ExtraParameters(["owner": "user"])),
        ]).run(&authorization)
        #expect(authorization.url.absoluteString == "https://as.example/authorize?appid=cid&owner=user")
    }
}
