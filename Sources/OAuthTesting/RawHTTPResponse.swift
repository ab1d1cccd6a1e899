import Foundation
import OAuth

extension HTTPResponse {
    /// Reads a response captured as text: a status line (`HTTP/1.1 200 OK`), header lines, a
    /// blank line and the body. Lines may end in CRLF or LF. The body is kept byte for byte,
    /// except for the file's own ending: with a `Content-Length` header the body is that many
    /// bytes, and without one a single final line break (which editors add) is not part of it.
    ///
    /// - Throws: ``RawHTTPResponseError`` for a missing or malformed status line or header, or
    ///   a body shorter than its `Content-Length`.
    public init(rawHTTP data: Data) throws(RawHTTPResponseError) {
        let bytes = [UInt8](data)
        var index = 0
        func nextLine() -> String? {
            guard index < bytes.count else { return nil }
            var end = index
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
            index = min(end + 1, bytes.count)
            return line
        }
        guard let statusLine = nextLine() else { throw .missingStatusLine }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), (100...599).contains(status) else {
            throw .malformedStatusLine(String(statusLine.prefix(80)))
        }
        var headers = HTTPHeaders()
        while let line = nextLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformedHeader(String(line.prefix(80)))
            }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        var body = bytes[index...]
        if let declared = headers["Content-Length"] {
            guard let length = Int(declared), length >= 0 else { throw .malformedHeader("Content-Length: " + String(declared.prefix(40))) }
            guard length <= body.count else { throw .bodyShorterThanContentLength(declared: length, got: body.count) }
            body = body.prefix(length)
        } else if body.last == 0x0A {
            body = body.dropLast()
            if body.last == 0x0D { body = body.dropLast() }
        }
        self.init(status: status, headers: headers, body: Data(body))
    }
}

/// Why captured text is not an HTTP response.
public enum RawHTTPResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is empty.
    case missingStatusLine
    /// The first line is not `HTTP/x.y NNN reason`.
    case malformedStatusLine(String)
    /// A header line has no `name:` before its value, or `Content-Length` is not a number.
    case malformedHeader(String)
    /// The body has fewer bytes than `Content-Length` says.
    case bodyShorterThanContentLength(declared: Int, got: Int)

    /// What was expected and what came.
    public var description: String {
        switch self {
        case .missingStatusLine: "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got nothing"
        case .malformedStatusLine(let line): "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got \"\(line)\""
        case .malformedHeader(let line): "HTTP response: expected a header line \"Name: value\", got \"\(line)\""
        case .bodyShorterThanContentLength(let declared, let got): "HTTP response: expected a body of \(declared) bytes (Content-Length), got \(got)"
        }
    }
}
