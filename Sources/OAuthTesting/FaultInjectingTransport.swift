import Foundation
import OAuth

/// Wraps any ``HTTPTransport`` and makes chosen requests fail the way networks, proxies and
/// servers fail: a reset or refused connection, a timeout, a body cut short, a 5xx with or
/// without `Retry-After`, a proxy's HTML error page, a body that trickles in.
///
/// Faults are injected per request: the Nth request through the transport, or every request to
/// a path (and grant type), once or more. The transport keeps a log of what it did, with the
/// method and path of each request and never a header, query or body.
///
/// ```swift
/// let faults = FaultInjectingTransport(wrapping: SandboxTransport(sandbox))
/// faults.inject(.serverError(status: 503, retryAfter: "120"), into: .path("/token", grantType: "refresh_token"))
/// let client = OAuthClient(provider: provider, credentials: credentials, transport: faults)
/// // client.refresh() throws TokenResponseError.serverUnavailable(status: 503, retryAfter: 120, …)
/// ```
public final class FaultInjectingTransport: HTTPTransport, @unchecked Sendable {
    /// One way a request can fail.
    public struct Fault: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case connectionRefused, connectionReset, timeout, truncatedBody(keepsLength: Bool)
            case serverError(status: Int, retryAfter: String?), htmlErrorPage(status: Int), slowBody(bytesPerSecond: Int)
        }

        let kind: Kind

        /// The connection is refused: the server never sees the request.
        public static let connectionRefused = Fault(kind: .connectionRefused)
        /// The server gets the request and acts on it; the connection is reset before the answer
        /// arrives.
        public static let connectionReset = Fault(kind: .connectionReset)
        /// The server gets the request and acts on it; no answer comes within the limit.
        public static let timeout = Fault(kind: .timeout)
        /// The answer's body is cut in half, its `Content-Length` still the full length, as when
        /// the connection closes early.
        public static let truncatedBody = Fault(kind: .truncatedBody(keepsLength: true))
        /// The answer's body is cut in half and has no `Content-Length`, so nothing but the body
        /// itself shows the cut (a body delimited by the connection's close).
        public static let truncatedBodyWithoutLength = Fault(kind: .truncatedBody(keepsLength: false))
        /// A server error with an empty body, and a `Retry-After` when given; the server never
        /// sees the request.
        public static func serverError(status: Int = 503, retryAfter: String? = nil) -> Fault {
            Fault(kind: .serverError(status: status, retryAfter: retryAfter))
        }
        /// A proxy's or load balancer's HTML error page in place of the server's answer.
        public static func htmlErrorPage(status: Int = 502) -> Fault {
            Fault(kind: .htmlErrorPage(status: status))
        }
        /// The answer arrives at `bytesPerSecond`: the transport waits for it, or gives up with
        /// a timeout when the body would take longer than the request's limit.
        public static func slowBody(bytesPerSecond: Int) -> Fault {
            Fault(kind: .slowBody(bytesPerSecond: max(1, bytesPerSecond)))
        }

        /// One of each fault, for tests that try them all: what the README's table lists.
        public static let all: [Fault] = [
            .connectionRefused, .connectionReset, .timeout, .truncatedBody, .truncatedBodyWithoutLength, .serverError(status: 503),
            .serverError(status: 503, retryAfter: "120"), .serverError(status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"),
            .serverError(status: 500), .htmlErrorPage(status: 502), .htmlErrorPage(status: 200), .slowBody(bytesPerSecond: 1),
        ]

        public var description: String {
            switch kind {
            case .connectionRefused: "connection refused"
            case .connectionReset: "connection reset"
            case .timeout: "timeout"
            case .truncatedBody(let keepsLength): keepsLength ? "truncated body" : "truncated body without Content-Length"
            case .serverError(let status, let retryAfter): "HTTP \(status)" + (retryAfter.map { " with Retry-After: \($0)" } ?? " without Retry-After")
            case .htmlErrorPage(let status): "HTML error page (HTTP \(status))"
            case .slowBody(let rate): "slow body (\(rate) bytes/s)"
            }
        }
    }

    /// Which requests a fault applies to.
    public struct RequestSelector: Sendable {
        let matches: @Sendable (_ request: HTTPRequest, _ number: Int) -> Bool

        /// The Nth request through the transport, counting from 1.
        public static func number(_ number: Int) -> RequestSelector {
            RequestSelector { $1 == number }
        }

        /// Requests to a URL path, such as `/token`, and when given only those whose form body
        /// has this `grant_type`.
        public static func path(_ path: String, grantType: String? = nil) -> RequestSelector {
            RequestSelector { request, _ in
                guard request.url.path == path else { return false }
                guard let grantType else { return true }
                return (try? FormParameters(decoding: request.body ?? Data()))?["grant_type"] == grantType
            }
        }

        /// Every request.
        public static let every = RequestSelector { _, _ in true }
    }

    /// What the transport did with one request: its number, method and path, and the fault
    /// injected, if any. Never a header, query or body, which carry secrets.
    public struct Event: Sendable, Hashable, CustomStringConvertible {
        /// The request's number, from 1.
        public let number: Int
        /// The method.
        public let method: String
        /// The URL's path.
        public let path: String
        /// The fault injected, or `nil` when the request went through untouched.
        public let fault: Fault?

        public var description: String {
            "#\(number) \(method) \(path): " + (fault.map(\.description) ?? "passed through")
        }
    }

    private struct Injection {
        let fault: Fault
        let selector: RequestSelector
        var remaining: Int?
    }

    private let wrapped: any HTTPTransport
    private let sleep: @Sendable (TimeInterval) async throws -> Void
    private let lock = NSLock()
    private var injections: [Injection] = []
    private var log: [Event] = []

    /// Wraps a transport.
    ///
    /// - Parameter sleep: how a slow body is waited for; `Task.sleep` by default, a stand-in in
    ///   tests that must not wait.
    public init(wrapping transport: any HTTPTransport, sleep: @escaping @Sendable (TimeInterval) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) {
        self.wrapped = transport
        self.sleep = sleep
    }

    /// Injects `fault` into the requests `selector` picks, `times` times (`nil`: every time; 0 or
    /// less: never).
    /// Injections are tried in the order they were added; the first that matches applies.
    public func inject(_ fault: Fault, into selector: RequestSelector, times: Int? = 1) {
        if let times, times <= 0 { return }
        lock.withLock { injections.append(Injection(fault: fault, selector: selector, remaining: times)) }
    }

    /// Removes every injection that has not applied yet.
    public func removeAllInjections() {
        lock.withLock { injections.removeAll() }
    }

    /// What happened to each request so far, in order.
    public var events: [Event] { lock.withLock { log } }

    /// The faults injected so far, in order.
    public var injectedFaults: [Fault] { events.compactMap(\.fault) }

    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        let fault: Fault? = lock.withLock {
            let number = log.count + 1
            var chosen: Fault?
            if let index = injections.firstIndex(where: { $0.remaining != 0 && $0.selector.matches(request, number) }) {
                chosen = injections[index].fault
                injections[index].remaining = injections[index].remaining.map { $0 - 1 }
            }
            log.append(Event(number: number, method: request.method, path: request.url.path, fault: chosen))
            return chosen
        }
        guard let fault else { return try await wrapped.send(request, limits: limits) }
        switch fault.kind {
        case .connectionRefused:
            throw TransportError.connectionFailed("connection refused")
        case .connectionReset:
            _ = try? await wrapped.send(request, limits: limits)
            throw TransportError.connectionFailed("connection reset by peer")
        case .timeout:
            _ = try? await wrapped.send(request, limits: limits)
            throw TransportError.timedOut(seconds: limits.timeout)
        case .truncatedBody(let keepsLength):
            let response = try await wrapped.send(request, limits: limits)
            var headers = HTTPHeaders()
            for field in response.headers where field.name.lowercased() != "content-length" { headers.add(name: field.name, value: field.value) }
            if keepsLength { headers.add(name: "Content-Length", value: String(response.body.count)) }
            return HTTPResponse(status: response.status, headers: headers, body: response.body.prefix(response.body.count / 2))
        case .serverError(let status, let retryAfter):
            var headers: HTTPHeaders = ["Content-Length": "0"]
            if let retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
            return HTTPResponse(status: status, headers: headers, body: Data())
        case .htmlErrorPage(let status):
            let page = Data("<!DOCTYPE html><html><head><title>\(status) Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server did not answer \(request.method) \(request.url.path).</p><hr><address>proxy</address></body></html>".utf8)
            return HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Content-Length": String(page.count)], body: page)
        case .slowBody(let rate):
            let response = try await wrapped.send(request, limits: limits)
            let duration = Double(response.body.count) / Double(rate)
            if duration > limits.timeout {
                try await sleep(limits.timeout)
                throw TransportError.timedOut(seconds: limits.timeout)
            }
            try await sleep(duration)
            return response
        }
    }
}
