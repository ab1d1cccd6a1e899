import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default ``HTTPTransport``: URLSession (FoundationNetworking on Linux), with redirects
/// never followed, bodies counted as they arrive (decompressed) and cut off at the limit with
/// an error, and a timeout on every request.
///
/// It drives `URLSessionDataTask`s through a delegate, which works the same on Linux, where
/// the async `data(for:)` is missing, and on Apple platforms.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession
    private let delegate: SessionDelegate

    /// Creates a transport with its own ephemeral session: no cookies, no cache, no stored
    /// credentials.
    public init(configuration: URLSessionConfiguration = .ephemeral) {
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.httpShouldSetCookies = false
        let delegate = SessionDelegate()
        self.delegate = delegate
        self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        let task = session.dataTask(with: URLRequest(request, timeout: limits.timeout))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                delegate.register(task, limits: limits, continuation: continuation)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }
}

/// Per-task state for ``URLSessionTransport``, kept under a lock because URLSession calls the
/// delegate on its own queue.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Exchange {
        var limits: TransportLimits
        var continuation: CheckedContinuation<HTTPResponse, any Error>
        var response: HTTPURLResponse?
        var body = Data()
        var failure: TransportError?
    }

    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    func register(_ task: URLSessionTask, limits: TransportLimits, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.withLock { exchanges[task.taskIdentifier] = Exchange(limits: limits, continuation: continuation) }
        // URLSession's own timeout counts idle time between packets, and FoundationNetworking
        // does not always apply it; this deadline covers the whole exchange.
        DispatchQueue.global().asyncAfter(deadline: .now() + limits.timeout) { [weak self] in
            self?.expire(task, after: limits.timeout)
        }
    }

    private func expire(_ task: URLSessionTask, after timeout: TimeInterval) {
        let expired: Bool = lock.withLock {
            guard var exchange = exchanges[task.taskIdentifier], exchange.failure == nil else { return false }
            exchange.failure = .timedOut(seconds: timeout)
            exchanges[task.taskIdentifier] = exchange
            return true
        }
        if expired { task.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// The client authenticates itself in the request it builds; a challenge is answered with
    /// nothing, so that a 401 comes back as the response it is.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        #if canImport(FoundationNetworking)
        // FoundationNetworking raises the challenge after the whole 401 has arrived, and waits
        // forever on default handling without a credential: answer with what arrived, then
        // cancel the challenge.
        if let exchange = lock.withLock({ exchanges.removeValue(forKey: task.taskIdentifier) }) {
            complete(exchange, error: nil)
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
        #else
        // Server trust is the platform's to judge; never bypassed here.
        completionHandler(.performDefaultHandling, nil)
        #endif
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let tooLarge: Bool = lock.withLock {
            guard var exchange = exchanges[dataTask.taskIdentifier] else { return false }
            exchange.response = response as? HTTPURLResponse
            let declared = response.expectedContentLength
            let tooLarge = declared > Int64(exchange.limits.maximumBodyBytes)
            if tooLarge { exchange.failure = .bodyTooLarge(limit: exchange.limits.maximumBodyBytes) }
            exchanges[dataTask.taskIdentifier] = exchange
            return tooLarge
        }
        completionHandler(tooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge: Bool = lock.withLock {
            guard var exchange = exchanges[dataTask.taskIdentifier], exchange.failure == nil else { return false }
            exchange.body.append(data)
            let tooLarge = exchange.body.count > exchange.limits.maximumBodyBytes
            if tooLarge {
                exchange.failure = .bodyTooLarge(limit: exchange.limits.maximumBodyBytes)
                exchange.body = Data()
            }
            exchanges[dataTask.taskIdentifier] = exchange
            return tooLarge
        }
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let exchange = lock.withLock({ exchanges.removeValue(forKey: task.taskIdentifier) }) else { return }
        complete(exchange, error: error)
    }

    private func complete(_ exchange: Exchange, error: (any Error)?) {
        if let failure = exchange.failure {
            exchange.continuation.resume(throwing: failure)
        } else if let error {
            exchange.continuation.resume(throwing: Self.transportError(error, limits: exchange.limits))
        } else if let response = exchange.response {
            exchange.continuation.resume(returning: HTTPResponse(response, body: exchange.body))
        } else {
            exchange.continuation.resume(throwing: TransportError.connectionFailed("no HTTP response"))
        }
    }

    private static func transportError(_ error: any Error, limits: TransportLimits) -> TransportError {
        let code = (error as? URLError)?.code ?? URLError.Code(rawValue: (error as NSError).code)
        switch code {
        case .timedOut: return .timedOut(seconds: limits.timeout)
        case .cancelled: return .cancelled
        default: return .connectionFailed((error as NSError).localizedDescription)
        }
    }
}
