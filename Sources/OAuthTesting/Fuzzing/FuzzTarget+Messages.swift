import Foundation
import OAuth

extension FuzzTarget {
    /// A response captured as text, as `oauthctl replay --response` reads it: parsed strictly,
    /// then read as a token response by the `generic` profile and the strict core, and as
    /// OAuth 1.0a credentials.
    static let rawHTTP = FuzzTarget("raw-http", "raw HTTP response captures, as oauthctl replay --response reads them") { bytes in
        let (parsed, violation) = FuzzRules.checked("raw HTTP", bytes: bytes.count) { try HTTPResponse(rawHTTP: Data(bytes)) }
        if let violation { return violation }
        guard let response = parsed else { return nil }
        if response.body.count > bytes.count { return FuzzViolation("raw HTTP: expected a body within the capture, got \(response.body.count) bytes from \(bytes.count)") }
        let secrets = FuzzRules.secrets(in: [UInt8](response.body), headers: response.headers)
        for provider in providers.suffix(2) {
            let (_, violation) = FuzzRules.checked("captured token response (\(provider.name))", bytes: bytes.count + 64, secrets: secrets) {
                try FlowEngine(provider: provider).token(from: response, at: .accessTokenResponse, issuedAt: issuedAt)
            }
            if let violation { return violation }
        }
        let oauth1 = OAuth1Engine(provider: providers[providers.count - 1])
        let (_, credentials) = FuzzRules.checked("captured credentials", bytes: bytes.count + 64, secrets: secrets) { try oauth1.tokenCredentials(from: response) }
        return credentials
    }

    /// The loopback server's request reader, as it reads a connection: the whole input at
    /// once, then in small reads, which must give the same outcome for work linear in the bytes.
    static let loopbackRequest = FuzzTarget("loopback-request", "the loopback server's request reader, whole and in small reads") { bytes in
        let whole = LoopbackRequestReader.fuzz(bytes, chunkSize: max(1, bytes.count))
        let chunked = LoopbackRequestReader.fuzz(bytes, chunkSize: 1 + bytes.count % 13)
        guard whole.outcome == chunked.outcome else {
            return FuzzViolation("loopback request: expected the same outcome in any reads, got \(whole.outcome) and \(chunked.outcome)")
        }
        guard chunked.work <= 4 * bytes.count + 64 else {
            return FuzzViolation("loopback request: expected work linear in \(bytes.count) bytes, got \(chunked.work)")
        }
        return nil
    }

    /// The sandbox's client: one confidential, one public, and a user, as `oauthctl sandbox` has.
    static func sandbox() -> SandboxAuthorizationServer {
        SandboxAuthorizationServer(
            clients: [SandboxClient(id: "sandbox-app", secret: "sandbox-secret"), SandboxClient(id: "sandbox-public")],
            users: ["alice": "wonderland"], configuration: .init(autoApprove: true), issuer: "http://127.0.0.1:9000",
            clock: ManualClock(), tokenGenerator: { kind in "\(kind)-fuzz" }
        )
    }

    /// A request to `oauthctl sandbox`: read by the loopback server's reader, then handled by a
    /// fresh sandbox authorization server. Whatever comes, the answer is a response, and a
    /// refusal is a client error (4xx), never a server error.
    static let sandboxRequest = FuzzTarget("sandbox-request", "requests to the sandbox authorization server, as oauthctl sandbox reads them", asynchronous: { bytes in
        guard let request = LoopbackRequestReader.fuzz(bytes).request else { return nil }
        let server = sandbox()
        let (response, steps) = await ParseWork.measure { await server.handle(request) }
        if let violation = FuzzRules.linear(steps, bytes: bytes.count, "sandbox \(request.method) \(request.path)") { return violation }
        guard response.status < 500 else {
            return FuzzViolation("sandbox \(request.method) \(request.path): expected an answer or a client error, got HTTP \(response.status)")
        }
        return nil
    })
}
