import Foundation

/// A request head parsed by the rules of RFC 9112, strictly: what a lenient parser would guess
/// at is refused, since two parsers that guess differently are how requests get smuggled.
///
/// - request line: `method SP request-target SP HTTP/1.1`, the method a token, the target in
///   origin form (`/path?query`) with only RFC 3986 characters and valid `%HH` escapes, so no
///   raw space, NUL, non-ASCII byte or `#`;
/// - fields: `name ":" OWS value OWS`, the name a token (no space, never empty), no space before
///   the colon, no line folding (obs-fold), the value free of CR, LF, NUL and other controls
///   but tab;
/// - exactly one `Host` (RFC 9112 §3.2);
/// - `Content-Length` digits only, one value or identical duplicates; no `Transfer-Encoding`.
struct LoopbackRequestHead: Sendable, Hashable {
    var method: String
    var target: String
    var headers: HTTPHeaders
    var contentLength: Int

    /// Parses a head whose lines end in CR LF (the reader has checked that), without the blank
    /// line that ends it. Adds the bytes it examined to `work`.
    static func parse(_ head: ArraySlice<UInt8>, limits: LoopbackHTTPServer.Limits, work: inout Int) throws(LoopbackRequestError) -> Self {
        work += head.count
        var lines = head.split(separator: ASCII.cr, omittingEmptySubsequences: false).map { line in
            line.first == ASCII.lf ? line.dropFirst() : line
        }
        let (method, target) = try requestLine(lines.removeFirst())
        var headers = HTTPHeaders()
        for line in lines {
            let (name, value) = try field(line)
            headers.add(name: name, value: value)
        }
        guard headers.values(for: "Host").count == 1 else {
            throw .malformed("expected exactly one Host field (RFC 9112 §3.2), got \(headers.values(for: "Host").count)")
        }
        if headers.contains("Transfer-Encoding") { throw .unsupportedTransferEncoding }
        let length = try contentLength(headers.values(for: "Content-Length"), limit: limits.maximumBodyBytes)
        return LoopbackRequestHead(method: method, target: target, headers: headers, contentLength: length)
    }

    private static func requestLine(_ line: ArraySlice<UInt8>) throws(LoopbackRequestError) -> (String, String) {
        let parts = line.split(separator: ASCII.space, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected a request line of method SP target SP version, got \(parts.count) parts") }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard !method.isEmpty, method.allSatisfy(ASCII.isTokenCharacter) else { throw .malformed("expected the method to be a token") }
        try checkOriginForm(target)
        guard Array(version) == Array("HTTP/1.1".utf8) else {
            let shaped = version.count == 8 && Array(version.prefix(5)) == Array("HTTP/".utf8)
                && version.dropFirst(5).enumerated().allSatisfy { $0.offset == 1 ? $0.element == 0x2E : (0x30...0x39).contains($0.element) }
            throw shaped ? .unsupportedVersion : .malformed("expected the request line to end in HTTP/1.1 after one space")
        }
        return (String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self))
    }

    /// origin-form = absolute-path [ "?" query ] (RFC 9112 §3.2.1, RFC 3986 §3.3-3.4).
    private static func checkOriginForm(_ target: ArraySlice<UInt8>) throws(LoopbackRequestError) {
        guard target.first == ASCII.slash else { throw .malformed("expected the target to start with /") }
        var index = target.startIndex
        while index < target.endIndex {
            let byte = target[index]
            if byte == ASCII.percent {
                guard index + 2 < target.endIndex, ASCII.isHexDigit(target[index + 1]), ASCII.isHexDigit(target[index + 2]) else {
                    throw .malformed("expected % in the target to start a %HH escape, got an invalid one at offset \(index - target.startIndex)")
                }
                index += 3
                continue
            }
            guard ASCII.isTargetCharacter(byte) else {
                throw .malformed("expected only RFC 3986 characters in the target, got byte 0x\(hex(byte)) at offset \(index - target.startIndex)")
            }
            index += 1
        }
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5).
    private static func field(_ line: ArraySlice<UInt8>) throws(LoopbackRequestError) -> (String, String) {
        if line.first == ASCII.space || line.first == ASCII.tab {
            throw .malformed("expected a field line, got a folded continuation (obs-fold, RFC 9112 §5.2)")
        }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .malformed("expected name: value in a field line, got no colon") }
        let name = line[..<colon]
        guard !name.isEmpty else { throw .malformed("expected a field name, got an empty one") }
        if let bad = name.first(where: { !ASCII.isTokenCharacter($0) }) {
            throw .malformed("expected a field name made of token characters, got byte 0x\(hex(bad))")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == ASCII.space || first == ASCII.tab { value = value.dropFirst() }
        while let last = value.last, last == ASCII.space || last == ASCII.tab { value = value.dropLast() }
        if let bad = value.first(where: { ($0 < 0x20 && $0 != ASCII.tab) || $0 == 0x7F }) {
            throw .malformed("expected a field value without control characters, got byte 0x\(hex(bad))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Content-Length = 1*DIGIT (RFC 9110 §8.6): one value, or the same one repeated.
    private static func contentLength(_ fields: [String], limit: Int) throws(LoopbackRequestError) -> Int {
        var length: Int?
        for part in fields.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let value = part.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw .malformed("expected Content-Length to be digits only, got a value with other characters")
            }
            let significant = value.drop { $0 == "0" }
            guard significant.count <= 18 else { throw .bodyTooLarge(limit: limit) }
            let number = Int(significant) ?? 0
            guard length == nil || length == number else { throw .malformed("expected one Content-Length, got different values") }
            length = number
        }
        guard (length ?? 0) <= limit else { throw .bodyTooLarge(limit: limit) }
        return length ?? 0
    }

    private static func hex(_ byte: UInt8) -> String { String(format: "%02X", byte) }
}
