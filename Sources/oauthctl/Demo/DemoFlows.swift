import Foundation
import OAuth

/// The flows `oauthctl demo` runs against each sandbox, in order.
enum DemoFlow: String, CaseIterable, Sendable {
    case authorizationCode = "code + PKCE"
    case refresh = "refresh"
    case protectedRequest = "protected request"
    case revocation = "revocation"
    case replayedCode = "replayed code"
}

/// How one flow went.
struct DemoResult: Sendable {
    /// The flow's name, as the table shows it.
    var flow: String
    var passed: Bool
    var summary: String
    var fixes: [FixID] = []
    /// Whether the flow did not run because an earlier one failed.
    var skipped = false
}

/// What a sandbox should do, so that a flow can tell passing from failing.
struct DemoExpectations: Sendable {
    /// Whether the server issues refresh tokens.
    var refreshTokens: Bool
    /// The error code the server gives for a code used twice.
    var replayedCodeError: String
    /// The description the provider's fixes read from that error, when its recording has one: a
    /// client that reads the code but loses what the provider said has not read the error.
    var replayedCodeDescription: String? = nil
}

/// Runs the demo's flows for one provider through the real client and transport.
struct DemoFlows {
    let provider: Provider
    let base: String
    let expectations: DemoExpectations
    /// Values for the provider's placeholders (``Provider/placeholders``).
    var values: [String: String] = [:]
    /// Overrides the client authentication the provider's fixes declare.
    var clientAuthentication: ClientAuthentication?
    var transport: any HTTPTransport = URLSessionTransport()
    /// For a run of the strict core: the provider with its fixes, which gets a token for the
    /// later flows when the strict core cannot.
    var seed: Provider?

    /// The protected test resource.
    var userinfo: URL { URL(string: base + "/userinfo")! }

