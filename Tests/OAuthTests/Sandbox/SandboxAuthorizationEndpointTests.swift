import Foundation
import OAuth
import OAuthTesting
import Testing

/// The sandbox's authorization endpoint refuses what RFC 6749 §4.1.2.1 and RFC 7636 §4.4.1
/// say it must, shows a consent page, and grants.
@Suite struct SandboxAuthorizationEndpointTests {
    let harness = SandboxHarness()

    @Test func aValidRequestIsGrantedWithStateAndIssuer() async throws {
        let response = await harness.authorize()
        #expect(response.status == 302)
        #expect(response.headers["Location"]?.hasPrefix(SandboxHarness.redirectURI + "?code=") == true)
        let parameters = try SandboxHarness.redirectParameters(response)
        #expect(parameters["state"] == "st4te")
        #expect(parameters["iss"] == "http://127.0.0.1:1")
    }

    /// Errors about the client or the redirect URI are never sent to the redirect URI.
    @Test(arguments: [
        (["client_id": nil], "client_id is missing"),
        (["client_id": "nobody"], "unknown client_id"),
        (["redirect_uri": "https://evil.example/callback"], "redirect_uri is not registered"),
        (["redirect_uri": nil], "redirect_uri is missing"),
    ] as [([String: String?], String)])
    func clientAndRedirectErrorsAreShownNotRedirected(changes: [String: String?], message: String) async throws {
        let response = await harness.authorize(changes)
        #expect(response.status == 400)
        #expect(response.headers["Location"] == nil)
        #expect(String(decoding: response.body, as: UTF8.self).contains(message))
    }

    @Test func aRepeatedParameterIsRefused() async {
        let response = await harness.get("/authorize?response_type=code&client_id=app&client_id=app&redirect_uri=" + FormParameters.encodeComponent(SandboxHarness.redirectURI))
        #expect(response.status == 400)
        #expect(String(decoding: response.body, as: UTF8.self).contains("client_id given more than once"))
    }

    /// Other errors go back to the client with `state` (RFC 6749 §4.1.2.1).
    @Test(arguments: [
        (["response_type": nil], "invalid_request"),
        (["response_type": "token"], "unsupported_response_type"),
        (["response_type": "id_token"], "unsupported_response_type"),
        (["code_challenge_method": "S512"], "invalid_request"),
        (["code_challenge": "too-short"], "invalid_request"),
        (["code_challenge": nil], "invalid_request"),
        (["scope": "read \"write\""], "invalid_scope"),
        (["scope": "read  write"], "invalid_scope"),
    ] as [([String: String?], String)])
    func requestErrorsAreRedirectedWithState(changes: [String: String?], error: String) async throws {
        let parameters = try SandboxHarness.redirectParameters(await harness.authorize(changes))
        #expect(parameters["error"] == error)
        #expect(parameters["state"] == "st4te")
        #expect(parameters["code"] == nil)
    }

    @Test func aPublicClientMustUsePKCEAndAConfidentialOneMayNot() async throws {
        let refused = try SandboxHarness.redirectParameters(
            await harness.authorize(["client_id": "public-app", "code_challenge": nil, "code_challenge_method": nil])
        )
        #expect(refused["error"] == "invalid_request")
        #expect(refused["error_description"] == "a public client must send a PKCE code_challenge")
        let confidential = try SandboxHarness.redirectParameters(await harness.authorize(["code_challenge": nil, "code_challenge_method": nil]))
        #expect(confidential["code"] != nil)
    }

    @Test func aRegisteredRedirectURIMustMatchExactly() async throws {
        let harness = SandboxHarness(clients: [SandboxClient(id: "app", secret: "s3cret", redirectURIs: ["https://app.example/cb"])])
        #expect(await harness.authorize(["redirect_uri": "https://app.example/cb/"]).status == 400)
        #expect(await harness.authorize(["redirect_uri": "http://127.0.0.1:9000/callback"]).status == 400)
        let granted = await harness.authorize(["redirect_uri": nil])
        #expect(granted.headers["Location"]?.hasPrefix("https://app.example/cb?code=") == true)
    }

