import Foundation

/// Where the `oauth_` parameters and the signature go (RFC 5849 §3.5).
public enum OAuth1SignaturePlacement: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `Authorization: OAuth …` (§3.5.1), the default.
    case header
    /// The query string (§3.5.3).
    case query
    /// The `application/x-www-form-urlencoded` body (§3.5.2).
    case body

    /// `header`, `query` or `body`.
    public var description: String { rawValue }
}

extension OAuth1Signer {
    /// Puts the `oauth_` parameters and the signature where ``placement`` says; each string
    /// is built once, at its final length.
    package func place(_ oauth: OAuth1ProtocolParameters, signature: UnsafeBufferPointer<UInt8>, in request: HTTPRequest) -> Result<HTTPRequest, OAuth1SigningError> {
        var placed = request
        switch placement {
        case .header:
            placed.headers["Authorization"] = OAuth1Text.string { text in
                text.append("OAuth ")
                if let realm {
                    text.append(#"realm=""#)
                    text.appendQuoted(realm)
                    text.append(#"", "#)
                }
                var fields = OAuth1HeaderFields(text: text)
                oauth.visit(&fields)
                text = fields.text
                text.append(#"oauth_signature=""#)
                text.appendEncoded(signature)
                text.append(#"""#)
            }
        case .query:
            var url = request.url.absoluteString
            let placedURL: String = url.withUTF8 { url in
                let fragment = url.firstIndex(of: UInt8(ascii: "#")) ?? url.count
                let head = UnsafeBufferPointer(rebasing: url[..<fragment])
                return OAuth1Text.string { text in
                    text.append(head)
                    if !head.contains(UInt8(ascii: "?")) {
                        text.append("?")
                    } else if let last = head.last, last != UInt8(ascii: "?"), last != UInt8(ascii: "&") {
                        text.append("&")
                    }
                    Self.appendForm(oauth, signature: signature, to: &text)
                    text.append(UnsafeBufferPointer(rebasing: url[fragment...]))
                }
            }
            guard let url = URL(string: placedURL) else { return .failure(.unsupportedURL(Redaction.url(request.url))) }
            placed.url = url
            placed.headers["Cache-Control"] = "no-store"
        case .body:
            let existing = request.body ?? Data()
            let body = existing.withUnsafeBytes { existing in
                OAuth1Text.data { text in
                    if !existing.isEmpty {
                        text.append(existing.assumingMemoryBound(to: UInt8.self))
                        text.append("&")
                    }
                    Self.appendForm(oauth, signature: signature, to: &text)
                }
            }
            placed.headers["Content-Type"] = MediaType.formURLEncoded
            placed.body = body
        }
        return .success(placed)
    }

    /// `name=value&…&oauth_signature=…`, each encoded.
    private static func appendForm(_ oauth: OAuth1ProtocolParameters, signature: UnsafeBufferPointer<UInt8>, to text: inout OAuth1Text) {
        var pairs = OAuth1FormPairs(text: text)
        oauth.visit(&pairs)
        text = pairs.text
        text.append("oauth_signature=")
        text.appendEncoded(signature)
    }
}

/// `name="value", ` for each parameter, as the `Authorization` header lists them (§3.5.1).
private struct OAuth1HeaderFields: OAuth1ParameterVisitor {
    var text: OAuth1Text

    mutating func visit(_ name: String, _ value: String) {
        text.appendEncoded(name)
        text.append(#"=""#)
        text.appendEncoded(value)
        text.append(#"", "#)
    }
}

/// `name=value&` for each parameter, as a query or form body carries them (§3.5.2, §3.5.3).
private struct OAuth1FormPairs: OAuth1ParameterVisitor {
    var text: OAuth1Text

    mutating func visit(_ name: String, _ value: String) {
        text.appendEncoded(name)
        text.append("=")
        text.appendEncoded(value)
        text.append("&")
    }
}

/// Text assembled in two passes over the same steps: one that adds up a bound on its length
/// without reading any bytes, one that writes into a scratch buffer of that size; the string,
/// URL or body is then allocated once at its final length.
struct OAuth1Text {
    private let start: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0

    private init(start: UnsafeMutablePointer<UInt8>?) {
        self.start = start
    }

    /// The string `steps` write.
    static func string(_ steps: (inout OAuth1Text) -> Void) -> String {
        var bound = OAuth1Text(start: nil)
        steps(&bound)
        return string(bound: bound.count) { cursor in
            var text = OAuth1Text(start: cursor)
            steps(&text)
            cursor += text.count
        }
    }

    /// The bytes `steps` write.
    static func data(_ steps: (inout OAuth1Text) -> Void) -> Data {
        var bound = OAuth1Text(start: nil)
        steps(&bound)
        return withScratchBuffer(byteCount: bound.count) { buffer in
            var text = OAuth1Text(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
            steps(&text)
            return Data(buffer[..<text.count])
        }
    }

    /// The string that `write` writes, in at most `bound` bytes, at the cursor it moves.
    static func string(bound: Int, _ write: (inout UnsafeMutablePointer<UInt8>) -> Void) -> String {
        withScratchBuffer(byteCount: bound) { buffer in
            let start = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var cursor = start
            write(&cursor)
            precondition(cursor - start <= bound, "text written past its bound")
            return String(decoding: UnsafeBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        }
    }

    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let start, let base = bytes.baseAddress { (start + count).update(from: base, count: bytes.count) }
        count += bytes.count
    }

    mutating func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start else {
            count += 3 * bytes.count
            return
        }
        var cursor = start + count
        OAuth1Encoding.writeEncoded(bytes, to: &cursor)
        count = cursor - start
    }

    mutating func appendEncoded(_ text: String) {
        guard start != nil else {
            count += 3 * text.utf8.count
            return
        }
        if text.utf8.withContiguousStorageIfAvailable({ appendEncoded($0) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { appendEncoded($0) }
        }
    }

    /// `text` as the content of an RFC 2617 quoted-string: `"` and `\` escaped, nothing encoded.
    mutating func appendQuoted(_ text: String) {
        guard start != nil else {
            count += 2 * text.utf8.count
            return
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") {
                append(byte: UInt8(ascii: "\\"))
            }
            append(byte: byte)
        }
    }

    private mutating func append(byte: UInt8) {
        if let start { start[count] = byte }
        count += 1
    }
}
