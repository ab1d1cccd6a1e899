import Foundation
import OAuth
import OAuthTesting
import Testing

/// Hostile and broken inputs that crashed a parser, slipped past a limit, produced output that
/// could not be read back, or were read more loosely than the RFCs allow. Each test is built
/// from the input that showed the problem.
@Suite struct HostileInputTests {
    static func response(_ body: Data, contentType: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": contentType], body: body)
    }

    static let formProvider = Provider(
        name: "formy", displayName: "Formy", endpoints: Endpoints(token: "https://as.example/token"),
        fixes: [Fix(id: "formy.form-encoded-body", FormEncodedBody())]
    )

    static func parseError(_ text: String, maximumDepth: Int = 32) -> JSONParseError? {
        do {
            _ = try JSONParser(maximumDepth: maximumDepth).parse(Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    // MARK: Nesting

    /// `[[[[…` 50,000 and 1,000,000 deep with the limit raised used to overflow the stack.
    @Test(arguments: [50_000, 1_000_000])
    func deepNestingIsRefusedWhateverTheLimitIsRaisedTo(depth: Int) {
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let text = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            for limit in [depth, depth * 2, Int.max] {
                let error = Self.parseError(text, maximumDepth: limit)
                #expect(error?.reason == .nestingTooDeep(limit: JSONParser.depthCeiling))
                #expect(error?.offset == JSONParser.depthCeiling * open.utf8.count)
            }
        }
        let limits = TokenResponseLimits(maximumBodyBytes: .max, maximumDepth: .max)
        let body = Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        #expect(throws: TokenResponseError.self) {
            try FlowEngine(provider: Self.formProvider, limits: limits).token(from: Self.response(body, contentType: "application/json"), at: .accessTokenResponse)
        }
    }

    /// The deepest value the parser returns is released, compared, hashed, written, parsed back
    /// and redacted on a thread with the 512 KiB stack of an Apple secondary thread.
    @Test func theDeepestAllowedValueIsSafeOnASmallStack() async throws {
        let depth = JSONParser.depthCeiling
        let text = String(repeating: #"{"a":["#, count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
        #expect(throws: JSONParseError.self) { try JSONParser(maximumDepth: depth - 1).parse(Data(text.utf8)) }
        let survived = try await onOwnThread(stackSize: 512 * 1024) {
            var value: JSONValue? = try JSONParser(maximumDepth: .max).parse(Data(text.utf8))
            let copy = try JSONParser(maximumDepth: .max).parse(JSONWriter.data(value!))
            let same = copy == value! && copy.hashValue == value!.hashValue
            let written = JSONWriter.string(Redaction.redacted(copy)).count > depth && JSONWriter.prettyString(copy).count > depth
            value = nil
            return same && written
        }
        #expect(survived)
    }

    // MARK: Member names

    /// RFC 8259 compares member names by code units: `"\u00e9"` and `"e\u0301"` are two
    /// members, and `"a;"` is not `"a\u037e"`, though Swift's `==` calls both pairs equal.
    @Test func memberNamesAreComparedByTheirBytes() throws {
        let accented = try JSONParser().parse(Data(#"{"\u00e9":1,"e\u0301":2}"#.utf8))
        let object = try #require(accented.objectValue)
        #expect(object.count == 2)
        #expect(object["\u{e9}"] == 1)
        #expect(object["e\u{301}"] == 2)
        let semicolons = try #require(try JSONParser().parse(Data(#"{"a;":1,"a\u037e":2}"#.utf8)).objectValue)
        #expect(semicolons["a;"] == 1)
        #expect(semicolons["a\u{37e}"] == 2)
        let duplicate = Self.parseError(#"{"\u00e9":1,"é":2}"#)
        #expect(duplicate?.reason == .duplicateKey("\u{e9}"))
        #expect(duplicate?.offset == 12)

        var edited = object
        edited.renameMember("e\u{301}", to: "x")
        #expect(edited.keys == ["\u{e9}", "x"])
        #expect(edited != object)
        #expect(JSONObject.Member(key: "\u{e9}", value: 1) != JSONObject.Member(key: "e\u{301}", value: 1))
        #expect(FormParameters([.init(name: "caf\u{e9}", value: "1"), .init(name: "cafe\u{301}", value: "2")]).firstRepeatedName == nil)
        #expect(try FormParameters(decoding: Data("a=1&b=2&a=3".utf8)).firstRepeatedName == "a")
        let headers: HTTPHeaders = ["a;": "1"]
        #expect(headers["a\u{37e}"] == nil)
    }

    // MARK: Media types

    /// `application\u{0F}json` and `application/x\u{0B}json` were read as JSON: folding case with
    /// `| 0x20` turned 0x0F into `/` and 0x0B into `+`.
    @Test(arguments: ["application\u{0F}json", "application/x\u{0B}json", "application/json\u{00}", "application /json", "/json", "application/", "app\u{7F}/json", "application/vnd\u{0B}json"])
    func mediaTypesWithControlCharactersOrNoTokenAreNotJSON(contentType: String) {
        #expect(!MediaType.isJSON(contentType))
        #expect(MediaType.essence(of: contentType) == nil)
        #expect(!MediaType.essence(of: contentType, isOneOf: [MediaType.json, MediaType.formURLEncoded]))
        let body = Data(#"{"access_token":"abc","token_type":"Bearer"}"#.utf8)
        #expect {
            try TokenResponseParser().parse(Self.response(body, contentType: contentType), issuedAt: Date())
        } throws: { error in
            if case .unexpectedContentType? = error as? TokenResponseError { true } else { false }
        }
    }

    @Test(arguments: ["application/json", "Application/JSON; charset=UTF-8", " application/json ;q=1", "application/vnd.api+json", "APPLICATION/PROBLEM+JSON"])
    func wellFormedJSONMediaTypesStillAre(contentType: String) {
        #expect(MediaType.isJSON(contentType))
        #expect(MediaType.essence(of: contentType) == MediaType.essence(of: contentType)?.lowercased())
    }

    // MARK: Raw responses

    @Test(arguments: [
        "HTTP/1.1 +200 OK\n\n{}", "HTTP/ 200 OK\n\n{}", "HTTP/1.1 0200 OK\n\n{}", "HTTP/1.1  200 OK\n\n{}", "HTTP/1.1 20 OK\n\n{}",
        "HTTP/1.1 200OK\n\n{}", "HTTP/1.x 200 OK\n\n{}", "HTTPS/1.1 200 OK\n\n{}", "HTTP/1.1 999 OK\n\n{}",
    ])
    func malformedStatusLinesAreRefused(raw: String) {
        #expect(throws: RawHTTPResponseError.malformedStatusLine(String(raw.prefix { $0 != "\n" }))) { try HTTPResponse(rawHTTP: Data(raw.utf8)) }
    }

    @Test func contentLengthMustBeOneNumber() throws {
        #expect(throws: RawHTTPResponseError.conflictingContentLength(2, 3)) {
            try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: 2\ncontent-length: 3\n\n{}x".utf8))
        }
        #expect(throws: RawHTTPResponseError.malformedHeader("Content-Length: +2")) { try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: +2\n\n{}".utf8)) }
        #expect(throws: RawHTTPResponseError.malformedHeader("Content-Length: 2, 2")) { try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: 2, 2\n\n{}".utf8)) }
        #expect(throws: RawHTTPResponseError.malformedHeader("Content-Type : a/b")) { try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Type : a/b\n\n{}".utf8)) }
        let same = try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: 2\nContent-Length: 2\n\n{}x".utf8))
        #expect(same.body == Data("{}".utf8))
        #expect(try HTTPResponse(rawHTTP: Data("HTTP/2 401\n\n".utf8)).status == 401)
        #expect(try HTTPResponse(rawHTTP: Data("HTTP/1.0 204".utf8)).status == 204)
    }

    // MARK: Limits

    /// Form bodies of 262,147 and 524,288 bytes were accepted as tokens: the size limit was
    /// skipped once the form fix had replaced the body with an object.
    @Test(arguments: [262_147, 524_288])
    func theBodyLimitHoldsAfterAFixReplacedTheBody(size: Int) {
        let head = "access_token=abc&token_type=bearer&pad="
        let body = Data((head + String(repeating: "x", count: size - head.utf8.count)).utf8)
        #expect(body.count == size)
        #expect(throws: TokenResponseError.bodyTooLarge(limit: 256 * 1024, actual: size)) {
            try FlowEngine(provider: Self.formProvider).token(from: Self.response(body, contentType: MediaType.formURLEncoded), at: .accessTokenResponse)
        }
        var draft = TokenEndpointResponse(Self.response(body, contentType: MediaType.formURLEncoded))
        draft.setJSONObject(["access_token": "abc", "token_type": "Bearer"])
        #expect(throws: TokenResponseError.bodyTooLarge(limit: 256 * 1024, actual: size)) { try TokenResponseParser().parse(draft, issuedAt: Date()) }
    }

    // MARK: Numbers written back

    /// The form fix turned `expires=007` into the JSON number `007`: `replay` printed JSON that
    /// does not parse, and a token file with it could not be loaded again.
    @Test func digitsWithLeadingZerosBecomeValidNumbersAndTheTokenFileRoundTrips() throws {
        let body = Data("access_token=abc&token_type=bearer&expires_in=0042&expires=007&interval=000".utf8)
        var draft = TokenEndpointResponse(Self.response(body, contentType: MediaType.formURLEncoded))
        try FlowEngine(provider: Self.formProvider).hooks.run(&draft, at: .accessTokenResponse)
        let written = draft.body
        #expect(String(decoding: written, as: UTF8.self) == #"{"access_token":"abc","token_type":"bearer","expires_in":42,"expires":7,"interval":0}"#)
        #expect(try JSONSerialization.jsonObject(with: written) is [String: Any])

        let token = try FlowEngine(provider: Self.formProvider).token(from: Self.response(body, contentType: MediaType.formURLEncoded), at: .accessTokenResponse, issuedAt: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(token.expiresIn == 42)
        #expect(token.extras == ["expires": 7, "interval": 0])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FileTokenStore(path: directory.appendingPathComponent("token.json").path)
        try store.save(token)
        #expect(try store.load() == token)
    }

    @Test(arguments: ["007", "+1", "1.", ".5", "-", "01.5", "1e", "Infinity", "NaN", " 1", "0x10", "1_000"])
    func onlyRFC8259NumbersAreNumbers(literal: String) {
        #expect(JSONNumber(validating: literal) == nil)
    }

    @Test func digitsDropTheirLeadingZeros() {
        #expect(JSONNumber(digits: "007")?.literal == "7")
        #expect(JSONNumber(digits: "000")?.literal == "0")
        #expect(JSONNumber(digits: "120")?.literal == "120")
        #expect(JSONNumber(digits: "") == nil)
        #expect(JSONNumber(digits: "+7") == nil)
        #expect(JSONNumber(digits: "٣") == nil)
        #expect(JSONNumber(validating: "-0.5e+10")?.literal == "-0.5e+10")
    }

    // MARK: Token placement

    /// RFC 6749 §A.12 VSCHAR allows a space in an access token; a Bearer header (RFC 6750 §2.1
    /// b64token) cannot carry it, so placing it fails, with that reason, as a typed error.
    @Test func aTokenThatABearerHeaderCannotCarryFailsWhereItIsPlaced() throws {
        let engine = FlowEngine(provider: Self.formProvider)
        let request = HTTPRequest(url: URL(string: "https://api.example/me")!)
        let spaced = try engine.token(from: Self.response(Data(#"{"access_token":"abc def","token_type":"Bearer"}"#.utf8), contentType: "application/json"), at: .accessTokenResponse)
        #expect(throws: FlowError.tokenNotPlaceable(
            placement: "Authorization: Bearer <token>", expected: "an RFC 6750 §2.1 b64token (letters, digits, - . _ ~ + /, then any '=')", found: "a space at position 3"
        )) {
            try engine.protectedRequest(request, token: spaced)
        }
        for bad in ["=abc", "ab=c", "a==b", "a\"b", "a,b", "é", ""] {
            #expect(throws: FlowError.self) { try engine.protectedRequest(request, token: Token(accessToken: bad)) }
        }
        let fine = try engine.protectedRequest(request, token: Token(accessToken: "mF_9.B5f-4.1JqM/+~a=="))
        #expect(fine.headers["Authorization"] == "Bearer mF_9.B5f-4.1JqM/+~a==")
        #expect(try engine.protectedRequest(request, token: Token(accessToken: "a=")).headers["Authorization"] == "Bearer a=")
        do {
            _ = try engine.protectedRequest(request, token: spaced)
        } catch {
            #expect(!"\(error)".contains("abc"), "the error must not echo the token")
        }

        let inQuery = FlowEngine(provider: Provider(name: "q", displayName: "Q", endpoints: Endpoints(token: "https://as.example/token"), fixes: [Fix(id: "q.token-in-query", TokenInQuery())]))
        #expect(try inQuery.protectedRequest(request, token: spaced).url.query == "access_token=abc+def")
        let inHeader = FlowEngine(provider: Provider(name: "h", displayName: "H", endpoints: Endpoints(token: "https://as.example/token"), fixes: [Fix(id: "h.token-in-header", TokenInHeader(name: "X-Token"))]))
        #expect(try inHeader.protectedRequest(request, token: spaced).headers["X-Token"] == "abc def")
        #expect(throws: FlowError.self) { try inHeader.protectedRequest(request, token: Token(accessToken: "abc\r\nX: 1")) }
    }

    /// Salesforce's, Amazon's and eBay's tokens hold `!`, `|`, `^` and `#`, outside b64token: the
    /// strict core refuses them in a Bearer header, a provider's fix lets any visible character
    /// but the space through, and that fix is traced only when the token needs it.
    @Test func aBearerHeaderForTokensBeyondB64TokenIsAFixOfTheProvider() throws {
        let request = HTTPRequest(url: URL(string: "https://api.example/me")!)
        let provider = Provider(
            name: "v", displayName: "V", endpoints: Endpoints(token: "https://as.example/token"),
            fixes: [Fix(id: "v.bearer-token-any-visible-character", BearerTokenAnyVisibleCharacter())]
        )
        let lenient = FlowEngine(provider: provider)
        let strict = FlowEngine(provider: provider.strictCore)
        for token in ["00Dxx0000000123!AR8AQJXg5oj8", "Atza|IQEBLjAsAhRmHjNgHpi0U", "v^1.1#i^1#p^3#r^1", "v1u:AQIBAHj+LzTNK2yu"] {
            #expect(throws: FlowError.self) { try strict.protectedRequest(request, token: Token(accessToken: token)) }
            let trace = FixTrace()
            let placed = try lenient.protectedRequest(request, token: Token(accessToken: token), trace: trace)
            #expect(placed.headers["Authorization"] == "Bearer \(token)")
            #expect(trace.entries == [FixTrace.Entry(fix: "v.bearer-token-any-visible-character", hookPoint: .protectedRequest)])
        }
        let plain = FixTrace()
        #expect(try lenient.protectedRequest(request, token: Token(accessToken: "mF_9.B5f-4.1JqM"), trace: plain).headers["Authorization"] == "Bearer mF_9.B5f-4.1JqM")
        #expect(plain.entries.isEmpty, "a b64token goes as without the fix: the fix did not act")
        #expect(throws: FlowError.tokenNotPlaceable(
            placement: "Authorization: Bearer <token> (any visible ASCII)", expected: "visible ASCII without spaces (RFC 5234 VCHAR)", found: "a space at position 3"
        )) {
            try lenient.protectedRequest(request, token: Token(accessToken: "abc def"))
        }
        for bad in ["", "a\u{7F}b", "caf\u{E9}", "a\tb"] {
            #expect(throws: FlowError.self, "\(bad.debugDescription)") { try lenient.protectedRequest(request, token: Token(accessToken: bad)) }
        }
    }
}
