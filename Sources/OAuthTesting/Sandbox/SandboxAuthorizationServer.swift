import Foundation
import OAuth

/// A small OAuth 2.0 authorization server for tests and offline use, standard to the letter:
/// authorization code with PKCE (S256 and plain; required for public clients), client
/// credentials, resource-owner password, and refresh with rotation (the old refresh token stops
/// working); client authentication `client_secret_basic`, `client_secret_post` and `none`;
/// RFC 6749 error responses; and a protected resource at `/userinfo` that says whom the token
/// belongs to.
///
/// Use it in process as a transport (``SandboxTransport``) or on a loopback port:
///
/// ```swift
/// let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")])
/// let server = LoopbackHTTPServer(handler: sandbox.handle)
/// try server.start()
/// ```
///
/// Every authorization request a valid client makes is approved at once, for the user
/// `sandbox-user`: the sandbox is for running flows, not for people.
public actor SandboxAuthorizationServer {
    /// Makes access and refresh tokens, authorization codes: random base64url by default.
    public typealias TokenGenerator = @Sendable (_ kind: String) -> String

    /// The clients.
    public private(set) var clients: [String: SandboxClient]
    /// Users for the password grant, name to password.
    public private(set) var users: [String: String]
    /// Access token lifetime in seconds.
    public let accessTokenLifetime: Int
    /// The issuer sent as `iss` with authorization responses (RFC 9207), once known.
    public private(set) var issuer: String?
    let generate: TokenGenerator
    let clock: any WallClock

    struct Grant: Sendable {
        var clientID: String
        var user: String?
        var scope: [String]
    }

    struct PendingCode: Sendable {
        var grant: Grant
        var redirectURI: String
        var challenge: String?
        var challengeMethod: String?
        var expiresAt: Date
    }

    struct IssuedToken: Sendable {
        var grant: Grant
        var expiresAt: Date
    }

    var codes: [String: PendingCode] = [:]
    var accessTokens: [String: IssuedToken] = [:]
    var refreshTokens: [String: Grant] = [:]

    /// Creates a sandbox.
    public init(
        clients: [SandboxClient], users: [String: String] = [:], accessTokenLifetime: Int = 3600, issuer: String? = nil,
        clock: any WallClock = SystemClock(), tokenGenerator: TokenGenerator? = nil
    ) {
        self.clients = Dictionary(clients.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        self.users = users
        self.accessTokenLifetime = accessTokenLifetime
        self.issuer = issuer
        self.clock = clock
        self.generate = tokenGenerator ?? { _ in Base64URL.encode(SecureRandom.bytes(24)) }
    }

    /// Sets the issuer, for a server that learns its address after binding a port.
    public func setIssuer(_ issuer: String) {
        self.issuer = issuer
    }

    /// Answers one HTTP request.
    public func handle(_ request: LoopbackRequest) async -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/authorize"): return authorize(request.queryParameters)
        case ("POST", "/token"): return token(request)
        case ("GET", "/userinfo"), ("POST", "/userinfo"): return userinfo(request)
        case (_, "/authorize"), (_, "/token"), (_, "/userinfo"):
            return HTTPResponse(status: 405, headers: ["Content-Type": "text/plain"], body: Data("method not allowed".utf8))
        default:
            return HTTPResponse(status: 404, headers: ["Content-Type": "text/plain"], body: Data("not found".utf8))
        }
    }

    // MARK: Authorization endpoint (RFC 6749 §4.1.1, RFC 7636 §4.3)

    func authorize(_ query: FormParameters) -> HTTPResponse {
        if let duplicate = Set(query.map(\.name)).first(where: { name in query.values(for: name).count > 1 }) {
            return page(400, "invalid_request: \(duplicate) given more than once")
        }
        guard let clientID = query["client_id"], let client = clients[clientID] else { return page(400, "invalid_request: unknown client_id") }
        guard let redirectURI = query["redirect_uri"], client.accepts(redirectURI: redirectURI) else {
            return page(400, "invalid_request: redirect_uri missing or not registered for this client")
        }
        let state = query["state"]
        func fail(_ code: String, _ description: String) -> HTTPResponse {
            redirect(to: redirectURI, ["error": code, "error_description": description, "state": state])
        }
        guard query["response_type"] == "code" else { return fail("unsupported_response_type", "only response_type=code is supported") }
        let method = query["code_challenge_method"] ?? (query["code_challenge"] == nil ? nil : "plain")
        if let method, method != "S256", method != "plain" { return fail("invalid_request", "code_challenge_method must be S256 or plain") }
        if let challenge = query["code_challenge"], !(43...128).contains(challenge.count) {
            return fail("invalid_request", "code_challenge must be 43 to 128 characters")
        }
        if client.isPublic, query["code_challenge"] == nil { return fail("invalid_request", "public clients must send a PKCE code_challenge") }
        let code = generate("code")
        codes[code] = PendingCode(
            grant: Grant(clientID: clientID, user: "sandbox-user", scope: scopes(query["scope"])), redirectURI: redirectURI,
            challenge: query["code_challenge"], challengeMethod: method, expiresAt: clock.now.addingTimeInterval(600)
        )
        return redirect(to: redirectURI, ["code": code, "state": state])
    }

    // MARK: Token endpoint (RFC 6749 §3.2, §4.1.3, §4.3, §4.4, §6)

    func token(_ request: LoopbackRequest) -> HTTPResponse {
        guard MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded,
              let form = try? FormParameters(decoding: request.body)
        else { return error(400, "invalid_request", "the body must be application/x-www-form-urlencoded") }
        if let duplicate = Set(form.map(\.name)).first(where: { form.values(for: $0).count > 1 }) {
            return error(400, "invalid_request", "\(duplicate) given more than once")
        }
        let client: SandboxClient
        switch authenticate(request, form) {
        case .success(let authenticated): client = authenticated
        case .failure(let failure): return failure.response
        }
        switch form["grant_type"] {
        case "authorization_code": return exchangeCode(form, client: client)
        case "client_credentials":
            guard !client.isPublic else { return error(400, "unauthorized_client", "public clients cannot use client_credentials") }
            return issue(Grant(clientID: client.id, user: nil, scope: scopes(form["scope"])), refresh: false)
        case "password":
            guard let username = form["username"], let password = form["password"], users[username] == password else {
                return error(400, "invalid_grant", "unknown user or wrong password")
            }
            return issue(Grant(clientID: client.id, user: username, scope: scopes(form["scope"])), refresh: true)
        case "refresh_token":
            guard let refreshToken = form["refresh_token"], let grant = refreshTokens[refreshToken], grant.clientID == client.id else {
                return error(400, "invalid_grant", "unknown, used or revoked refresh token")
            }
            let requested = scopes(form["scope"])
            guard requested.allSatisfy(grant.scope.contains) else { return error(400, "invalid_scope", "a refresh cannot widen the scope") }
            refreshTokens[refreshToken] = nil
            var narrowed = grant
            if !requested.isEmpty { narrowed.scope = requested }
            return issue(narrowed, refresh: true)
        case nil:
            return error(400, "invalid_request", "grant_type is missing")
        case let other?:
            return error(400, "unsupported_grant_type", "\(other) is not supported")
        }
    }

    func exchangeCode(_ form: FormParameters, client: SandboxClient) -> HTTPResponse {
        guard let code = form["code"], let pending = codes.removeValue(forKey: code) else {
            return error(400, "invalid_grant", "unknown or used authorization code")
        }
        guard pending.grant.clientID == client.id else { return error(400, "invalid_grant", "the code was issued to another client") }
        guard pending.expiresAt > clock.now else { return error(400, "invalid_grant", "the code has expired") }
        guard form["redirect_uri"] == pending.redirectURI else { return error(400, "invalid_grant", "redirect_uri does not match the authorization request") }
        if let challenge = pending.challenge {
            guard let verifier = form["code_verifier"] else { return error(400, "invalid_grant", "code_verifier is missing") }
            let computed = pending.challengeMethod == "S256" ? Base64URL.encode(SHA256.hash(verifier.utf8)) : verifier
            guard computed == challenge else { return error(400, "invalid_grant", "code_verifier does not match the code_challenge") }
        } else if form["code_verifier"] != nil {
            return error(400, "invalid_grant", "code_verifier sent without a code_challenge")
        }
        return issue(pending.grant, refresh: true)
    }

    func issue(_ grant: Grant, refresh: Bool) -> HTTPResponse {
        let accessToken = generate("access_token")
        accessTokens[accessToken] = IssuedToken(grant: grant, expiresAt: clock.now.addingTimeInterval(TimeInterval(accessTokenLifetime)))
        var body: JSONObject = ["access_token": .string(accessToken), "token_type": "Bearer", "expires_in": .number(JSONNumber(accessTokenLifetime))]
        if refresh {
            let refreshToken = generate("refresh_token")
            refreshTokens[refreshToken] = grant
            body["refresh_token"] = .string(refreshToken)
        }
        if !grant.scope.isEmpty { body["scope"] = .string(grant.scope.joined(separator: " ")) }
        return json(200, body)
    }

    // MARK: Client authentication (RFC 6749 §2.3)

    struct Refusal: Error {
        let response: HTTPResponse
    }

    func authenticate(_ request: LoopbackRequest, _ form: FormParameters) -> Result<SandboxClient, Refusal> {
        var presented: [(id: String, secret: String?, method: String)] = []
        if let authorization = request.headers["Authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = Data(base64Encoded: String(parts[1])),
                  let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":"),
                  let id = try? FormParameters(decoding: Data(("i=" + pair[..<colon]).utf8))["i"],
                  let secret = try? FormParameters(decoding: Data(("s=" + pair[pair.index(after: colon)...]).utf8))["s"]
            else { return .failure(Refusal(response: error(401, "invalid_client", "malformed Basic credentials", basic: true))) }
            presented.append((id, secret, "client_secret_basic"))
        }
        if let secret = form["client_secret"] {
            presented.append((form["client_id"] ?? "", secret, "client_secret_post"))
        }
        guard presented.count <= 1 else { return .failure(Refusal(response: error(400, "invalid_request", "use one client authentication method, not several"))) }
        if let credentials = presented.first {
            guard let client = clients[credentials.id], let secret = client.secret,
                  AuthorizationCallback.constantTimeEquals(Array(secret.utf8), Array((credentials.secret ?? "").utf8))
            else { return .failure(Refusal(response: error(401, "invalid_client", "client authentication failed", basic: credentials.method == "client_secret_basic"))) }
            if let bodyID = form["client_id"], bodyID != client.id {
                return .failure(Refusal(response: error(400, "invalid_request", "client_id does not match the authenticated client")))
            }
            return .success(client)
        }
        guard let id = form["client_id"], let client = clients[id] else {
            return .failure(Refusal(response: error(401, "invalid_client", "client authentication failed")))
        }
        guard client.isPublic else { return .failure(Refusal(response: error(401, "invalid_client", "this client must authenticate with its secret"))) }
        return .success(client)
    }

    // MARK: Protected resource

    func userinfo(_ request: LoopbackRequest) -> HTTPResponse {
        let challenge = #"Bearer realm="sandbox""#
        guard let header = request.headers["Authorization"], header.lowercased().hasPrefix("bearer ") else {
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": challenge])
        }
        let presented = String(header.dropFirst("bearer ".count))
        guard let issued = accessTokens[presented], issued.expiresAt > clock.now else {
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": challenge + #", error="invalid_token", error_description="unknown or expired token""#])
        }
        var body: JSONObject = ["client_id": .string(issued.grant.clientID), "scope": .string(issued.grant.scope.joined(separator: " "))]
        body["sub"] = issued.grant.user.map(JSONValue.string) ?? .string(issued.grant.clientID)
        return json(200, body)
    }

    // MARK: Responses

    func scopes(_ text: String?) -> [String] {
        text?.split(separator: " ").map(String.init) ?? []
    }

    func json(_ status: Int, _ object: JSONObject, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        all["Cache-Control"] = "no-store"
        all["Pragma"] = "no-cache"
        return HTTPResponse(status: status, headers: all, body: JSONWriter.data(.object(object)))
    }

    func error(_ status: Int, _ code: String, _ description: String, basic: Bool = false) -> HTTPResponse {
        json(status, ["error": .string(code), "error_description": .string(description)],
             headers: basic ? ["WWW-Authenticate": #"Basic realm="sandbox""#] : [:])
    }

    func page(_ status: Int, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(message.utf8))
    }

    func redirect(to redirectURI: String, _ parameters: [String: String?]) -> HTTPResponse {
        var query = FormParameters()
        for key in ["code", "error", "error_description", "state"] {
            if let value = parameters[key] ?? nil { query.append(key, value) }
        }
        if let issuer { query.append("iss", issuer) }
        let separator = redirectURI.contains("?") ? "&" : "?"
        return HTTPResponse(status: 302, headers: ["Location": redirectURI + separator + query.encoded(), "Cache-Control": "no-store"])
    }
}
