import Foundation

/// Receives an authorization server's redirect for a native or command-line app on an
/// ephemeral loopback port (RFC 8252 §7.3, §8.3): 127.0.0.1 only, the first callback that
/// carries the expected `state` only, then closed.
///
/// ```swift
/// let receiver = LoopbackRedirectReceiver()
/// let redirectURI = try receiver.start()                      // http://127.0.0.1:54321/callback
/// let (url, pending) = try client.startAuthorization(redirectURI: redirectURI)
/// receiver.expect(state: pending.state)
/// // open `url` in the browser …
/// let callback = try await receiver.callback(timeout: 300)
/// let token = try await client.exchange(callback: callback, pending: pending)
/// ```
///
/// A request to another path gets 404, another method 405, a callback without the expected
/// state 400 (and waiting goes on); after the first valid one, the listener closes.
public final class LoopbackRedirectReceiver: @unchecked Sendable {
    /// The path of the redirect URI.
    public let path: String
    private let lock = NSLock()
    private var server: LoopbackHTTPServer?
    private var expectedState: [UInt8]?
    private var received: String?
    private var waiter: CheckedContinuation<String, any Error>?
    /// Why the current wait ended (its time ran out, or its task was cancelled), though nobody
    /// was waiting yet.
    private var ended: (any Error)?
    private let requestedPort: UInt16

    /// Creates a receiver for `http://127.0.0.1:<port><path>`.
    ///
    /// - Parameter port: 0 for an ephemeral port, the RFC 8252 way.
    public init(path: String = "/callback", port: UInt16 = 0) {
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.requestedPort = port
    }

    deinit { server?.stop() }

    /// Starts listening and returns the redirect URI to register and send.
    public func start() throws(LoopbackServerError) -> String {
        let server = LoopbackHTTPServer(port: requestedPort) { [weak self] request in
            self?.handle(request) ?? HTTPResponse(status: 410)
        }
        try server.start()
        lock.withLock { self.server = server }
        return "http://127.0.0.1:\(server.port)\(path)"
    }

    /// The `state` a callback must carry to be accepted.
    public func expect(state: String) {
        lock.withLock { expectedState = Array(state.utf8) }
    }

    /// The longest wait: a year (a longer or infinite timeout waits this long).
    static let maximumTimeout: TimeInterval = 365 * 86_400

    /// Waits for the first valid callback and returns its URL as received.
    ///
    /// - Parameter timeout: seconds, held to 0 … ``maximumTimeout`` (not a number counts as 0).
    /// - Throws: ``LoopbackRedirectError/timedOut`` when none arrives in time, and
    ///   `CancellationError` when the calling task is cancelled while it waits.
    public func callback(timeout: TimeInterval) async throws -> String {
        let timeout = timeout.isNaN ? 0 : min(max(timeout, 0), Self.maximumTimeout)
        let seconds = Int(timeout)
        lock.withLock { ended = nil }
        let deadline = Task { [weak self] in
            // Cancelled: the callback came first.
            guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
            self?.end(with: LoopbackRedirectError.timedOut(seconds: seconds))
        }
        defer { deadline.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // The wait may have ended before it began (a timeout of a few nanoseconds, a
                // task already cancelled): then it ends at once rather than never.
                let ready: Result<String, any Error>? = lock.withLock {
                    if let received { return .success(received) }
                    if let ended { return .failure(ended) }
                    waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: { [weak self] in
            self?.end(with: CancellationError())
        }
    }

    /// Ends the current wait with `error`, or marks it ended for a wait about to begin.
    private func end(with error: any Error) {
        let waiter: CheckedContinuation<String, any Error>? = lock.withLock {
            if ended == nil { ended = error }
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(throwing: error)
    }

    /// Stops listening.
    public func stop() {
        lock.withLock { server }?.stop()
    }

    private func handle(_ request: LoopbackRequest) -> HTTPResponse {
        guard request.path == path else { return page(404, "Not found.") }
        guard request.method == "GET" else { return page(405, "Method not allowed.") }
        let state = request.queryParameters["state"].map { Array($0.utf8) }
        let accepted: Bool = lock.withLock {
            guard received == nil, let expectedState, let state,
                  constantTimeEquals(state, expectedState)
            else { return false }
            received = "http://127.0.0.1:\(server?.port ?? 0)" + request.target
            return true
        }
        guard accepted else { return page(400, "This is not the sign-in this application is waiting for.") }
        let hasError = request.queryParameters["error"] != nil
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { [weak self] in self?.stop() }
        finish(with: .success(lock.withLock { received! }))
        return page(200, hasError ? "Sign-in was not completed. You can close this window and return to the application."
                                  : "Signed in. You can close this window and return to the application.")
    }

    private func finish(with result: Result<String, any Error>) {
        let waiter: CheckedContinuation<String, any Error>? = lock.withLock {
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(with: result)
    }

    private func page(_ status: Int, _ message: String) -> HTTPResponse {
        let html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>oauth</title></head><body><p>\(message)</p></body></html>"
        return HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], body: Data(html.utf8))
    }
}

/// Why the loopback receiver gave no callback.
public enum LoopbackRedirectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No valid callback arrived in time.
    case timedOut(seconds: Int)

    public var description: String {
        switch self {
        case .timedOut(let seconds): "loopback redirect: expected the browser to come back within \(seconds) s, got nothing"
        }
    }
}
