import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// The sandbox answering as each registered provider: built from the provider's recordings,
/// read by the provider's fixes, refused by the strict core.
@Suite struct SandboxEmulationTests {
    static let oauth2Providers = ProviderRegistry.builtIn.providers.filter { $0.version == .oauth2 }.map(\.name)

    /// A sandbox emulating `name`, in process, and a client for it with or without the fixes.
    struct Emulated {
        let sandbox: SandboxAuthorizationServer
        let provider: Provider

        init(_ name: String) throws {
            let emulation = try SandboxEmulation(providerNamed: name)
            sandbox = SandboxAuthorizationServer(
                clients: [emulation.client(id: "app", secret: "s3cret")], configuration: .init(autoApprove: true), issuer: "https://sandbox.test",
                emulation: emulation
            )
            provider = emulation.clientProvider(base: "https://sandbox.test", resourceOrigin: "https://sandbox.test")
            values = emulation.values
        }

        /// Stand-ins for the values the provider's clients are given.
        let values: [String: String]

        /// A client with the provider's fixes, or the strict core alone authenticating as the
        /// provider declares; `fired` collects the fixes that act.
        func client(strict: Bool = false, provider other: Provider? = nil, fired: FiredFixes? = nil) -> OAuthClient {
            let provider = other ?? provider
            var configuration = OAuthClient.Configuration()
            if strict { configuration.clientAuthentication = provider.clientAuthentication }
            if let fired { configuration.onFixesApplied = { fired.add($0) } }
            return OAuthClient(
                provider: strict ? provider.strictCore : provider, credentials: ClientCredentials(id: "app", secret: "s3cret"),
                transport: SandboxTransport(sandbox), configuration: configuration, endpointValues: values
            )
        }

        /// The code flow with automatic consent: the token, and the code and verifier used.
        func signIn(_ client: OAuthClient) async throws -> (token: Token, code: String, verifier: String?, state: String) {
            let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1/callback")
            let answer = try await SandboxTransport(sandbox).send(HTTPRequest(url: url), limits: .tokenEndpoint)
            guard let location = answer.headers["Location"],
                  let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value
            else { throw SignInRefused(status: answer.status, body: String(decoding: answer.body, as: UTF8.self)) }
            return (try await client.exchange(callback: location, pending: pending), code, pending.codeVerifier, pending.state)
        }

        /// Runs every flow with the fixes (each must pass) and with the strict core alone, and
        /// judges the two runs; `provider` replaces the emulated provider on the client side.
        func verdict(clientProvider: Provider? = nil) async throws -> (EmulationVerdict, [String]) {
            let fired = FiredFixes()
            let fixed = client(provider: clientProvider, fired: fired)
            let (token, code, verifier, state) = try await signIn(fixed)
            #expect(try await protectedRequestProblem(fixed) == nil)
            if token.refreshToken != nil {
                #expect(try await fixed.refresh().accessToken != token.accessToken)
            }
            #expect(await replayIsAnOAuthError(fixed, code: code, verifier: verifier, state: state))

            let strict = client(strict: true, provider: clientProvider)
            var failures: [String] = []
            do {
                let (strictToken, strictCode, strictVerifier, strictState) = try await signIn(strict)
                if let problem = try await protectedRequestProblem(strict) { failures.append(problem) }
                if token.refreshToken != nil, strictToken.refreshToken == nil { failures.append("no refresh token") }
                if strictToken.refreshToken != nil {
                    do { _ = try await strict.refresh() } catch { failures.append("refresh: \(error)") }
                }
                if !(await replayIsAnOAuthError(strict, code: strictCode, verifier: strictVerifier, state: strictState)) { failures.append("replayed code") }
            } catch {
                failures.append("sign-in: \(error)")
            }
            let verdict = EmulationVerdict(
                provider: clientProvider ?? provider, fired: fired.fixes, passedWithFixes: true, strictCorePassed: failures.isEmpty
            )
            return (verdict, failures)
        }

        /// Whether exchanging a used code gives the typed OAuth error the provider's fixes read
        /// from its recorded answer: its code, and its description when the recording has one.
        func replayIsAnOAuthError(_ client: OAuthClient, code: String, verifier: String?, state: String) async -> Bool {
            let expected: (code: String, description: String?) = sandbox.emulation?.replayedCodeError ?? ("invalid_grant", nil)
            do {
                _ = try await client.exchange(code: code, redirectURI: "http://127.0.0.1/callback", codeVerifier: verifier, state: state)
                return false
            } catch TokenResponseError.oauth(let error) {
                return error.code.rawValue == expected.code && (expected.description == nil || error.errorDescription == expected.description)
            } catch {
                return false
            }
        }

