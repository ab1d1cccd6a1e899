import Foundation
import OAuth

/// The sandbox's OAuth 1.0a side (RFC 5849), served by ``SandboxAuthorizationServer`` under
/// `/oauth1/`: temporary credentials at `/oauth1/request_token`, authorization at
/// `/oauth1/authorize`, token credentials at `/oauth1/access_token`, and a protected resource
/// at `/oauth1/userinfo`. Every request's signature is checked (HMAC-SHA1, HMAC-SHA256 or
/// PLAINTEXT; header, query or body), with its timestamp and nonce (which PLAINTEXT may leave
/// out); refusals use the OAuth Problem Reporting extension (`oauth_problem`). The client's id
/// and secret are the consumer key and secret.
actor OAuth1SandboxServer {
    struct Temporary: Sendable {
        var secret: String
        var consumerKey: String
        var callback: String
        var verifier: String?
        var createdAt: Date
    }

    struct Issued: Sendable {
        var secret: String
        var consumerKey: String
        var user: String
    }

    let clients: any SandboxClientStore
    let configuration: SandboxAuthorizationServer.Configuration
    let clock: any WallClock
    let generate: SandboxAuthorizationServer.TokenGenerator
    let verifier = OAuth1RequestVerifier()
    var temporary: [String: Temporary] = [:]
    var issued: [String: Issued] = [:]
    var nonces: [String: Int] = [:]
    var consents: [String: String] = [:]

    init(clients: any SandboxClientStore, configuration: SandboxAuthorizationServer.Configuration, clock: any WallClock, generate: @escaping SandboxAuthorizationServer.TokenGenerator) {
        self.clients = clients
        self.configuration = configuration
        self.clock = clock
        self.generate = generate
    }

    /// Answers a request whose path starts with `/oauth1/`; `base` is the server's base URL, as
    /// clients sign it.
    func handle(_ request: LoopbackRequest, base: String) async -> HTTPResponse {
        do {
            switch (request.method, request.path) {
            case ("POST", "/oauth1/request_token"), ("GET", "/oauth1/request_token"): return try await requestToken(request, base: base)
            case ("GET", "/oauth1/authorize"): return authorize(request.queryParameters)
            case ("POST", "/oauth1/authorize"): return decide(request.formParameters)
            case ("POST", "/oauth1/access_token"), ("GET", "/oauth1/access_token"): return try await accessToken(request, base: base)
            case (_, "/oauth1/userinfo"): return try await userinfo(request, base: base)
            default: return Self.text(404, "Not found.")
            }
        } catch let problem as OAuth1RequestVerifier.Problem {
            // RFC 5849 §3.2: 400 for a bad request, 401 for bad credentials, token, signature or nonce.
            let status = [
                "signature_invalid", "nonce_used", "timestamp_refused", "consumer_key_unknown", "token_rejected", "token_expired",
                "verifier_invalid", "permission_unknown",
            ].contains(problem.name) ? 401 : 400
            return Self.problem(status, problem)
        } catch {
            return Self.text(500, "the sandbox's store failed: \(error)")
        }
    }

    /// Checks the signature with the client's secret and, when the request names a token, that
    /// token's secret from `secrets`.
    func verified(_ request: LoopbackRequest, base: String, tokenSecret: (String) -> String?) async throws -> OAuth1RequestVerifier.Signed {
        let signed = try verifier.protocolParameters(of: request)
        guard let client = try await clients.client(id: signed.consumerKey) else {
            throw OAuth1RequestVerifier.Problem(name: "consumer_key_unknown", advice: "no client \(signed.consumerKey)")
        }
        var secret: String?
        if let token = signed.token {
            guard let known = tokenSecret(token) else { throw OAuth1RequestVerifier.Problem(name: "token_rejected", advice: "unknown or used token") }
            secret = known
        }
        try verifier.verify(request, signed: signed, baseURL: base, clientSecret: client.secret, tokenSecret: secret, now: clock.now, nonces: &nonces)
        return signed
    }

    // MARK: Temporary credentials (§2.1)

    func requestToken(_ request: LoopbackRequest, base: String) async throws -> HTTPResponse {
        let signed = try await verified(request, base: base) { _ in nil }
        guard signed.token == nil else { throw OAuth1RequestVerifier.Problem(name: "parameter_rejected", advice: "no oauth_token on a request-token call") }
        guard let callback = signed.parameters["oauth_callback"], !callback.isEmpty else {
            throw OAuth1RequestVerifier.Problem(name: "parameter_absent", advice: "oauth_callback is required (RFC 5849 §2.1); use oob without one")
        }
        if callback != "oob" {
            guard let url = URL(string: callback), url.scheme != nil else {
                throw OAuth1RequestVerifier.Problem(name: "parameter_rejected", advice: "oauth_callback must be an absolute URI or oob")
            }
        }
        let token = generate(.authorizationCode), secret = generate(.refreshToken)
        temporary[token] = Temporary(secret: secret, consumerKey: signed.consumerKey, callback: callback, verifier: nil, createdAt: clock.now)
        return Self.form(200, ["oauth_token": token, "oauth_token_secret": secret, "oauth_callback_confirmed": "true"])
    }

    // MARK: Authorization (§2.2)

    func authorize(_ query: FormParameters) -> HTTPResponse {
        guard let token = query["oauth_token"], let pending = temporary[token], pending.verifier == nil,
              clock.now.timeIntervalSince(pending.createdAt) < TimeInterval(configuration.codeLifetime)
        else { return Self.text(400, "Unknown, used or expired oauth_token.") }
        if configuration.autoApprove { return approve(token) }
        let consent = Base64URL.encode(SecureRandom.bytes(16))
        consents[consent] = token
        let body = """
            <h1>Authorize \(Self.escape(pending.consumerKey))?</h1>
            <p>The application <strong>\(Self.escape(pending.consumerKey))</strong> asks to act for <strong>\(Self.escape(configuration.user))</strong> (OAuth 1.0a).</p>
            <form method="post" action="authorize">
            <input type="hidden" name="consent" value="\(consent)">
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """
        return Self.html(200, body)
    }

    func decide(_ form: FormParameters) -> HTTPResponse {
        guard let consent = form["consent"], let token = consents.removeValue(forKey: consent), let pending = temporary[token] else {
            return Self.text(400, "Unknown or used consent; start again.")
        }
        guard form["decision"] == "approve" else {
            temporary[token] = nil
            guard pending.callback != "oob" else { return Self.html(200, "<h1>Request denied</h1>") }
            return Self.redirect(pending.callback, ["denied": token])
        }
        return approve(token)
    }

    func approve(_ token: String) -> HTTPResponse {
        guard var pending = temporary[token] else { return Self.text(400, "Unknown oauth_token.") }
        let verifier = generate(.deviceCode)
        pending.verifier = verifier
        temporary[token] = pending
        guard pending.callback != "oob" else {
            return Self.html(200, "<h1>Authorized</h1><p>Enter this code in the application: <code>\(Self.escape(verifier))</code></p>")
        }
        return Self.redirect(pending.callback, ["oauth_token": token, "oauth_verifier": verifier])
    }

    // MARK: Token credentials (§2.3)

    func accessToken(_ request: LoopbackRequest, base: String) async throws -> HTTPResponse {
        let pendingTokens = temporary
        let signed = try await verified(request, base: base) { pendingTokens[$0]?.secret }
        guard let token = signed.token, let pending = temporary.removeValue(forKey: token) else {
            throw OAuth1RequestVerifier.Problem(name: "token_rejected", advice: "unknown or used temporary credentials")
        }
        guard clock.now.timeIntervalSince(pending.createdAt) < TimeInterval(configuration.codeLifetime) else {
            throw OAuth1RequestVerifier.Problem(name: "token_expired", advice: "the temporary credentials have expired; start again")
        }
        guard pending.consumerKey == signed.consumerKey else {
            throw OAuth1RequestVerifier.Problem(name: "token_rejected", advice: "the temporary credentials belong to another client")
        }
        guard let expected = pending.verifier else { throw OAuth1RequestVerifier.Problem(name: "permission_unknown", advice: "the user has not authorized the request token") }
        guard let given = signed.parameters["oauth_verifier"], constantTimeEquals(given.utf8, expected.utf8) else {
            throw OAuth1RequestVerifier.Problem(name: "verifier_invalid", advice: "oauth_verifier is missing or wrong")
        }
        let credentials = generate(.accessToken), secret = generate(.refreshToken)
        issued[credentials] = Issued(secret: secret, consumerKey: signed.consumerKey, user: configuration.user)
        return Self.form(200, ["oauth_token": credentials, "oauth_token_secret": secret])
    }

    // MARK: Protected resource

    func userinfo(_ request: LoopbackRequest, base: String) async throws -> HTTPResponse {
        let tokens = issued
        let signed = try await verified(request, base: base) { tokens[$0]?.secret }
        guard let token = signed.token, let credentials = issued[token], credentials.consumerKey == signed.consumerKey else {
            throw OAuth1RequestVerifier.Problem(name: "token_rejected", advice: "a protected request needs token credentials")
        }
        let body: JSONObject = [
            "sub": .string(credentials.user), "consumer_key": .string(signed.consumerKey),
            "signature_method": .string(signed.parameters["oauth_signature_method"] ?? ""), "method": .string(request.method),
        ]
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: JSONWriter.data(.object(body)))
    }

    // MARK: Responses

    static func form(_ status: Int, _ parameters: KeyValuePairs<String, String>) -> HTTPResponse {
        var form = FormParameters()
        for (name, value) in parameters { form.append(name, value) }
        return HTTPResponse(status: status, headers: ["Content-Type": MediaType.formURLEncoded, "Cache-Control": "no-store"], body: Data(form.encoded().utf8))
    }

    static func problem(_ status: Int, _ problem: OAuth1RequestVerifier.Problem) -> HTTPResponse {
        var response = form(status, ["oauth_problem": problem.name, "oauth_problem_advice": problem.advice])
        response.headers["WWW-Authenticate"] = #"OAuth realm="sandbox""#
        return response
    }

    static func redirect(_ callback: String, _ parameters: KeyValuePairs<String, String>) -> HTTPResponse {
        var form = FormParameters()
        for (name, value) in parameters { form.append(name, value) }
        return HTTPResponse(status: 302, headers: ["Location": callback + (callback.contains("?") ? "&" : "?") + form.encoded(), "Cache-Control": "no-store"])
    }

    static func text(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(message.utf8))
    }

    static func html(_ status: Int, _ body: String) -> HTTPResponse {
        let document = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sandbox authorization server</title></head><body>\(body)</body></html>"
        return HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], body: Data(document.utf8))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
