import Foundation
import OAuth

/// The OAuth 1.0a flows `oauthctl demo` runs against the sandbox's OAuth 1.0a side: the
/// three-legged flow, three signed requests (one per method, each in another placement), and a
/// replayed request the server must refuse.
struct DemoOAuth1Flows {
    /// The flows, in order.
    static let names = ["three-legged flow", "HMAC-SHA1 in header", "HMAC-SHA256 in query", "PLAINTEXT in body", "replayed request"]

    let base: String
    var transport: any HTTPTransport = URLSessionTransport()

    /// A provider for the sandbox's OAuth 1.0a endpoints.
    var provider: Provider {
        Provider(
            name: "sandbox-oauth1", displayName: "Sandbox OAuth 1.0a", version: .oauth1,
            endpoints: Endpoints(
                authorization: Endpoint(base + "/oauth1/authorize"), token: Endpoint(base + "/oauth1/access_token"),
                requestToken: Endpoint(base + "/oauth1/request_token"), resourceOrigins: [EndpointSecurity.origin(of: URL(string: base)!) ?? base]
            ),
            pkce: .unsupported
        )
    }

    func run() async -> [DemoResult] {
        var results: [DemoResult] = []
        func record(_ flow: String, _ body: () async throws -> (Bool, String)) async {
            do {
                let (passed, summary) = try await body()
                results.append(DemoResult(flow: flow, passed: passed, summary: summary))
            } catch {
                results.append(DemoResult(flow: flow, passed: false, summary: DemoFlows.describe(error)))
            }
        }
        let userinfo = URL(string: base + "/oauth1/userinfo")!
        var token: OAuth1Token?
        await record(Self.names[0]) {
            let client = OAuth1Client(provider: provider, credentials: DemoServer.client, transport: transport)
            let (url, pending) = try await client.startAuthorization(callback: "http://127.0.0.1/callback")
            let answer = try await transport.send(HTTPRequest(url: url), limits: .tokenEndpoint)
            guard let callback = answer.headers["Location"] else { return (false, "the authorization endpoint answered \(answer.status), not a redirect") }
            token = try await client.finishAuthorization(callback: callback, pending: pending)
            return (true, "request token, authorization, token credentials")
        }
        guard let token else {
            for name in Self.names.dropFirst() { results.append(DemoResult(flow: name, passed: false, summary: "skipped: no token", skipped: true)) }
            return results
        }
        let signed: [(OAuth1SignatureMethod, OAuth1SignaturePlacement, String)] = [(.hmacSHA1, .header, "GET"), (.hmacSHA256, .query, "GET"), (.plaintext, .body, "POST")]
        for (index, (method, placement, verb)) in signed.enumerated() {
            await record(Self.names[index + 1]) {
                var configuration = OAuth1Client.Configuration()
                configuration.method = method
                configuration.placement = placement
                let client = OAuth1Client(provider: provider, credentials: DemoServer.client, transport: transport, configuration: configuration)
                await client.adopt(token)
                var request = HTTPRequest(method: verb, url: userinfo)
                if verb == "POST" { request.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!"]) }
                let response = try await client.send(request)
                return (response.status == 200, "\(verb) answered \(response.status), signature checked")
            }
        }
        await record(Self.names[4]) {
            let signer = OAuth1Signer(client: DemoServer.client, token: token)
            let request = try signer.sign(HTTPRequest(url: userinfo))
            let first = try await transport.send(request, limits: .resource)
            let second = try await transport.send(request, limits: .resource)
            let problem = (try? FormParameters(decoding: second.body))?["oauth_problem"] ?? "none"
            return (first.status == 200 && second.status == 401 && problem == "nonce_used", "first \(first.status), again \(second.status) \(problem)")
        }
        return results
    }
}
