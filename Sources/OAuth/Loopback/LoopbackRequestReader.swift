import Foundation

/// Reads one HTTP/1.1 request from bytes as they arrive, in linear time.
///
/// The end of the head (the blank line) is searched for incrementally: each call resumes where
/// the previous search stopped, so every byte is looked at once however the client splits its
/// bytes. The head is parsed once, when its end has arrived (``LoopbackRequestHead``); after
/// that, bytes only accumulate until the body is complete.
package struct LoopbackRequestReader {
    let limits: LoopbackHTTPServer.Limits
    private var buffer: [UInt8] = []
    /// How far the search for the end of the head has gone.
    private var searched = 0
    /// Line breaks seen so far in the head, to refuse a flood of fields before it is parsed.
    private var lineBreaks = 0
    private var head: LoopbackRequestHead?
    private var bodyStart = 0
    /// Bytes examined or copied so far: the reader's work, which must grow linearly with the
    /// bytes received (the fuzz test compares it across input sizes).
    private(set) var work = 0

    init(limits: LoopbackHTTPServer.Limits) {
        self.limits = limits
    }

    /// Whether the head has been read and parsed, so that the body is what is awaited.
    var isReadingBody: Bool { head != nil }

    /// Takes the next bytes from the client.
    ///
    /// - Returns: the request once it is complete, or `nil` while more bytes are needed.
    /// - Throws: ``LoopbackRequestError`` as soon as the bytes cannot be an acceptable request.
    mutating func append(_ bytes: some Collection<UInt8>) throws(LoopbackRequestError) -> LoopbackRequest? {
        buffer.append(contentsOf: bytes)
        work += bytes.count
        if head == nil {
            guard let end = try searchEndOfHead() else { return nil }
            head = try LoopbackRequestHead.parse(buffer[..<end], limits: limits, work: &work)
            bodyStart = end + 4
        }
        guard let head, buffer.count - bodyStart >= head.contentLength else { return nil }
        work += head.contentLength
        return LoopbackRequest(
            method: head.method, target: head.target, headers: head.headers,
            body: Data(buffer[bodyStart..<bodyStart + head.contentLength])
        )
    }

    /// Looks for CR LF CR LF from where the last search stopped; returns the index of its first
    /// byte. Lines must end in CR LF: a bare CR or LF is refused here, so the parser can split
    /// on CR LF alone.
    private mutating func searchEndOfHead() throws(LoopbackRequestError) -> Int? {
        while searched < buffer.count {
            guard searched < limits.maximumHeaderBytes else { throw .headerTooLarge(limit: limits.maximumHeaderBytes) }
            let byte = buffer[searched]
            let previous: UInt8? = searched > 0 ? buffer[searched - 1] : nil
            work += 1
            if byte == ASCII.lf {
                guard previous == ASCII.cr else { throw .malformed("expected lines to end in CR LF, got a bare LF") }
                if searched >= 3, buffer[searched - 2] == ASCII.lf {
                    searched += 1
                    return searched - 4
                }
                lineBreaks += 1
                // The request line, then at most maximumHeaderCount fields.
                if lineBreaks > limits.maximumHeaderCount + 1 { throw .tooManyHeaderFields(limit: limits.maximumHeaderCount) }
            } else if previous == ASCII.cr {
                throw .malformed("expected CR to be followed by LF, got a bare CR")
            }
            searched += 1
        }
        return nil
    }
}

/// Why bytes received by the loopback server were refused, and the status that says so.
enum LoopbackRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes break the HTTP/1.1 message grammar (RFC 9112); `400`.
    case malformed(String)
    /// The head is longer than the limit; `431`.
    case headerTooLarge(limit: Int)
    /// The head has more fields than the limit; `431`.
    case tooManyHeaderFields(limit: Int)
    /// `Content-Length` is above the limit; `413`.
    case bodyTooLarge(limit: Int)
    /// The request uses `Transfer-Encoding`, which this server does not implement; `501`.
    case unsupportedTransferEncoding
    /// The request line names an HTTP version other than 1.1; `505`.
    case unsupportedVersion

    /// The status code of the answer.
    var status: Int {
        switch self {
        case .malformed: 400
        case .headerTooLarge, .tooManyHeaderFields: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        case .unsupportedVersion: 505
        }
    }

    var description: String {
        switch self {
        case .malformed(let reason): "malformed request: \(reason)"
        case .headerTooLarge(let limit): "request head: expected at most \(limit) bytes, got more"
        case .tooManyHeaderFields(let limit): "request head: expected at most \(limit) header fields, got more"
        case .bodyTooLarge(let limit): "request body: expected at most \(limit) bytes, got a larger Content-Length"
        case .unsupportedTransferEncoding: "request: expected a Content-Length body, got Transfer-Encoding, which this server does not implement"
        case .unsupportedVersion: "request line: expected HTTP/1.1, got another version"
        }
    }
}
