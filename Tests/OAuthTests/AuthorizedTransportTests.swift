import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OAuth
import OAuthTesting
import Testing

/// `OAuthClient.authorizedTransport()` and `data(for:)`: requests sent through the client, the
/// token placed, refreshed when due, kept to the provider's origins.
@Suite struct AuthorizedTransportTests {
    /// A client with a password token from the sandbox in process, on a manual clock.
    func signedIn() async throws -> (client: OAuthClient, clock: ManualClock, sandbox: ReplayTransport) {
        let clock = ManualClock()
        let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")], users: ["alice": "wonderland"],
                                                 configuration: .init(autoApprove: true), issuer: "https://sandbox.test", clock: clock)
        // Counts what goes out, and answers from the sandbox.
        let counting = ReplayTransport { request in try await SandboxTransport(sandbox).send(request, limits: .tokenEndpoint) }
        let provider = Provider(name: "sandbox", displayName: "Sandbox", endpoints: Endpoints(
            token: "https://sandbox.test/token", resourceOrigins: ["https://sandbox.test"]))
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: "s3cret"), transport: counting, clock: clock)
        _ = try await client.password(username: "alice", password: "wonderland")
        return (client, clock, counting)
    }

    @Test func theTransportPlacesTheTokenAndRefreshesIt() async throws {
        let (client, clock, counting) = try await signedIn()
        let api: any HTTPTransport = client.authorizedTransport()
        let first = try await api.send(HTTPRequest(url: URL(string: "https://sandbox.test/userinfo")!), limits: .resource)
        #expect(first.status == 200)
        #expect(try JSONParser().parse(first.body)[path: ["username"]] == "alice")
        let sent = try #require(counting.requests.last)
        #expect(sent.headers["Authorization"]?.hasPrefix("Bearer ") == true)
        #expect(counting.count(pathSuffix: "/token") == 1)

        // Past the token's lifetime: the next request refreshes it first.
        clock.advance(by: 3600)
        let second = try await api.send(HTTPRequest(url: URL(string: "https://sandbox.test/userinfo")!), limits: .resource)
        #expect(second.status == 200)
        #expect(counting.count(pathSuffix: "/token") == 2)
    }

    @Test func theTransportKeepsTheTokenToTheProvidersOrigins() async throws {
        let (client, _, counting) = try await signedIn()
        let sentBefore = counting.requests.count
        await #expect(throws: OAuthClientError.originNotAllowed("https://elsewhere.example")) {
            try await client.authorizedTransport().send(HTTPRequest(url: URL(string: "https://elsewhere.example/steal")!), limits: .resource)
        }
        #expect(counting.requests.count == sentBefore, "nothing was sent")
    }

    @Test func dataForAURLRequestAnswersAsURLSessionDoes() async throws {
        let (client, _, _) = try await signedIn()
        var urlRequest = URLRequest(url: URL(string: "https://sandbox.test/userinfo")!)
        urlRequest.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await client.data(for: urlRequest)
        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/json") == true)
        #expect(try JSONParser().parse(data)[path: ["username"]] == "alice")
    }

    @Test func theLimitsGivenAreTheOnesUsed() async throws {
        let (client, _, _) = try await signedIn()
        // The sandbox's answer is larger than 8 bytes: a transport that honours the limit says so.
        let limited = LimitCheckingTransport()
        let provider = client.provider
        let strict = OAuthClient(provider: provider, credentials: client.credentials, transport: limited, store: InMemoryTokenStore(Token(accessToken: "abcdefghij")))
        _ = try await strict.authorizedTransport().send(HTTPRequest(url: URL(string: "https://sandbox.test/userinfo")!), limits: TransportLimits(timeout: 7, maximumBodyBytes: 8))
        #expect(limited.seen == [TransportLimits(timeout: 7, maximumBodyBytes: 8)])
    }

    @Test func aURLRequestsShorterTimeoutIsTheOneUsed() async throws {
        let (client, _, _) = try await signedIn()
        let limited = LimitCheckingTransport()
        let strict = OAuthClient(provider: client.provider, credentials: client.credentials, transport: limited, store: InMemoryTokenStore(Token(accessToken: "abcdefghij")))
        var urlRequest = URLRequest(url: URL(string: "https://sandbox.test/userinfo")!)
        urlRequest.timeoutInterval = 5
        _ = try? await strict.data(for: urlRequest)
        // A longer one than the configuration's does not lengthen it.
        urlRequest.timeoutInterval = 600
        _ = try? await strict.data(for: urlRequest)
        let configured = strict.configuration.resourceLimits
        #expect(limited.seen.map(\.timeout) == [5, configured.timeout])
        #expect(limited.seen.map(\.maximumBodyBytes) == [configured.maximumBodyBytes, configured.maximumBodyBytes])
    }
}

/// Remembers the limits each request was sent with.
private final class LimitCheckingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var limits: [TransportLimits] = []

    var seen: [TransportLimits] { lock.withLock { limits } }

    func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        lock.withLock { self.limits.append(limits) }
        return HTTPResponse(status: 204)
    }
}
