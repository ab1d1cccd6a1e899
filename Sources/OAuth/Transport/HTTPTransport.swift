import Foundation

/// Sends one HTTP request and returns its response: the one seam between this package and the
/// network.
///
/// A transport must not follow redirects (the client decides what a 3xx means: token
/// endpoints never redirect, protected requests follow with care), must give up after
/// ``TransportLimits/timeout``, and must fail, not truncate, when a body exceeds
/// ``TransportLimits/maximumBodyBytes``. ``URLSessionTransport`` is the default; the README
/// shows an adapter for AsyncHTTPClient.
public protocol HTTPTransport: Sendable {
    /// Sends `request` once, without following redirects.
    ///
    /// - Throws: ``TransportError``, or the underlying client's error.
    func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse
}

/// Bounds on one exchange.
public struct TransportLimits: Sendable, Hashable {
    /// Seconds before the request is abandoned.
    public var timeout: TimeInterval
    /// The largest response body accepted, in bytes, after decompression.
    public var maximumBodyBytes: Int

    /// Creates limits.
    public init(timeout: TimeInterval = 30, maximumBodyBytes: Int = 256 * 1024) {
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// 30 seconds and 256 KiB: for token, revocation and introspection endpoints.
    public static let tokenEndpoint = TransportLimits()
    /// 60 seconds and 16 MiB: for protected resources.
    public static let resource = TransportLimits(timeout: 60, maximumBodyBytes: 16 * 1024 * 1024)
}

/// Why a transport could not deliver a response.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No response within the timeout.
    case timedOut(seconds: TimeInterval)
    /// The response body went past the limit; reading stopped there.
    case bodyTooLarge(limit: Int)
    /// The connection failed.
    case connectionFailed(String)
    /// The request was cancelled.
    case cancelled
    /// The connection closed before the body its `Content-Length` declared had arrived.
    case truncatedBody(declared: Int, received: Int)

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch self {
        case .timedOut, .connectionFailed, .truncatedBody: true
        case .bodyTooLarge, .cancelled: false
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let seconds): "transport: expected a response within \(Int(seconds)) s, got none"
        case .bodyTooLarge(let limit): "transport: expected a body of at most \(limit) bytes, got more"
        case .connectionFailed(let reason): "transport: connection failed: \(reason)"
        case .cancelled: "transport: cancelled"
        case .truncatedBody(let declared, let received): "transport: expected a body of \(declared) bytes (Content-Length), got \(received) before the connection closed"
        }
    }

    /// Refuses a response whose body is shorter than its `Content-Length` says: the connection
    /// closed early, whatever the transport made of it. A body in a content coding (decoded by
    /// the transport, so of another length), a `HEAD` answer, and statuses without a body are
    /// not checked.
    ///
    /// - Throws: ``truncatedBody(declared:received:)``.
    public static func checkComplete(_ response: HTTPResponse, method: String) throws(TransportError) {
        guard method != "HEAD", response.status >= 200, response.status != 204, response.status != 304,
              response.headers["Content-Encoding"] == nil,
              let declared = response.headers["Content-Length"].flatMap({ text in text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? Int(text) : nil }),
              response.body.count < declared
        else { return }
        throw .truncatedBody(declared: declared, received: response.body.count)
    }
}