        /// What is wrong with a protected request: its status, or a scope the client reads
        /// otherwise than the server granted it (no scope in the token means the one requested).
        func protectedRequestProblem(_ client: OAuthClient) async throws -> String? {
            let response = try await userinfo(client)
            guard response.status == 200 else { return "protected request: \(response.status)" }
            let granted = (try JSONParser().parse(response.body)).objectValue?["scope"]?.stringValue?.split(separator: " ").map(String.init) ?? []
            let understood = try await client.currentToken()?.scope ?? provider.defaultScopes
            return Set(granted) == Set(understood) ? nil : "scope: the token says \(understood), the server granted \(granted)"
        }

        func userinfo(_ client: OAuthClient) async throws -> HTTPResponse {
            try await client.send(HTTPRequest(url: URL(string: "https://sandbox.test/userinfo")!))
        }
    }

    @Test(arguments: oauth2Providers)
    func recordedResponsesCarryFreshTokensThatTheFixesRead(name: String) throws {
        let emulation = try SandboxEmulation(providerNamed: name)
        for template in emulation.tokenTemplates + emulation.refreshTemplates {
            let rendered = template.render(accessToken: "fresh-access-token", refreshToken: template.refreshToken == nil ? nil : "fresh-refresh-token")
            let body = String(decoding: rendered.body, as: UTF8.self)
            #expect(!body.contains(template.accessToken), "\(template.name) still holds the recorded access token")
            #expect(rendered.status == template.response.status)
            #expect(rendered.headers == template.response.headers)
            let token = try FlowEngine(provider: emulation.provider).token(from: rendered, for: .clientCredentials(scopes: []))
            #expect(token.accessToken == "fresh-access-token", "\(template.name)")
            if let recordedRefresh = template.refreshToken {
                #expect(token.refreshToken == "fresh-refresh-token", "\(template.name)")
                let without = template.render(accessToken: "fresh-access-token", refreshToken: nil)
                #expect(!String(decoding: without.body, as: UTF8.self).contains(recordedRefresh), "\(template.name) still holds the recorded refresh token")
                #expect(try FlowEngine(provider: emulation.provider).token(from: without, for: .clientCredentials(scopes: [])).refreshToken == nil)
            }
        }
    }

    /// The whole point: with its fixes a client gets through every flow, and the strict core
    /// alone fails somewhere (on the token, the protected request, the refresh or an error)
    /// exactly when a fix acted in those flows; a provider whose fixes change nothing there is
    /// standard, and the strict core alone passes.
    @Test(arguments: oauth2Providers)
    func theStrictCoreAloneFailsExactlyWhereTheFixesAct(name: String) async throws {
        let (verdict, failures) = try await Emulated(name).verdict()
        #expect(verdict.succeeded, "\(name): \(verdict); the strict core alone: \(failures)")
    }

    /// The rule can fail: a fix the emulation does not know of acts, and the strict core alone
    /// still passes.
    @Test func aFixTheEmulationDoesNotDemandIsCaught() async throws {
        let emulated = try Emulated("battlenet")
        #expect(try await emulated.verdict().0 == .standard)
        let extra = Fix(id: "battlenet.unneeded-header", ExtraHeaders(["X-Unneeded": "1"], on: [.accessTokenRequest]))
        let (verdict, _) = try await emulated.verdict(clientProvider: emulated.provider.addingFixes([extra]))
        #expect(verdict == .strictCorePassesDespite(["battlenet.unneeded-header"]))
        #expect(!verdict.succeeded)
    }

