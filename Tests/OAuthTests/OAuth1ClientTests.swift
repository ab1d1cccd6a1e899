import Foundation
import OAuth
import OAuthTesting
import Testing

/// The OAuth 1.0a client's own rules, on an in-process transport: where redirects may take a
/// signed request, that credentials endpoints never redirect, and how long a pending
/// authorization lives.
@Suite struct OAuth1ClientTests {
    let provider = Provider(
        name: "example1", displayName: "Example OAuth 1.0a", version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://as.example/oauth/authorize", token: "https://as.example/oauth/access_token",
            requestToken: "https://as.example/oauth/request_token", resourceOrigins: ["https://api.example"]
        ),
        pkce: .unsupported
    )

    func client(_ transport: ReplayTransport, clock: ManualClock = ManualClock(), token: OAuth1Token? = OAuth1Token(token: "tok", secret: "sec")) async -> OAuth1Client {
        let client = OAuth1Client(provider: provider, credentials: ClientCredentials(id: "key", secret: "secret"), transport: transport, clock: clock)
        await client.adopt(token)
        return client
    }

    static func redirect(_ status: Int, to location: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }

    static let ok = HTTPResponse(status: 200, body: Data("ok".utf8))

    /// The `oauth_signature` a request carries in its `Authorization` header, if any.
    func signature(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"], header.hasPrefix("OAuth "),
              let start = header.range(of: "oauth_signature=\"")
        else { return nil }
        return String(header[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func aRedirectWithinTheProvidersOriginsIsSignedAnew() async throws {
        let transport = ReplayTransport(responses: [Self.redirect(302, to: "/v2/me?page=2"), Self.ok])
        let client = await client(transport)
        let response = try await client.send(HTTPRequest(url: URL(string: "https://api.example/v1/me")!))
        #expect(response.status == 200)
        let requests = transport.requests
        #expect(requests.map(\.url.absoluteString) == ["https://api.example/v1/me", "https://api.example/v2/me?page=2"])
        let first = try #require(signature(requests[0]))
        let second = try #require(signature(requests[1]))
        // Each hop is signed for its own URL, not a copy of the first signature.
        #expect(first != second)
    }

    @Test func aRedirectToAnotherOriginGoesUnsigned() async throws {
        let transport = ReplayTransport(responses: [Self.redirect(307, to: "https://cdn.example/file"), Self.ok])
        let client = await client(transport)
        _ = try await client.send(HTTPRequest(url: URL(string: "https://api.example/v1/file")!))
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(signature(requests[0]) != nil)
        #expect(requests[1].headers["Authorization"] == nil)
        #expect(!requests[1].url.absoluteString.contains("oauth_"))
    }

    @Test func aRedirectFromHTTPSToHTTPIsRefused() async throws {
        let transport = ReplayTransport(responses: [Self.redirect(301, to: "http://api.example/v1/me"), Self.ok])
        let client = await client(transport)
        await #expect(throws: OAuthClientError.insecureRedirect(to: "http://api.example/v1/me")) {
            try await client.send(HTTPRequest(url: URL(string: "https://api.example/v1/me")!))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func redirectsAreBounded() async throws {
        let transport = ReplayTransport { request in Self.redirect(302, to: request.url.path + "x") }
        let client = await client(transport)
        await #expect(throws: OAuthClientError.tooManyRedirects(5)) {
            try await client.send(HTTPRequest(url: URL(string: "https://api.example/a")!))
        }
        #expect(transport.requests.count == 6)
    }

    @Test func aPostRedirectedWith303BecomesAGetWithoutTheBody() async throws {
        let transport = ReplayTransport(responses: [Self.redirect(303, to: "/done"), Self.ok])
        let client = await client(transport)
        var post = HTTPRequest(method: "POST", url: URL(string: "https://api.example/update")!)
        post.setFormParameters(["status": "hello"])
        _ = try await client.send(post)
        let second = try #require(transport.requests.last)
        #expect(second.method == "GET")
        #expect(second.body == nil)
        #expect(signature(second) != nil)
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func credentialsEndpointsNeverRedirect(status: Int) async throws {
        let transport = ReplayTransport { _ in Self.redirect(status, to: "https://elsewhere.example/steal") }
        let client = await client(transport, token: nil)
        await #expect(throws: OAuthClientError.unexpectedRedirect(status: status, location: "https://elsewhere.example/steal")) {
            _ = try await client.startAuthorization(callback: "https://app.example/cb")
        }
        #expect(transport.requests.count == 1)

        let pending = OAuth1PendingAuthorization(temporaryCredentials: OAuth1Token(token: "t", secret: "s"), callback: "oob", createdAt: ManualClock().now)
        await #expect(throws: OAuthClientError.unexpectedRedirect(status: status, location: "https://elsewhere.example/steal")) {
            _ = try await client.finishAuthorization(verifier: "v", pending: pending)
        }
        #expect(transport.requests.count == 2)
    }

    @Test func aPendingAuthorizationExpires() async throws {
        let clock = ManualClock()
        let transport = ReplayTransport { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("oauth_token=at&oauth_token_secret=as".utf8))
        }
        let client = await client(transport, clock: clock, token: nil)
        let pending = OAuth1PendingAuthorization(temporaryCredentials: OAuth1Token(token: "t", secret: "s"), callback: "oob", createdAt: clock.now)
        clock.advance(by: 601)
        await #expect(throws: OAuth1CallbackError.pendingExpired(ageSeconds: 601)) {
            _ = try await client.finishAuthorization(verifier: "v", pending: pending)
        }
        #expect(transport.requests.isEmpty)

        let fresh = OAuth1PendingAuthorization(temporaryCredentials: OAuth1Token(token: "t2", secret: "s"), callback: "oob", createdAt: clock.now)
        clock.advance(by: 600)
        let token = try await client.finishAuthorization(verifier: "v", pending: fresh)
        #expect(token.token == "at")
        await #expect(throws: OAuth1CallbackError.pendingUsed) {
            _ = try await client.finishAuthorization(verifier: "v", pending: fresh)
        }
    }
}
