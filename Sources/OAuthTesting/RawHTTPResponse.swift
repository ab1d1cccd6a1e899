import Foundation
import OAuth

extension HTTPResponse {
    /// Reads a response captured as text: a status line (`HTTP/1.1 200 OK`), header lines, a
    /// blank line and the body. Lines may end in CRLF or LF. The body is kept byte for byte,
    /// except for the file's own ending: with a `Content-Length` header the body is that many
    /// bytes, and without one a single final line break (which editors add) is not part of it.
    ///
    /// Read strictly, in one pass over the bytes (RFC 9112 §4, §5, RFC 9110 §8.6): the status
    /// line is `HTTP/` with a version digit (and `.` digit: `HTTP/2` as tools print it is
    /// accepted), one space, exactly three status digits, then an optional space and reason; a
    /// header name is a token followed directly by `:`; `Content-Length` is digits only, and
    /// when it appears more than once every value must be the same.
    ///
    /// - Throws: ``RawHTTPResponseError`` for a missing or malformed status line or header,
    ///   conflicting `Content-Length` fields, or a body shorter than its `Content-Length`.
    public init(rawHTTP data: Data) throws(RawHTTPResponseError) {
        let bytes = [UInt8](data)
        var index = 0
        func nextLine() -> ArraySlice<UInt8>? {
            guard index < bytes.count else { return nil }
            let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = bytes[index..<lineEnd]
            ParseWork.add(end - index + 1)
            index = min(end + 1, bytes.count)
            return line
        }
        func text(_ line: ArraySlice<UInt8>, limit: Int = 80) -> String {
            String(decoding: line.prefix(limit), as: UTF8.self)
        }
        guard let statusLine = nextLine() else { throw .missingStatusLine }
        guard let status = Self.status(of: statusLine) else { throw .malformedStatusLine(text(statusLine)) }
        var headers = HTTPHeaders()
        var contentLength: Int?
        while let line = nextLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex,
                  line[..<colon].allSatisfy(ASCII.isTokenCharacter)
            else {
                throw .malformedHeader(text(line))
            }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "content-length" {
                guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(value) else {
                    throw .malformedHeader("Content-Length: " + String(value.prefix(40)))
                }
                if let contentLength, contentLength != length { throw .conflictingContentLength(contentLength, length) }
                contentLength = length
            }
            headers.add(name: name, value: value)
        }
        var body = bytes[index...]
        if let length = contentLength {
            guard length <= body.count else { throw .bodyShorterThanContentLength(declared: length, got: body.count) }
            body = body.prefix(length)
        } else if body.last == 0x0A {
            body = body.dropLast()
            if body.last == 0x0D { body = body.dropLast() }
        }
        self.init(status: status, headers: headers, body: Data(body))
    }

    /// The status of `HTTP/d[.d] SP 3DIGIT [SP reason]`, or `nil` when the line is not that.
    private static func status(of line: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(line)
        let prefix = Array("HTTP/".utf8)
        guard bytes.starts(with: prefix) else { return nil }
        var index = prefix.count
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        guard isDigit(index) else { return nil }
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            guard isDigit(index + 1) else { return nil }
            index += 2
        }
        guard index < bytes.count, bytes[index] == 0x20, isDigit(index + 1), isDigit(index + 2), isDigit(index + 3) else { return nil }
        let status = bytes[(index + 1)...(index + 3)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        index += 4
        guard index == bytes.count || bytes[index] == 0x20, (100...599).contains(status) else { return nil }
        return status
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
    /// Two `Content-Length` fields disagree (RFC 9110 §8.6: the message is invalid).
    case conflictingContentLength(Int, Int)

    /// What was expected and what came.
    public var description: String {
        switch self {
        case .missingStatusLine: "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got nothing"
        case .malformedStatusLine(let line): "HTTP response: expected a status line such as \"HTTP/1.1 200 OK\", got \"\(line)\""
        case .malformedHeader(let line): "HTTP response: expected a header line \"Name: value\", got \"\(line)\""
        case .bodyShorterThanContentLength(let declared, let got): "HTTP response: expected a body of \(declared) bytes (Content-Length), got \(got)"
        case .conflictingContentLength(let first, let second): "HTTP response: expected one Content-Length, got \(first) and \(second)"
        }
    }
}