    @Test func theVerdictOfEachCombination() throws {
        let atlassian = try ProviderRegistry.builtIn.provider(named: "atlassian")
        #expect(EmulationVerdict.callerChoices(of: atlassian) == ["atlassian.client-secret-in-body"])
        let choice: [FixID] = ["atlassian.client-secret-in-body"]
        let acting: [FixID] = ["atlassian.json-token-request-body"]
        #expect(EmulationVerdict(provider: atlassian, fired: choice + acting, passedWithFixes: true, strictCorePassed: false) == .fixesNeeded(acting))
        #expect(EmulationVerdict(provider: atlassian, fired: choice, passedWithFixes: true, strictCorePassed: true) == .standard)
        #expect(EmulationVerdict(provider: atlassian, fired: choice, passedWithFixes: true, strictCorePassed: false) == .strictCoreFailsWithoutFixes)
        #expect(EmulationVerdict(provider: atlassian, fired: acting, passedWithFixes: true, strictCorePassed: true) == .strictCorePassesDespite(acting))
        #expect(EmulationVerdict(provider: atlassian, fired: acting, passedWithFixes: false, strictCorePassed: false) == .failsWithFixes)
        #expect(EmulationVerdict.callerChoices(of: try ProviderRegistry.builtIn.provider(named: "battlenet")).isEmpty)
    }

    // MARK: What each emulation enforces

    func form(_ sandbox: SandboxAuthorizationServer, _ path: String, _ form: FormParameters, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return await sandbox.handle(LoopbackRequest(method: "POST", target: path, headers: all, body: Data(form.encoded().utf8)))
    }

    func code(_ sandbox: SandboxAuthorizationServer, extra: String = "") async throws -> String {
        let answer = await sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb" + extra))
        let location = try #require(answer.headers["Location"])
        return try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
    }

    /// Exchanges a code, authenticating as the emulated provider wants.
    func exchange(_ sandbox: SandboxAuthorizationServer, _ code: String, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        var parameters: FormParameters = ["grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1/cb"]
        let credentials = authenticated(sandbox, &parameters)
        return await form(sandbox, "/token", authenticated: credentials, parameters, headers: headers)
    }

    func form(_ sandbox: SandboxAuthorizationServer, _ path: String, authenticated headers: HTTPHeaders, _ parameters: FormParameters, headers more: HTTPHeaders) async -> HTTPResponse {
        var all = headers
        for field in more { all[field.name] = field.value }
        return await form(sandbox, path, parameters, headers: all)
    }

    func authenticated(_ sandbox: SandboxAuthorizationServer, _ parameters: inout FormParameters) -> HTTPHeaders {
        if sandbox.emulation?.provider.clientAuthentication == .post {
            parameters.append("client_id", "app")
            parameters.append("client_secret", "s3cret")
            return [:]
        }
        return ["Authorization": "Basic " + Data("app:s3cret".utf8).base64EncodedString()]
    }

    @Test func githubAnswersJSONOnlyWhenAsked() async throws {
        let sandbox = try Emulated("github").sandbox
        let form = await exchange(sandbox, try await code(sandbox))
        #expect(form.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let json = await exchange(sandbox, try await code(sandbox), headers: ["Accept": "application/json"])
        #expect(json.headers["Content-Type"] == "application/json; charset=utf-8")
        let any = await exchange(sandbox, try await code(sandbox), headers: ["Accept": "*/*"])
        #expect(any.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let replayed = await exchange(sandbox, "never-issued")
        #expect(replayed.status == 200)
        #expect(String(decoding: replayed.body, as: UTF8.self).contains("bad_verification_code"))
    }

    @Test func onlyAProviderThatAsksNegotiatesTheContentType() async throws {
        #expect(try SandboxEmulation(providerNamed: "github").negotiatesContentType)
        let facebook = try Emulated("facebook").sandbox
        #expect(facebook.emulation?.negotiatesContentType == false)
        let answer = await exchange(facebook, try await code(facebook), headers: ["Accept": "application/json"])
        #expect(answer.headers["Content-Type"] == "text/plain")
    }

    @Test func freshTokensAreEscapedForTheBody() throws {
        let emulation = try SandboxEmulation(providerNamed: "facebook")
        for template in emulation.tokenTemplates {
            let rendered = template.render(accessToken: "a&b=c+d\"e\\f%", refreshToken: nil)
            let token = try FlowEngine(provider: emulation.provider).token(from: rendered, for: .clientCredentials(scopes: []))
            #expect(token.accessToken == "a&b=c+d\"e\\f%", "\(template.name)")
        }
    }

