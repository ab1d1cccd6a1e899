import Foundation
import OAuth

/// A small OAuth 2.0 authorization server for tests and offline use, standard to the letter
/// unless it is told to emulate a provider.
///
/// - Grants: authorization code with PKCE (S256 and plain; required for public clients),
///   client credentials, resource-owner password, refresh token with rotation (the old refresh
///   token stops working), device authorization (RFC 8628, with `authorization_pending` and
///   `slow_down`), and the implicit grant only when enabled.
/// - Client authentication: `client_secret_basic`, `client_secret_post`, `none`.
/// - Revocation (RFC 7009), introspection (RFC 7662), metadata (RFC 8414) at
///   `/.well-known/oauth-authorization-server`, and a protected resource at `/userinfo` that
///   says whom a token belongs to.
/// - A consent step: a small HTML page, or approval at once with `autoApprove`.
/// - OAuth 1.0a (RFC 5849) under `/oauth1/`: `request_token`, `authorize`, `access_token` and a
///   protected `userinfo`, every signature checked (HMAC-SHA1, HMAC-SHA256, PLAINTEXT; header,
///   query or body), with problem reports for refusals.
/// - RFC 6749 error responses for every bad request.
/// - Counters at `/sandbox/counters`: refreshes served, rotated-out refresh tokens presented
///   (see ``SandboxCounters``).
///
/// Use it in process through ``SandboxTransport`` or on a loopback port:
///
/// ```swift
/// let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")],
///                                          configuration: .init(autoApprove: true))
/// let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
/// try server.start()
/// await sandbox.setIssuer(server.baseURL.absoluteString)
/// ```
public actor SandboxAuthorizationServer {
    /// How the sandbox behaves.
    public struct Configuration: Sendable {
        /// Grant every valid authorization request at once (a redirect with the code), and
        /// approve device codes after their first poll, instead of asking on an HTML page.
        public var autoApprove: Bool
        /// Answer `response_type=token` (the implicit grant, which RFC 9700 says not to use).
        public var allowImplicit: Bool
        /// Access token lifetime in seconds.
        public var accessTokenLifetime: Int
        /// Authorization code lifetime in seconds.
        public var codeLifetime: Int
        /// Device code lifetime in seconds.
        public var deviceCodeLifetime: Int
        /// The device polling interval, in seconds.
        public var deviceInterval: Int
        /// The user every approval is made for.
        public var user: String

        /// Creates a configuration.
        public init(
            autoApprove: Bool = false, allowImplicit: Bool = false, accessTokenLifetime: Int = 3600, codeLifetime: Int = 600,
            deviceCodeLifetime: Int = 600, deviceInterval: Int = 5, user: String = "sandbox-user"
        ) {
            self.autoApprove = autoApprove
            self.allowImplicit = allowImplicit
            self.accessTokenLifetime = accessTokenLifetime
            self.codeLifetime = codeLifetime
            self.deviceCodeLifetime = deviceCodeLifetime
            self.deviceInterval = deviceInterval
            self.user = user
        }
    }

    /// Makes codes and tokens; random base64url by default.
    public typealias TokenGenerator = @Sendable (_ kind: SandboxTokenRecord.Kind) -> String

    /// The clients.
    public nonisolated let clients: any SandboxClientStore
    /// What the sandbox issued.
    public nonisolated let tokens: any SandboxTokenStore
    /// How the sandbox behaves.
    public nonisolated let configuration: Configuration
    /// The provider whose answers the sandbox imitates, if any.
    public nonisolated let emulation: SandboxEmulation?
    /// Users for the password grant, name to password.
    public private(set) var users: [String: String]
    /// The issuer identifier (and base URL), sent as `iss` with authorization responses unless
    /// an emulated provider sends none.
    public private(set) var issuer: String?
    let generate: TokenGenerator
    let clock: any WallClock
    var consents: [String: Consent] = [:]
    /// The OAuth 1.0a side, under `/oauth1/`.
    let oauth1: OAuth1SandboxServer
    /// Codes and tokens a request is using right now: a second request with the same value
    /// while the first awaits the store is refused, so nothing is used twice.
    var inFlight: Set<String> = []
    /// What the token endpoint and the protected resource counted since the sandbox started.
    public internal(set) var counters = SandboxCounters()

    /// Creates a sandbox with its own stores.
    public init(
        clients: any SandboxClientStore, tokens: any SandboxTokenStore = InMemorySandboxTokenStore(), users: [String: String] = [:],
        configuration: Configuration = Configuration(), issuer: String? = nil, emulation: SandboxEmulation? = nil,
        clock: any WallClock = SystemClock(), tokenGenerator: TokenGenerator? = nil
    ) {
        self.clients = clients
        self.tokens = tokens
        self.users = users
        self.configuration = configuration
        self.issuer = issuer.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.emulation = emulation
        self.clock = clock
        let generate = tokenGenerator ?? { _ in Base64URL.encode(SecureRandom.bytes(24)) }
        self.generate = generate
        self.oauth1 = OAuth1SandboxServer(clients: clients, configuration: configuration, clock: clock, generate: generate)
    }

    /// Creates a sandbox with clients in memory.
    public init(
        clients: [SandboxClient], users: [String: String] = [:], configuration: Configuration = Configuration(), issuer: String? = nil,
        emulation: SandboxEmulation? = nil, clock: any WallClock = SystemClock(), tokenGenerator: TokenGenerator? = nil
    ) {
        self.init(
            clients: InMemorySandboxClientStore(clients), users: users, configuration: configuration, issuer: issuer,
            emulation: emulation, clock: clock, tokenGenerator: tokenGenerator
        )
    }

    /// Sets the issuer, for a server that learns its address after binding a port.
    public func setIssuer(_ issuer: String) {
        self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    }

    /// Adds a user for the password grant.
    public func addUser(_ name: String, password: String) {
        users[name] = password
    }

    /// Answers one HTTP request.
    public func handle(_ received: LoopbackRequest) async -> HTTPResponse {
        if received.path.hasPrefix("/oauth1/") { return await oauth1.handle(received, base: issuer ?? "http://127.0.0.1") }
        do {
            let read: StandardRequest
            switch try await standardRequest(received) {
            case .success(let standard): read = standard
            case .failure(let refusal): return refusal.response
            }
            let request = read.request
            switch (request.method, request.path) {
            case ("GET", "/.well-known/oauth-authorization-server"): return metadata()
            case ("GET", "/sandbox/counters"): return countersResponse()
            case ("GET", "/authorize"): return try await authorize(request.queryParameters)
            case ("POST", "/authorize"): return try await decide(request.formParameters)
            case ("POST", "/token"): return try await token(read)
            case ("POST", "/device_authorization"): return try await deviceAuthorization(request)
            case ("GET", "/device"): return devicePage(userCode: request.queryParameters["user_code"], message: nil)
            case ("POST", "/device"): return try await deviceDecision(request.formParameters)
            case ("POST", "/revoke"): return try await revoke(request)
            case ("POST", "/introspect"): return try await introspect(request)
            case ("GET", "/userinfo"), ("POST", "/userinfo"): return try await userinfo(request)
            case (_, "/authorize"), (_, "/token"), (_, "/device_authorization"), (_, "/device"), (_, "/revoke"), (_, "/introspect"), (_, "/userinfo"):
                return page(405, "Method not allowed.")
            default:
                return page(404, "Not found.")
            }
        } catch {
            return self.error(500, "server_error", "the sandbox's store failed: \(error)")
        }
    }

    /// Whether authorization responses carry `iss` (RFC 9207): when the issuer is known, and an
    /// emulated provider sends it too.
    var sendsIssuer: Bool {
        issuer != nil && (emulation?.provider.issuerInAuthorizationResponse ?? true)
    }

    /// The endpoints, as RFC 8414 names them.
    public func metadata() -> HTTPResponse {
        let base = issuer ?? "http://127.0.0.1"
        var grants: [JSONValue] = ["authorization_code", "client_credentials", "password", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"]
        if configuration.allowImplicit { grants.append("implicit") }
        var methods: [JSONValue] = ["client_secret_basic", "client_secret_post", "none"]
        if let emulated = emulation?.provider.clientAuthentication, emulated != .none { methods = [.string(emulated.name), "none"] }
        let object: JSONObject = [
            "issuer": .string(base),
            "authorization_endpoint": .string(base + "/authorize"),
            "token_endpoint": .string(base + "/token"),
            "revocation_endpoint": .string(base + "/revoke"),
            "introspection_endpoint": .string(base + "/introspect"),
            "device_authorization_endpoint": .string(base + "/device_authorization"),
            "userinfo_endpoint": .string(base + "/userinfo"),
            "response_types_supported": .array(configuration.allowImplicit ? ["code", "token"] : ["code"]),
            "response_modes_supported": .array(configuration.allowImplicit ? ["query", "fragment"] : ["query"]),
            "grant_types_supported": .array(grants),
            "token_endpoint_auth_methods_supported": .array(methods),
            "revocation_endpoint_auth_methods_supported": .array(methods),
            "introspection_endpoint_auth_methods_supported": .array(methods.filter { $0 != "none" }),
            "code_challenge_methods_supported": ["S256", "plain"],
            "authorization_response_iss_parameter_supported": .bool(sendsIssuer),
        ]
        return json(200, object)
    }

    /// Claims a code or token for the request that holds it; `false` when another request
    /// holds it now.
    func claim(_ value: String) -> Bool {
        inFlight.insert(value).inserted
    }

    /// Lets go of a claimed value.
    func release(_ value: String) {
        inFlight.remove(value)
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

    func html(_ status: Int, _ body: String) -> HTTPResponse {
        let document = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sandbox authorization server</title></head><body>\(body)</body></html>"
        return HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], body: Data(document.utf8))
    }

    /// Escapes text for HTML.
    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