    /// Every flow, in order. When the code flow fails, the rest go on with a token from
    /// ``seed`` if there is one, and are skipped if not.
    func run() async -> [DemoResult] {
        let fired = FixCollector()
        var configuration = OAuthClient.Configuration()
        configuration.onFixesApplied = { fired.add($0) }
        configuration.clientAuthentication = clientAuthentication
        let client = OAuthClient(provider: provider, credentials: DemoServer.client, transport: transport, configuration: configuration, endpointValues: values)
        let redirectURI = "http://127.0.0.1/callback"
        var results: [DemoResult] = []
        func record(_ flow: DemoFlow, _ body: () async throws -> (Bool, String)) async {
            do {
                let (passed, summary) = try await body()
                results.append(DemoResult(flow: flow.rawValue, passed: passed, summary: summary, fixes: fired.take()))
            } catch {
                results.append(DemoResult(flow: flow.rawValue, passed: false, summary: Self.describe(error), fixes: fired.take()))
            }
        }

        var token: Token?
        await record(.authorizationCode) {
            let (issued, _, _, _) = try await authorize(client, redirectURI: redirectURI)
            token = issued
            return (true, "\(issued.tokenType) token" + (issued.refreshToken == nil ? "" : " and refresh token"))
        }
        if token == nil, let seed {
            // Go on with a token the provider's fixes obtained, so the later flows show what
            // the strict core makes of refresh, protected requests and revocation on their own.
            let helper = OAuthClient(provider: seed, credentials: DemoServer.client, transport: transport, endpointValues: values)
            if let (issued, _, _, _) = try? await authorize(helper, redirectURI: redirectURI), (try? await client.adopt(issued)) != nil {
                token = issued
            }
        }
        guard let token else {
            for flow in DemoFlow.allCases.dropFirst() {
                results.append(DemoResult(flow: flow.rawValue, passed: false, summary: "skipped: no token", skipped: true))
            }
            return results
        }
        await record(.refresh) {
            guard token.refreshToken != nil else {
                return expectations.refreshTokens ? (false, "no refresh token was issued") : (true, "n/a: the provider issues no refresh token")
            }
            let refreshed = try await client.refresh()
            let rotated = refreshed.refreshToken != token.refreshToken ? "refresh token rotated" : "refresh token kept"
            return (refreshed.accessToken != token.accessToken, "new access token, \(rotated)")
        }
        await record(.protectedRequest) {
            let response = try await client.send(HTTPRequest(url: userinfo))
            let answer = (try? JSONParser().parse(response.body))?.objectValue
            guard response.status == 200, let subject = answer?["sub"]?.stringValue else { return (false, Self.describe(response)) }
            // The client must read the scope as the server granted it. A token response that
            // names no scope grants the one requested (RFC 6749 §5.1): for the code, the
            // provider's default scopes; for a refresh that asked none, the scope first granted (§6).
            let granted = answer?["scope"]?.stringValue?.split(separator: " ").map(String.init) ?? []
            let understood = try await client.currentToken()?.scope ?? token.scope ?? provider.defaultScopes
            guard Set(granted) == Set(understood) else {
                return (false, "200, but the token says scope \(Self.scopeText(understood)), the server granted \(Self.scopeText(granted))")
            }
            return (true, "200, sub \(subject)")
        }
        await record(.revocation) {
            guard let current = try await client.currentToken() else { return (false, "no token to revoke") }
            let probe = try FlowEngine(provider: provider, endpointValues: values).protectedRequest(HTTPRequest(url: userinfo), token: current, client: DemoServer.client)
            let before = try await transport.send(probe, limits: .resource)
            try await client.revokeStoredToken()
            let after = try await transport.send(probe, limits: .resource)
            return (before.status == 200 && after.status == 401, "the access token got \(before.status) before, \(after.status) after")
        }
        await record(.replayedCode) {
            // A code of its own, exchanged once by a client with the provider's fixes, then
            // replayed by this one: a typed OAuth error, and the first exchange's token revoked.
            let issuer = seed ?? provider
            let first = OAuthClient(provider: issuer, credentials: DemoServer.client, transport: transport, endpointValues: values)
            let (issued, code, verifier, state) = try await authorize(first, redirectURI: redirectURI)
            let probe = try FlowEngine(provider: issuer, endpointValues: values).protectedRequest(HTTPRequest(url: userinfo), token: issued, client: DemoServer.client)
            do {
                _ = try await client.exchange(code: code, redirectURI: redirectURI, codeVerifier: verifier, state: state)
                return (false, "the server gave a token for a used code")
            } catch TokenResponseError.oauth(let error) {
                let after = try await transport.send(probe, limits: .resource)
                let fate = after.status == 401 ? "first token revoked" : "first token still gets \(after.status)"
                guard error.code.rawValue == expectations.replayedCodeError else {
                    return (false, "OAuth error \(error.code.rawValue), expected \(expectations.replayedCodeError), \(fate)")
                }
                if let said = expectations.replayedCodeDescription, error.errorDescription != said {
                    return (false, "OAuth error \(error.code.rawValue) without the provider's description, \(fate)")
                }
                return (after.status == 401, "OAuth error \(error.code.rawValue), \(fate)")
            }
        }
        return results
    }

    /// The authorization code flow with automatic consent: the token, the code and the verifier.
    func authorize(_ client: OAuthClient, redirectURI: String) async throws -> (Token, String, String?, String) {
        let (url, pending) = try client.startAuthorization(redirectURI: redirectURI)
        let answer = try await transport.send(HTTPRequest(url: url), limits: .tokenEndpoint)
        guard answer.status == 302, let location = answer.headers["Location"] else {
            throw DemoError("the authorization endpoint answered \(answer.status), not a redirect")
        }
        guard let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value else {
            throw DemoError("the authorization endpoint redirected without a code: \(Redaction.url(URL(string: location) ?? url))")
        }
        return (try await client.exchange(callback: location, pending: pending), code, pending.codeVerifier, pending.state)
    }

    static func scopeText(_ scope: [String]) -> String {
        scope.isEmpty ? "(none)" : "\"" + scope.joined(separator: " ") + "\""
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    static func describe(_ response: HTTPResponse) -> String {
        let body = String(decoding: response.body.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return "\(response.status) \(body)"
    }
}

/// A flow that went wrong in a way no error type describes.
struct DemoError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Collects the fixes the client reports, step by step.
final class FixCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [FixTrace.Entry] = []

    func add(_ more: [FixTrace.Entry]) {
        lock.withLock { entries += more }
    }

    /// The distinct fixes reported since the last call, in order.
    func take() -> [FixID] {
        lock.withLock {
            var seen = Set<FixID>()
            let fixes = entries.compactMap { seen.insert($0.fix).inserted ? $0.fix : nil }
            entries = []
            return fixes
        }
    }
}