    @Test func googleIssuesARefreshTokenOnlyForOfflineAccessAndKeepsIt() async throws {
        let emulated = try Emulated("google")
        #expect(try SandboxEmulation(providerNamed: "google").offlineParameters == ["access_type": "offline", "prompt": "consent"])
        let online = await exchange(emulated.sandbox, try await code(emulated.sandbox))
        #expect(try JSONParser().parse(online.body).objectValue?["refresh_token"] == nil)
        let offline = await exchange(emulated.sandbox, try await code(emulated.sandbox, extra: "&access_type=offline&prompt=consent"))
        let refreshToken = try #require(try JSONParser().parse(offline.body).objectValue?["refresh_token"]?.stringValue)
        for _ in 0..<2 {
            var parameters: FormParameters = ["grant_type": "refresh_token", "refresh_token": refreshToken]
            let credentials = authenticated(emulated.sandbox, &parameters)
            let refreshed = await form(emulated.sandbox, "/token", authenticated: credentials, parameters, headers: [:])
            #expect(refreshed.status == 200)
            #expect(try JSONParser().parse(refreshed.body).objectValue?["refresh_token"] == nil)
        }
    }

    @Test func twitchWantsPostedCredentialsAndAClientIdHeader() async throws {
        let emulated = try Emulated("twitch")
        let basic = "Basic " + Data("app:s3cret".utf8).base64EncodedString()
        let refused = await form(emulated.sandbox, "/token", ["grant_type": "client_credentials"], headers: ["Authorization": basic])
        #expect(refused.status == 401)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("expects client authentication client_secret_post"))
        let token = try await emulated.signIn(emulated.client()).token
        let bare = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken]))
        #expect(bare.status == 400)
        #expect(String(decoding: bare.body, as: UTF8.self).contains("Client-Id"))
        let wrongClient = await emulated.sandbox.handle(LoopbackRequest(
            method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken, "Client-Id": "someone-else"]
        ))
        #expect(wrongClient.status == 400)
        let right = await emulated.sandbox.handle(LoopbackRequest(
            method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken, "Client-Id": "app"]
        ))
        #expect(right.status == 200)
    }

    @Test func weiboTakesTheTokenInTheQueryOnly() async throws {
        let emulated = try Emulated("weibo")
        let token = try await emulated.signIn(emulated.client()).token
        let header = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken]))
        #expect(header.status == 401)
        let query = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo?access_token=" + token.accessToken))
        #expect(query.status == 200)
    }

    // MARK: Request shapes, learned from the fixes

    func json(_ sandbox: SandboxAuthorizationServer, _ path: String, _ object: JSONObject, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return await sandbox.handle(LoopbackRequest(method: "POST", target: path, headers: all, body: JSONWriter.data(.object(object))))
    }

    func description(_ response: HTTPResponse) -> String {
        (try? JSONParser().parse(response.body))?.objectValue?["error_description"]?.stringValue ?? String(decoding: response.body, as: UTF8.self)
    }

    @Test func notionAndAtlassianTakeTokenRequestsAsJSONOnly() async throws {
        for name in ["notion", "atlassian", "zendesk"] {
            let emulated = try Emulated(name)
            #expect(emulated.sandbox.emulation?.requestShape(at: .accessTokenRequest).encoding == .json)
            #expect(emulated.sandbox.emulation?.requestShape(at: .refreshRequest).encoding == .json)
            let refused = await exchange(emulated.sandbox, try await code(emulated.sandbox))
            #expect(refused.status == 400)
            #expect(description(refused).contains("expects a POST with an application/json body at the token endpoint"), "\(name)")
            var parameters: FormParameters = ["grant_type": "authorization_code", "code": try await code(emulated.sandbox), "redirect_uri": "http://127.0.0.1/cb"]
            let headers = authenticated(emulated.sandbox, &parameters)
            let accepted = await json(emulated.sandbox, "/token", JSONObject(parameters.map { .init(key: $0.name, value: .string($0.value)) }), headers: headers)
            #expect((200...299).contains(accepted.status), "\(name): \(description(accepted))")   // Zendesk answers 201
            let nested = await json(emulated.sandbox, "/token", ["grant_type": "authorization_code", "code": ["not": "a string"]], headers: headers)
            #expect(nested.status == 400)
        }
    }

    @Test func vkTakesTheCodeExchangeAsAGetAndRefreshesAsAForm() async throws {
        let emulated = try Emulated("vk")
        let emulation = try #require(emulated.sandbox.emulation)
        #expect(emulation.requestShape(at: .accessTokenRequest).encoding == .query)
        #expect(emulation.requestShape(at: .refreshRequest).isStandard)
        let posted = await exchange(emulated.sandbox, try await code(emulated.sandbox))
        #expect(posted.status == 400)
        #expect(description(posted).contains("VK expects a GET with the parameters in the query at the token endpoint, got a POST"))
        let query: FormParameters = [
            "grant_type": "authorization_code", "code": try await code(emulated.sandbox), "redirect_uri": "http://127.0.0.1/cb",
            "client_id": "app", "client_secret": "s3cret",
        ]
        let got = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/token?" + query.encoded()))
        #expect(got.status == 200, "\(description(got))")
        let refreshAsGet = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/token?grant_type=refresh_token&refresh_token=x"))
        #expect(description(refreshAsGet).contains("expects a POST with an application/x-www-form-urlencoded body"))
        // The protected resource wants the API version the fixes add.
        let token = try await emulated.signIn(emulated.client()).token
        let bare = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken]))
        #expect(bare.status == 400)
        #expect(description(bare).contains("VK expects the query parameter v"))
        let versioned = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo?v=5.199", headers: ["Authorization": "Bearer " + token.accessToken]))
        #expect(versioned.status == 200)
    }

    @Test func tiktokNamesTheClientClientKey() async throws {
        let emulated = try Emulated("tiktok")
        let emulation = try #require(emulated.sandbox.emulation)
        #expect(emulation.authorizationShape.renames == ["client_id": "client_key"])
        #expect(emulation.requestShape(at: .accessTokenRequest).renames == ["client_id": "client_key"])
        #expect(emulation.requestShape(at: .revocationRequest).renames == ["client_id": "client_key"])
        let standard = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        #expect(standard.status == 400)
        #expect(String(decoding: standard.body, as: UTF8.self).contains("names the parameter client_id client_key"))
        let renamed = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_key=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        let location = try #require(renamed.headers["Location"])
        let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
        let base: FormParameters = ["grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1/cb", "client_secret": "s3cret"]
        var withClientID = base
        withClientID.append("client_id", "app")
        let refused = await form(emulated.sandbox, "/token", withClientID)
        #expect(description(refused).contains("TikTok (Login Kit) names the parameter client_id client_key"))
        var withClientKey = base
        withClientKey.append("client_key", "app")
        #expect(await form(emulated.sandbox, "/token", withClientKey).status == 200)
    }

    @Test func etsyRegistersItsClientAsAPublicOne() async throws {
        let etsy = try SandboxEmulation(providerNamed: "etsy")
        #expect(etsy.client(id: "app", secret: "s3cret").isPublic)
        #expect(try SandboxEmulation(providerNamed: "github").client(id: "app", secret: "s3cret").secret == "s3cret")
        let emulated = try Emulated("etsy")
        let (token, _, _, _) = try await emulated.signIn(emulated.client())
        #expect(token.refreshToken != nil)
        // A public client without PKCE is refused, as Etsy requires PKCE.
        let noPKCE = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        #expect(noPKCE.headers["Location"]?.contains("error=invalid_request") == true)
    }

    @Test func boxGetsEachFreshTokenInItsOwnMember() throws {
        let box = try SandboxEmulation(providerNamed: "box")
        let template = try #require(box.tokenTemplates.first { $0.name == "token-response.json" })
        #expect(template.accessToken == template.refreshToken)
        let rendered = template.render(accessToken: "fresh-access", refreshToken: "fresh-refresh")
        let body = try #require(try JSONParser().parse(rendered.body).objectValue)
        #expect(body["access_token"] == "fresh-access")
        #expect(body["refresh_token"] == "fresh-refresh")
        let withoutRefresh = try #require(try JSONParser().parse(template.render(accessToken: "fresh-access", refreshToken: nil).body).objectValue)
        #expect(withoutRefresh["access_token"] == "fresh-access")
        #expect(withoutRefresh["refresh_token"] == nil)
    }

    @Test func theScopeARecordingAnnouncesIsTheScopeGranted() async throws {
        let emulated = try Emulated("bitbucket")
        let token = try await emulated.signIn(emulated.client()).token
        #expect(token.scope == ["account", "repository"])
        let info = await emulated.sandbox.handle(LoopbackRequest(method: "GET", target: "/userinfo", headers: ["Authorization": "Bearer " + token.accessToken]))
        #expect(try JSONParser().parse(info.body).objectValue?["scope"] == "account repository")
        let strict = emulated.client(strict: true)
        let strictToken = try await emulated.signIn(strict).token
        #expect(strictToken.scope == nil)
        #expect(try await emulated.protectedRequestProblem(strict)?.contains("the server granted") == true)
    }

    /// Parameters and headers a provider's fixes add to token requests are required; the
    /// emulation is built from the fixes alone.
    @Test func addedTokenRequestParametersAndHeadersAreRequired() async throws {
        let base = try ProviderRegistry.builtIn.provider(named: "battlenet")
        let provider = base.addingFixes([
            Fix(id: "acme.api-version", ExtraHeaders(["X-Api-Version": "2"], on: [.accessTokenRequest])),
            Fix(id: "acme.audience", ExtraParameters(["audience": "api-{client_id}"], on: [.accessTokenRequest])),
            Fix(id: "acme.secret-proof", ExtraHeaders(["X-Secret-Proof": "{client_secret}"], on: [.accessTokenRequest])),
        ])
        let emulation = try SandboxEmulation(provider: provider, recordings: BuiltInRecordings.recordings(for: "battlenet"))
        let shape = emulation.requestShape(at: .accessTokenRequest)
        // A value the sandbox cannot know before it authenticates the client is only required to be there.
        #expect(shape.requiredHeaders == ["X-Api-Version": "2", "X-Secret-Proof": "{client_secret}"])
        #expect(shape.requiredParameters == ["audience": "api-{client_id}"])
        #expect(emulation.requestShape(at: .refreshRequest).isStandard)
        let sandbox = SandboxAuthorizationServer(clients: [emulation.client(id: "app", secret: "s3cret")], configuration: .init(autoApprove: true), emulation: emulation)
        let bare = await exchange(sandbox, try await code(sandbox))
        #expect(description(bare).contains("Battle.net expects the parameter audience"))
        var parameters: FormParameters = ["grant_type": "authorization_code", "code": try await code(sandbox), "redirect_uri": "http://127.0.0.1/cb", "audience": "api-app"]
        let credentials = authenticated(sandbox, &parameters)
        let noHeader = await form(sandbox, "/token", authenticated: credentials, parameters, headers: [:])
        #expect(description(noHeader).contains("Battle.net expects the header X-Api-Version"))
        var again: FormParameters = ["grant_type": "authorization_code", "code": try await code(sandbox), "redirect_uri": "http://127.0.0.1/cb", "audience": "api-app"]
        _ = authenticated(sandbox, &again)
        let noProof = await form(sandbox, "/token", authenticated: credentials, again, headers: ["X-Api-Version": "2"])
        #expect(description(noProof).contains("Battle.net expects the header X-Secret-Proof"))
        let complete = await form(sandbox, "/token", authenticated: credentials, again, headers: ["X-Api-Version": "2", "X-Secret-Proof": "s3cret"])
        #expect(complete.status == 200, "\(description(complete))")
    }

    @Test func fitbitAnswersTheCodeExchangeLikeARefresh() throws {
        let emulation = try SandboxEmulation(providerNamed: "fitbit")
        #expect(emulation.tokenTemplates.map(\.name) == ["refresh-token.json"])
        #expect(emulation.recordedError(for: "invalid_grant", at: .accessTokenResponse)?.name == "code-error.json")
        #expect(emulation.recordedError(for: "invalid_grant", at: .refreshResponse)?.name == "refresh-error.json")
        #expect(emulation.recordedError(for: "invalid_client", at: .accessTokenResponse) == nil)
    }

    @Test func aProviderWithoutATokenRecordingCannotBeEmulated() throws {
        let provider = Provider(name: "bare", displayName: "Bare", endpoints: Endpoints())
        #expect(throws: SandboxEmulationError.self) { try SandboxEmulation(provider: provider, recordings: []) }
        #expect(throws: ProviderRegistryError.self) { try SandboxEmulation(providerNamed: "githb") }
    }
}

/// The fixes a client reports as acting, in order, without repeats.
final class FiredFixes: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [FixTrace.Entry] = []

    func add(_ more: [FixTrace.Entry]) {
        lock.withLock { entries += more }
    }

    var fixes: [FixID] {
        lock.withLock {
            var seen = Set<FixID>()
            return entries.compactMap { seen.insert($0.fix).inserted ? $0.fix : nil }
        }
    }
}

/// The authorization endpoint gave no redirect with a code.
struct SignInRefused: Error, CustomStringConvertible {
    let status: Int
    let body: String

    var description: String { "the authorization endpoint answered \(status): \(body)" }
}
