import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// What an emulation does beyond the request shapes it learns by probing: the server sides of
/// providers' own blocks, the values their clients are given, `Accept` as a requirement, the
/// issuer, XML token bodies and error shapes the strict core cannot read.
@Suite struct SandboxServerSideTests {
    typealias Emulated = SandboxEmulationTests.Emulated

    func code(_ sandbox: SandboxAuthorizationServer, query: String = "response_type=code") async throws -> String {
        let answer = await sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?\(query)&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        let location = try #require(answer.headers["Location"], "\(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        return try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
    }

    func post(_ sandbox: SandboxAuthorizationServer, _ path: String, _ form: FormParameters, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return await sandbox.handle(LoopbackRequest(method: "POST", target: path, headers: all, body: Data(form.encoded().utf8)))
    }

    func text(_ response: HTTPResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    // MARK: Server sides of providers' blocks

    @Test func smartsheetVerifiesTheHashAndNeverTakesTheSecret() async throws {
        let emulated = try Emulated("smartsheet")
        #expect(emulated.sandbox.emulation?.counterparts.map(\.fix) == ["smartsheet.secret-hash"])
        let basic = "Basic " + Data("app:s3cret".utf8).base64EncodedString()
        let standard = await post(emulated.sandbox, "/token", ["grant_type": "authorization_code", "code": try await code(emulated.sandbox), "redirect_uri": "http://127.0.0.1/cb"], headers: ["Authorization": basic])
        #expect(standard.status == 400)
        #expect(text(standard).contains("Smartsheet expects client_id, code and hash"))
        let issued = try await code(emulated.sandbox)
        let wrong = await post(emulated.sandbox, "/token", [
            "grant_type": "authorization_code", "code": issued, "redirect_uri": "http://127.0.0.1/cb", "client_id": "app",
            "hash": Self.hex(SHA256.hash("other-secret|\(issued)".utf8)),
        ])
        #expect(wrong.status == 401)
        #expect(!text(wrong).contains("s3cret"))
        let fresh = try await code(emulated.sandbox)
        let right = await post(emulated.sandbox, "/token", [
            "grant_type": "authorization_code", "code": fresh, "redirect_uri": "http://127.0.0.1/cb", "client_id": "app",
            "hash": Self.hex(SHA256.hash("s3cret|\(fresh)".utf8)),
        ])
        #expect(right.status == 200, "\(text(right))")
        // With its fixes a client gets through, refresh included.
        let client = emulated.client()
        let token = try await emulated.signIn(client).token
        #expect(try await client.refresh().accessToken != token.accessToken)
    }

    @Test func azureDevOpsTakesItsAssertionGrantAndKnowsTheAppByItsSecret() async throws {
        let emulated = try Emulated("azure-devops")
        let standard = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        #expect(standard.status == 400)
        #expect(text(standard).contains("Azure DevOps expects response_type=Assertion"))
        let issued = try await code(emulated.sandbox, query: "response_type=Assertion")
        let assertion: FormParameters = [
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": "not-the-secret",
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": issued, "redirect_uri": "http://127.0.0.1/cb",
        ]
        let unknown = await post(emulated.sandbox, "/token", assertion)
        #expect(unknown.status == 401)
        var right = assertion
        right["client_assertion"] = "s3cret"
        let answer = await post(emulated.sandbox, "/token", right)
        #expect(answer.status == 200, "\(text(answer))")
        let asCode = await post(emulated.sandbox, "/token", ["grant_type": "authorization_code", "code": try await code(emulated.sandbox, query: "response_type=Assertion"), "redirect_uri": "http://127.0.0.1/cb", "client_id": "app", "client_secret": "s3cret"])
        #expect(asCode.status == 400)
    }

    @Test func pocketTakesConsumerKeyAndCodeAndReadsCredentialsFromTheBody() async throws {
        let emulated = try Emulated("getpocket")
        let exchange = await post(emulated.sandbox, "/token", ["consumer_key": "app", "code": try await code(emulated.sandbox)], headers: ["X-Accept": "application/json"])
        #expect(exchange.status == 200, "\(text(exchange))")
        let token = try #require(try JSONParser().parse(exchange.body).objectValue?["access_token"]?.stringValue)
        let extra = await post(emulated.sandbox, "/token", ["consumer_key": "app", "code": try await code(emulated.sandbox), "redirect_uri": "http://127.0.0.1/cb"], headers: ["X-Accept": "application/json"])
        #expect(extra.status == 400)
        let header = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token]))
        #expect(header.status == 401)
        let body = await post(emulated.sandbox, "/userinfo", ["consumer_key": "app", "access_token": token])
        #expect(body.status == 200, "\(text(body))")
        let stranger = await post(emulated.sandbox, "/userinfo", ["consumer_key": "someone-else", "access_token": token])
        #expect(stranger.status == 403)
    }

    @Test func okRuChecksTheSignatureOfEachCall() async throws {
        let emulated = try Emulated("odnoklassniki")
        let client = emulated.client()
        let token = try await emulated.signIn(client).token
        #expect(try await emulated.protectedRequestProblem(client) == nil)
        let unsigned = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo?application_key=sandbox-application_key&access_token=" + token.accessToken))
        #expect(unsigned.status == 400)
        #expect(text(unsigned).contains("OK.ru expects the call signed with sig"))
        let forged = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo?application_key=sandbox-application_key&sig=0123&access_token=" + token.accessToken))
        #expect(forged.status == 401)
    }

    @Test func shopifySignsTheCallbackItSends() async throws {
        let emulated = try Emulated("shopify")
        let answer = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&state=xyz"))
        let location = try #require(answer.headers["Location"])
        let items = try #require(URLComponents(string: location)?.queryItems)
        var parameters = FormParameters()
        for item in items { parameters.append(item.name, item.value ?? "") }
        #expect(parameters["shop"] == "sandbox-shop.myshopify.com")
        let message = parameters.filter { $0.name != "hmac" }.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        #expect(parameters["hmac"] == Self.hex(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), key: Array("s3cret".utf8))))
        // The client with Shopify's fixes verifies it and goes on; one told another shop refuses it.
        _ = try await emulated.signIn(emulated.client())
        let otherShop = OAuthClient(
            provider: emulated.provider, credentials: ClientCredentials(id: "app", secret: "s3cret"), transport: SandboxTransport(emulated.sandbox),
            endpointValues: ["shop": "another-shop"]
        )
        await #expect(throws: (any Error).self) { try await emulated.signIn(otherShop) }
    }

    // MARK: Values, Accept, issuer

    @Test func theValuesClientsAreGivenAreRequiredAsGiven() async throws {
        let emulated = try Emulated("harvest")
        #expect(emulated.values == ["account_id": "sandbox-account_id", "user_agent": "sandbox-user_agent"])
        let token = try await emulated.signIn(emulated.client()).token
        let bearer = "Bearer " + token.accessToken
        let bare = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": bearer]))
        #expect(bare.status == 400)
        let otherAgent = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: [
            "Authorization": bearer, "Harvest-Account-Id": "sandbox-account_id", "User-Agent": "Foundation (unknown version)",
        ]))
        #expect(otherAgent.status == 400)
        #expect(text(otherAgent).contains("expects the header User-Agent"))
        let given = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: [
            "Authorization": bearer, "Harvest-Account-Id": "sandbox-account_id", "User-Agent": "sandbox-user_agent",
        ]))
        #expect(given.status == 200)
    }

    /// Recordings that show only the answer to a request with `Accept` make it a requirement;
    /// GitHub's, which show the other answer too, keep content negotiation.
    @Test func acceptIsRequiredWhereNoRecordingShowsTheOtherAnswer() async throws {
        for name in ["mercadolibre", "orcid", "quickbooks", "vimeo"] {
            let emulation = try SandboxEmulation(providerNamed: name)
            #expect(!emulation.negotiatesContentType, "\(name)")
            #expect(emulation.requestShape(at: .accessTokenRequest).requiredHeaders.fields.contains { $0.name.lowercased() == "accept" }, "\(name)")
        }
        #expect(try SandboxEmulation(providerNamed: "github").negotiatesContentType)
        #expect(try SandboxEmulation(providerNamed: "github").requestShape(at: .accessTokenRequest).requiredHeaders["Accept"] == nil)
        let orcid = try Emulated("orcid")
        let form: FormParameters = ["grant_type": "authorization_code", "redirect_uri": "http://127.0.0.1/cb", "client_id": "app", "client_secret": "s3cret"]
        var without = form
        without["code"] = try await code(orcid.sandbox)
        let refused = await post(orcid.sandbox, "/token", without)
        #expect(refused.status == 400)
        #expect(text(refused).contains("ORCID expects the header Accept"))
        var with = form
        with["code"] = try await code(orcid.sandbox)
        #expect(await post(orcid.sandbox, "/token", with, headers: ["Accept": "application/json"]).status == 200)
    }

    /// Buffer sends `iss` with every redirect: the sandbox sends its own, the client's provider
    /// takes the sandbox's issuer with its endpoints, and a client expecting another refuses it.
    @Test func bufferSendsTheSandboxsIssuerAndTheClientChecksIt() async throws {
        let emulated = try Emulated("buffer")
        #expect(emulated.provider.issuer == "https://sandbox.test")
        #expect(emulated.provider.issuerInAuthorizationResponse)
        _ = try await emulated.signIn(emulated.client())
        var elsewhere = emulated.provider
        elsewhere.issuer = "https://auth.buffer.com"
        await #expect(throws: (any Error).self) { try await emulated.signIn(emulated.client(provider: elsewhere)) }
    }

    // MARK: Bodies and errors

    @Test func concurLegacyAnswersXMLWithFreshTokensEscaped() throws {
        let emulation = try SandboxEmulation(providerNamed: "concur-legacy")
        let template = try #require(emulation.tokenTemplates.first)
        #expect(template.refreshToken != nil)
        let rendered = template.render(accessToken: "a&b<c>\"d'", refreshToken: "fresh-refresh")
        #expect(String(decoding: rendered.body, as: UTF8.self).contains("a&amp;b&lt;c&gt;&quot;d&apos;"))
        let token = try FlowEngine(provider: emulation.provider).token(from: rendered, for: .clientCredentials(scopes: []))
        #expect(token.accessToken == "a&b<c>\"d'")
        #expect(token.refreshToken == "fresh-refresh")
        let withoutRefresh = template.render(accessToken: "fresh", refreshToken: nil)
        #expect(!String(decoding: withoutRefresh.body, as: UTF8.self).contains("Refresh_Token"))
        #expect(try FlowEngine(provider: emulation.provider).token(from: withoutRefresh, for: .clientCredentials(scopes: [])).refreshToken == nil)
    }

    /// A JSONP token body gets its fresh token in the text, escaped as a JSON string is.
    @Test func aJSONPTemplateGetsItsFreshTokensInTheText() throws {
        let provider = Provider(
            name: "acme", displayName: "Acme", endpoints: Endpoints(authorization: "https://acme.example/authorize", token: "https://acme.example/token"),
            fixes: [Fix(id: "acme.jsonp", JSONPBody())]
        )
        let recording = try Recording.decode(Data(#"""
            {"title": "A token in JSONP", "source": "written for this test", "hookPoint": "access-token-response",
             "response": {"status": 200, "headers": {"Content-Type": "text/javascript"},
                          "body": "callback( {\"access_token\":\"recorded-token\",\"token_type\":\"Bearer\"} );"},
             "expect": {"token": {"access_token": "recorded-token", "token_type": "Bearer"}}}
            """#.utf8))
        let emulation = try SandboxEmulation(provider: provider, recordings: [recording])
        let rendered = try #require(emulation.tokenTemplates.first).render(accessToken: "fresh\"quote", refreshToken: nil)
        let body = String(decoding: rendered.body, as: UTF8.self)
        #expect(body.hasPrefix("callback( {"))
        #expect(!body.contains("recorded-token"))
        #expect(try FlowEngine(provider: provider).token(from: rendered, for: .clientCredentials(scopes: [])).accessToken == "fresh\"quote")
    }

    /// MyAnimeList says what went wrong in `message`: the strict core reads the code but loses
    /// what the provider said, which fails the replayed-code flow; the fixes read both.
    @Test func anErrorTheStrictCoreReadsOnlyInPartFailsTheReplay() async throws {
        let emulated = try Emulated("myanimelist")
        let expected = try #require(emulated.sandbox.emulation?.replayedCodeError)
        #expect(expected.code == "invalid_grant")
        #expect(expected.description?.hasPrefix("The provided authorization grant") == true)
        let fixed = emulated.client()
        let (_, code, verifier, state) = try await emulated.signIn(fixed)
        #expect(await emulated.replayIsAnOAuthError(fixed, code: code, verifier: verifier, state: state))
        let strict = emulated.client(strict: true)
        let (_, strictCode, strictVerifier, strictState) = try await emulated.signIn(strict)
        #expect(!(await emulated.replayIsAnOAuthError(strict, code: strictCode, verifier: strictVerifier, state: strictState)))
    }
}
