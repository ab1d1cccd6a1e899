import Foundation
import OAuth
import Testing

/// The URLSession transport against the loopback server: no redirects followed, bodies
/// bounded, timeouts kept.
@Suite struct TransportTests {
    @discardableResult
    func withServer<T>(_ handler: @escaping LoopbackHTTPServer.Handler, _ body: (URL) async throws -> T) async throws -> T {
        let server = LoopbackHTTPServer(handler: handler)
        try server.start()
        defer { server.stop() }
        return try await body(server.baseURL)
    }

    @Test func sendsMethodHeadersAndBodyAndReadsTheResponse() async throws {
        try await withServer({ request in
            let echo = "\(request.method) \(request.target) \(request.headers["X-Test"] ?? "-") \(String(decoding: request.body, as: UTF8.self))"
            return HTTPResponse(status: 201, headers: ["Content-Type": "text/plain", "X-Answer": "yes"], body: Data(echo.utf8))
        }) { base in
            let request = HTTPRequest(method: "POST", url: base.appendingPathComponent("token"), headers: ["X-Test": "1"], body: Data("a=b".utf8))
            let response = try await URLSessionTransport().send(request, limits: .tokenEndpoint)
            #expect(response.status == 201)
            #expect(response.headers["x-answer"] == "yes")
            #expect(String(decoding: response.body, as: UTF8.self) == "POST /token 1 a=b")
        }
    }

    @Test func neverFollowsARedirect() async throws {
        let hits = Counter()
        try await withServer({ request in
            hits.increment()
            return HTTPResponse(status: 307, headers: ["Location": "/elsewhere"])
        }) { base in
            let response = try await URLSessionTransport().send(HTTPRequest(method: "POST", url: base, body: Data("code=x".utf8)), limits: .tokenEndpoint)
            #expect(response.status == 307)
            #expect(response.headers["Location"] == "/elsewhere")
            #expect(hits.value == 1)
        }
    }

    @Test(arguments: [#"Basic realm="as""#, #"Bearer realm="api", error="invalid_token""#])
    func a401WithAChallengeComesBackWithItsBodyAndIsNotRetried(challenge: String) async throws {
        let hits = Counter()
        try await withServer({ _ in
            hits.increment()
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": challenge, "Content-Type": "application/json"], body: Data(#"{"error":"invalid_client"}"#.utf8))
        }) { base in
            let response = try await URLSessionTransport().send(HTTPRequest(method: "POST", url: base, headers: ["Authorization": "Basic eDp5"]), limits: .tokenEndpoint)
            #expect(response.status == 401)
            #expect(response.headers["WWW-Authenticate"] == challenge)
            #expect(response.body == Data(#"{"error":"invalid_client"}"#.utf8))
            #expect(hits.value == 1)
        }
    }

    @Test func anOversizeBodyIsAnErrorNotATruncation() async throws {
        try await withServer({ _ in HTTPResponse(status: 200, body: Data(repeating: 0x61, count: 100_000)) }) { base in
            await #expect(throws: TransportError.bodyTooLarge(limit: 1000)) {
                try await URLSessionTransport().send(HTTPRequest(url: base), limits: TransportLimits(maximumBodyBytes: 1000))
            }
            let whole = try await URLSessionTransport().send(HTTPRequest(url: base), limits: TransportLimits(maximumBodyBytes: 100_000))
            #expect(whole.body.count == 100_000)
        }
    }

    @Test func everyRequestHasATimeout() async throws {
        try await withServer({ _ in
            try? await Task.sleep(for: .seconds(5))
            return HTTPResponse(status: 200)
        }) { base in
            // The server answers after 5 s; a transport without a deadline would get its 200.
            await #expect(throws: TransportError.timedOut(seconds: 1)) {
                try await URLSessionTransport().send(HTTPRequest(url: base), limits: TransportLimits(timeout: 1))
            }
        }
    }

    @Test func loopbackServerRefusesOversizeRequests() async throws {
        try await withServer({ _ in HTTPResponse(status: 200) }) { base in
            var request = HTTPRequest(method: "POST", url: base)
            request.body = Data(repeating: 0x61, count: 2 * 1024 * 1024)
            let response = try await URLSessionTransport().send(request, limits: .tokenEndpoint)
            #expect(response.status == 413)
        }
    }
}

/// A thread-safe counter for tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
    var value: Int { lock.withLock { count } }
}