    @Test func withoutAutoApprovalAConsentPageAsksAndEachDecisionCountsOnce() async throws {
        let harness = SandboxHarness(configuration: .init())
        let page = await harness.authorize()
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("Authorize app?"))
        #expect(html.contains("<code>read write</code>"))
        let consent = try #require(html.range(of: #"name="consent" value=""#).map { String(html[$0.upperBound...].prefix { $0 != "\"" }) })

        let approved = await harness.post("/authorize", ["consent": consent, "decision": "approve"])
        #expect(try SandboxHarness.redirectParameters(approved)["code"] != nil)
        #expect(try SandboxHarness.redirectParameters(approved)["state"] == "st4te")
        let again = await harness.post("/authorize", ["consent": consent, "decision": "approve"])
        #expect(again.status == 400)

        let second = String(decoding: await harness.authorize().body, as: UTF8.self)
        let other = try #require(second.range(of: #"name="consent" value=""#).map { String(second[$0.upperBound...].prefix { $0 != "\"" }) })
        let denied = try SandboxHarness.redirectParameters(await harness.post("/authorize", ["consent": other, "decision": "deny"]))
        #expect(denied["error"] == "access_denied")
        #expect(denied["code"] == nil)
    }

    @Test func theConsentPageEscapesWhatTheClientSent() async throws {
        let harness = SandboxHarness(configuration: .init())
        let page = String(decoding: await harness.authorize(["scope": "<script>"]).body, as: UTF8.self)
        #expect(page.contains("&lt;script&gt;"))
        #expect(!page.contains("<script>"))
    }

    @Test func theImplicitGrantAnswersOnlyWhenEnabled() async throws {
        let off = try SandboxHarness.redirectParameters(await harness.authorize(["response_type": "token"]))
        #expect(off["error"] == "unsupported_response_type")

        let harness = SandboxHarness(configuration: .init(autoApprove: true, allowImplicit: true))
        let response = await harness.authorize(["response_type": "token", "code_challenge": nil, "code_challenge_method": nil])
        let location = try #require(response.headers["Location"])
        #expect(location.hasPrefix(SandboxHarness.redirectURI + "#access_token="))
        let fragment = try SandboxHarness.redirectParameters(response)
        #expect(fragment["token_type"] == "Bearer")
        #expect(fragment["state"] == "st4te")
        #expect(await harness.userinfo(try #require(fragment["access_token"])).status == 200)
        #expect(String(decoding: await harness.get("/.well-known/oauth-authorization-server").body, as: UTF8.self).contains(#""implicit""#))
    }

    @Test func metadataNamesEveryEndpointAndWhatIsSupported() async throws {
        let metadata = try SandboxHarness.json(await harness.get("/.well-known/oauth-authorization-server"))
        let base = "http://127.0.0.1:1"
        #expect(metadata["issuer"] == .string(base))
        #expect(metadata["authorization_endpoint"] == .string(base + "/authorize"))
        #expect(metadata["token_endpoint"] == .string(base + "/token"))
        #expect(metadata["revocation_endpoint"] == .string(base + "/revoke"))
        #expect(metadata["introspection_endpoint"] == .string(base + "/introspect"))
        #expect(metadata["device_authorization_endpoint"] == .string(base + "/device_authorization"))
        #expect(metadata["userinfo_endpoint"] == .string(base + "/userinfo"))
        #expect(metadata["code_challenge_methods_supported"] == ["S256", "plain"])
        #expect(metadata["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post", "none"])
        #expect(metadata["grant_types_supported"]?.arrayValue?.contains("urn:ietf:params:oauth:grant-type:device_code") == true)
        #expect(metadata["grant_types_supported"]?.arrayValue?.contains("implicit") == false)
    }

    @Test func unknownPathsAndMethodsAreRefused() async {
        #expect(await harness.get("/nowhere").status == 404)
        #expect(await harness.get("/token").status == 405)
        #expect(await harness.sandbox.handle(LoopbackRequest(method: "DELETE", target: "/authorize")).status == 405)
    }
}

/// RFC 6749 §3.1 and §3.1.2 details.
@Suite struct SandboxParameterRulesTests {
    let harness = SandboxHarness()

