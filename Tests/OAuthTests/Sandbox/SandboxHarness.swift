import Foundation
import OAuth
import OAuthTesting
import Testing

/// A sandbox answering in process, with a manual clock and helpers that speak to it the way a
/// client would.
struct SandboxHarness {
    let sandbox: SandboxAuthorizationServer
    let clock: ManualClock
    static let redirectURI = "http://127.0.0.1:9000/callback"
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    /// The S256 challenge of ``verifier`` (RFC 7636 Appendix B).
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    init(
        clients: [SandboxClient] = [SandboxClient(id: "app", secret: "s3cret"), SandboxClient(id: "public-app")],
        users: [String: String] = ["alice": "wonderland"], configuration: SandboxAuthorizationServer.Configuration = .init(autoApprove: true),
        tokens: any SandboxTokenStore = InMemorySandboxTokenStore(), emulation: SandboxEmulation? = nil,
        tokenGenerator: SandboxAuthorizationServer.TokenGenerator? = nil
    ) {
        let clock = ManualClock()
        self.clock = clock
        sandbox = SandboxAuthorizationServer(
            clients: InMemorySandboxClientStore(clients), tokens: tokens, users: users, configuration: configuration,
            issuer: "http://127.0.0.1:1", emulation: emulation, clock: clock, tokenGenerator: tokenGenerator
        )
    }

    func get(_ target: String, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        await sandbox.handle(LoopbackRequest(method: "GET", target: target, headers: headers))
    }

    func post(_ path: String, _ form: FormParameters, basic: (String, String)? = nil, headers: HTTPHeaders = [:]) async -> HTTPResponse {
        var all = headers
        if all["Content-Type"] == nil { all["Content-Type"] = "application/x-www-form-urlencoded" }
        if let (id, secret) = basic {
            let pair = FormParameters.encodeComponent(id) + ":" + FormParameters.encodeComponent(secret)
            all["Authorization"] = "Basic " + Data(pair.utf8).base64EncodedString()
        }
        return await sandbox.handle(LoopbackRequest(method: "POST", target: path, headers: all, body: Data(form.encoded().utf8)))
    }

    /// `/authorize` with the usual parameters, overridden or removed (`nil`) as given.
    func authorize(_ changes: [String: String?] = [:]) async -> HTTPResponse {
        var parameters: [(String, String?)] = [
            ("response_type", "code"), ("client_id", "app"), ("redirect_uri", Self.redirectURI), ("scope", "read write"),
            ("state", "st4te"), ("code_challenge", Self.challenge), ("code_challenge_method", "S256"),
        ]
        parameters = parameters.map { name, value in (name, changes.keys.contains(name) ? changes[name]! : value) }
        for (name, value) in changes where !parameters.contains(where: { $0.0 == name }) { parameters.append((name, value)) }
        var query = FormParameters()
        for case let (name, value?) in parameters { query.append(name, value) }
        return await get("/authorize?" + query.encoded())
    }

    /// The parameters of a redirect's query (or fragment).
    static func redirectParameters(_ response: HTTPResponse) throws -> FormParameters {
        let location = try #require(response.headers["Location"], "expected a redirect, got \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        let start = try #require(location.firstIndex { $0 == "?" || $0 == "#" })
        return try FormParameters(decoding: Data(location[location.index(after: start)...].utf8))
    }

    /// A code for `app` with the S256 challenge of ``verifier``.
    func code(_ changes: [String: String?] = [:]) async throws -> String {
        try #require(try Self.redirectParameters(await authorize(changes))["code"])
    }

    /// Exchanges a code as `app` with HTTP Basic.
    func exchange(_ code: String, verifier: String? = Self.verifier, redirectURI: String? = Self.redirectURI) async -> HTTPResponse {
        var form: FormParameters = ["grant_type": "authorization_code", "code": code]
        if let redirectURI { form.append("redirect_uri", redirectURI) }
        if let verifier { form.append("code_verifier", verifier) }
        return await post("/token", form, basic: ("app", "s3cret"))
    }

    /// A token response's members.
    static func json(_ response: HTTPResponse) throws -> JSONObject {
        try #require(try JSONParser().parse(response.body).objectValue)
    }

    /// The `error` of an error response, and its status.
    static func error(_ response: HTTPResponse) -> String? {
        (try? JSONParser().parse(response.body))?.objectValue?["error"]?.stringValue
    }

    func userinfo(_ accessToken: String) async -> HTTPResponse {
        await get("/userinfo", headers: ["Authorization": "Bearer " + accessToken])
    }
}
