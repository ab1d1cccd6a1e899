import Foundation
import OAuth

/// A transport for tests: answers each request with a closure (or from a list, in order) and
/// remembers every request it was sent.
///
/// ```swift
/// let transport = ReplayTransport { request in
///     HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: tokenJSON)
/// }
/// let client = OAuthClient(provider: provider, credentials: credentials, transport: transport)
/// ```
public final class ReplayTransport: HTTPTransport, @unchecked Sendable {
    /// Answers one request.
    public typealias Responder = @Sendable (HTTPRequest) async throws -> HTTPResponse

    private let responder: Responder
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    /// A transport that answers with `responder`.
    public init(_ responder: @escaping Responder) {
        self.responder = responder
    }

    /// A transport that answers with `responses` in order, then with 599 errors.
    public convenience init(responses: [HTTPResponse]) {
        let queue = ResponseQueue(responses)
        self.init { _ in queue.next() }
    }

    /// The requests sent so far, in order.
    public var requests: [HTTPRequest] { lock.withLock { sent } }

    /// How many requests were sent to URLs whose path ends with `suffix`.
    public func count(pathSuffix suffix: String) -> Int {
        requests.filter { $0.url.path.hasSuffix(suffix) }.count
    }

    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        lock.withLock { sent.append(request) }
        let response = try await responder(request)
        guard response.body.count <= limits.maximumBodyBytes else { throw TransportError.bodyTooLarge(limit: limits.maximumBodyBytes) }
        return response
    }
}

private final class ResponseQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var responses: [HTTPResponse]

    init(_ responses: [HTTPResponse]) { self.responses = responses }

    func next() -> HTTPResponse {
        lock.withLock { responses.isEmpty ? HTTPResponse(status: 599, body: Data("no more recorded responses".utf8)) : responses.removeFirst() }
    }
}

/// A clock for tests that stands still until moved.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// A clock at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        self.current = start
    }

    public var now: Date { lock.withLock { current } }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