    @Test func aParameterWithoutAValueCountsAsOmitted() async throws {
        let granted = try SandboxHarness.redirectParameters(await harness.authorize(["scope": ""]))
        let code = try #require(granted["code"])
        let token = try SandboxHarness.json(await harness.exchange(code))
        #expect(token["scope"] == nil)
        let form = await harness.post("/token", ["grant_type": "client_credentials", "scope": ""], basic: ("app", "s3cret"))
        #expect(form.status == 200)
    }

    @Test func aRedirectURIWithAFragmentIsRefused() async {
        let response = await harness.authorize(["redirect_uri": SandboxHarness.redirectURI + "#x"])
        #expect(response.status == 400)
        #expect(response.headers["Location"] == nil)
    }

    @Test func aSecretInTheURLIsRefused() async {
        let response = await harness.sandbox.handle(LoopbackRequest(
            method: "POST", target: "/token?client_secret=s3cret", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=app".utf8)
        ))
        #expect(response.status == 400)
        #expect(SandboxHarness.error(response) == "invalid_request")
    }
}

/// Redirect URIs are matched strictly, except for the port of a loopback IP (RFC 8252 §7.3).
@Suite struct SandboxRedirectURITests {
    @Test(arguments: [
        "http://127.0.0.1/cb\r\nSet-Cookie:x=y", "http://evil.example\\@127.0.0.1/cb", "http://user@127.0.0.1/cb", "http://127.0.0.1/cb#frag",
        "http://127.0.0.1/ cb", "https://app.example/cb", "http://127.0.0.1.evil.example/cb", "javascript:alert(1)",
    ])
    func unregisteredClientsGetOnlyPlainLoopbackURIs(uri: String) async {
        let harness = SandboxHarness()
        let response = await harness.authorize(["redirect_uri": uri])
        #expect(response.status == 400, "\(uri)")
        #expect(response.headers["Location"] == nil)
    }

    @Test func aRegisteredLoopbackIPTakesAnyPortButNothingElseChanges() async throws {
        let harness = SandboxHarness(clients: [SandboxClient(id: "app", secret: "s3cret", redirectURIs: ["http://127.0.0.1:8400/callback", "http://[::1]/cb"])])
        #expect(try SandboxHarness.redirectParameters(await harness.authorize(["redirect_uri": "http://127.0.0.1:51234/callback"]))["code"] != nil)
        #expect(try SandboxHarness.redirectParameters(await harness.authorize(["redirect_uri": "http://[::1]:6000/cb"]))["code"] != nil)
        #expect(await harness.authorize(["redirect_uri": "http://127.0.0.1:51234/other"]).status == 400)
        #expect(await harness.authorize(["redirect_uri": "http://localhost:8400/callback"]).status == 400)
        #expect(await harness.authorize(["redirect_uri": "http://127.0.0.1:8400/callback?x=1"]).status == 400)
    }

    @Test func theIssuerIsAdvertisedOnlyWhenSent() async throws {
        let standard = try SandboxHarness.json(await SandboxHarness().get("/.well-known/oauth-authorization-server"))
        #expect(standard["authorization_response_iss_parameter_supported"] == true)
        let unnamed = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s")], configuration: .init(autoApprove: true))
        let metadata = try SandboxHarness.json(await unnamed.handle(LoopbackRequest(method: "GET", target: "/.well-known/oauth-authorization-server")))
        #expect(metadata["authorization_response_iss_parameter_supported"] == false)
        let redirect = await unnamed.handle(LoopbackRequest(method: "GET", target: "/authorize?response_type=code&client_id=app&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb"))
        #expect(try SandboxHarness.redirectParameters(redirect)["iss"] == nil)
    }

    @Test func basicCredentialsKeepAnAmpersand() async {
        let harness = SandboxHarness(clients: [SandboxClient(id: "app", secret: "s3cret&more")])
        #expect(await harness.post("/token", ["grant_type": "client_credentials"], basic: ("app", "s3cret&more")).status == 200)
        let truncated = await harness.post("/token", ["grant_type": "client_credentials"], headers: [
            "Authorization": "Basic " + Data("app:s3cret".utf8).base64EncodedString(),
        ])
        #expect(truncated.status == 401)
    }
}
