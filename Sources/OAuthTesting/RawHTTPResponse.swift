import Foundation
import OAuth

extension HTTPResponse {
    /// Reads a response captured as text: a status line (`HTTP/1.1 200 OK`), header lines, a
    /// blank line and the body. Lines may end in CRLF or LF; the body is kept byte for byte.
    ///
    /// - Throws: ``RawHTTPResponseError`` for a missing or malformed status line or header.
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
        self.init(status: status, headers: headers, body: Data(bytes[index...]))
    }
}

/// Why captured text is not an HTTP response.
public enum RawHTTPResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is empty.
    case missingStatusLine
    /// The first line is not `HTTP/x.y NNN reason`.
    case malformedStatusLine(String)
    /// A header line has no `name:` before its value.
    case malformedHeader(String)

    public var description: String {
        switch self {
        case .missingStatusLine: "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got nothing"
        case .malformedStatusLine(let line): "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got \"\(line)\""
        case .malformedHeader(let line): "HTTP response: expected a header line \"Name: value\", got \"\(line)\""
        }
    }
}
