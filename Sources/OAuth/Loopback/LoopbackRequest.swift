import Foundation

/// A request received by the ``LoopbackHTTPServer``: method, target, headers and body.
public struct LoopbackRequest: Sendable, CustomStringConvertible {
    /// The method, such as `GET`.
    public let method: String
    /// The request target: the path and query, such as `/callback?code=x&state=y`.
    public let target: String
    /// The header fields.
    public let headers: HTTPHeaders
    /// The body.
    public let body: Data

    /// Creates a request.
    public init(method: String, target: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path, without the query.
    public var path: String { String(target.prefix { $0 != "?" }) }

    /// The query, without the `?`, or `nil`.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The body decoded as form parameters (empty when it is not a form).
    public var formParameters: FormParameters {
        (try? FormParameters(decoding: body)) ?? []
    }

    /// The query decoded as form parameters (empty when there is none).
    public var queryParameters: FormParameters {
        query.flatMap { try? FormParameters(decoding: Data($0.utf8)) } ?? []
    }

    /// The request line, with secrets redacted.
    public var description: String {
        "\(method) \(Redaction.url(URL(string: "http://loopback" + target) ?? URL(string: "http://loopback/")!).dropFirst("http://loopback".count))"
    }

    /// Reads a request head and body from the bytes received so far.
    ///
    /// - Returns: the request, or `nil` when more bytes are needed.
    /// - Throws: ``LoopbackRequestError`` when the bytes cannot be a request within the limits.
    static func parse(_ buffer: [UInt8], limits: LoopbackHTTPServer.Limits) throws(LoopbackRequestError) -> LoopbackRequest? {
        guard let headEnd = find([13, 10, 13, 10], in: buffer) else {
            if buffer.count > limits.maximumHeaderBytes { throw .headerTooLarge }
            return nil
        }
        guard headEnd <= limits.maximumHeaderBytes else { throw .headerTooLarge }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), requestLine[1].hasPrefix("/") else { throw .malformed }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        if headers["Transfer-Encoding"] != nil { throw .unsupportedTransferEncoding }
        let length = Int(headers["Content-Length"] ?? "0") ?? -1
        guard length >= 0 else { throw .malformed }
        guard length <= limits.maximumBodyBytes else { throw .bodyTooLarge }
        let bodyStart = headEnd + 4
        guard buffer.count - bodyStart >= length else { return nil }
        return LoopbackRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
            body: Data(buffer[bodyStart..<bodyStart + length])
        )
    }

    private static func find(_ pattern: [UInt8], in buffer: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count) where buffer[index] == pattern[0] {
            if Array(buffer[index..<index + pattern.count]) == pattern { return index }
        }
        return nil
    }
}

/// Why bytes received by the loopback server were refused.
enum LoopbackRequestError: Error {
    case malformed
    case headerTooLarge
    case bodyTooLarge
    case unsupportedTransferEncoding
}
