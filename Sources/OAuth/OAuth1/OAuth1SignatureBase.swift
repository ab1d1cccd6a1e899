import Foundation

/// The signature base string of RFC 5849 §3.4.1: the method, the base string URI and the
/// normalised parameters, each percent-encoded and joined with `&`.
///
/// Built from the request's bytes in one pass: the URL's text is read in place, the query and
/// form body are decoded into one stack buffer, the parameters are sorted there by their
/// encoded order without being encoded, and the base string is written once, encoded twice
/// where RFC 5849 encodes twice.
public enum OAuth1SignatureBase {
    /// The base string URI (§3.4.1.2): scheme and host in lowercase, the port only when it is
    /// not the scheme's default, the path as sent (`/` when empty), no query, no fragment.
    ///
    /// - Throws: ``OAuth1SigningError/unsupportedURL(_:)`` for a URL without an http or https
    ///   scheme or a host.
    public static func baseStringURI(_ url: URL) throws(OAuth1SigningError) -> String {
        var text = url.absoluteString
        let uri: String? = text.withUTF8 { text in
            guard let target = OAuth1RequestTarget(text) else { return nil }
            return String(unsafeUninitializedCapacity: target.uriCountBound) { buffer in
                var cursor = buffer.baseAddress!
                target.writeURI(from: text, to: &cursor)
                return cursor - buffer.baseAddress!
            }
        }
        guard let uri else { throw .unsupportedURL(Redaction.url(url)) }
        return uri
    }

    /// The normalised request parameters (§3.4.1.3.2): each name and value percent-encoded,
    /// sorted by name and then value in byte order after encoding, `name=value` joined by `&`.
    public static func normalizedParameters<Pairs: Sequence>(_ parameters: Pairs) -> String where Pairs.Element == (String, String) {
        let pairs = Array(parameters)
        let bytes = pairs.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count }
        let count = OAuth1SignatureInput.byteCount((bytes, pairs.count))
        return withScratchBuffer(byteCount: count, alignment: MemoryLayout<OAuth1SignatureInput.Span>.alignment) { buffer in
            var input = OAuth1SignatureInput(buffer: buffer, spans: pairs.count)
            for (name, value) in pairs { input.append(name: name, value: value) }
            input.sort()
            let collector = OAuth1StreamWriter.write(into: OAuth1ByteCollector()) { input.writeNormalized(twice: false, to: &$0) }
            return String(decoding: collector.bytes, as: UTF8.self)
        }
    }

    /// The base string for a request (§3.4.1.1): `METHOD&URI&PARAMETERS`.
    ///
    /// - Parameters:
    ///   - request: the request as it will be sent; its query and, for a
    ///     `application/x-www-form-urlencoded` body, its form parameters are signed.
    ///   - oauthParameters: the `oauth_` parameters, without `oauth_signature` and `realm`.
    public static func baseString(for request: HTTPRequest, oauthParameters: [(String, String)]) throws(OAuth1SigningError) -> String {
        try withInput(of: request, oauthParameters: OAuth1ProtocolParameters(oauthParameters)) { input, _ in
            input.sort()
            return .success(withMethodBytes(request.method) { OAuth1ComposedBaseString(input: input, method: $0).string })
        }.get()
    }

    /// The parameters a request carries besides the `oauth_` ones (§3.4.1.3.1): the query,
    /// decoded as a form, and a single-part form body. Bytes that are not UTF-8 show as U+FFFD
    /// here; the signature uses them as they are.
    ///
    /// - Throws: ``OAuth1SigningError/malformedParameters(_:)`` for a `%` not followed by two
    ///   hex digits.
    public static func requestParameters(of request: HTTPRequest) throws(OAuth1SigningError) -> [(String, String)] {
        try withInput(of: request, oauthParameters: OAuth1ProtocolParameters([])) { input, count in
            .success((0..<count).map { (String(decoding: input.name($0), as: UTF8.self), String(decoding: input.value($0), as: UTF8.self)) })
        }.get()
    }

    // MARK: In place

    /// Gathers a request's URI and parameters, then `oauthParameters`, into a stack buffer and
    /// lends them to `body` with the number that came from the request itself.
    static func withInput<Result>(
        of request: HTTPRequest, oauthParameters: OAuth1ProtocolParameters,
        _ body: (inout OAuth1SignatureInput, _ requestParameterCount: Int) -> Swift.Result<Result, OAuth1SigningError>
    ) -> Swift.Result<Result, OAuth1SigningError> {
        var text = request.url.absoluteString
        let form = hasFormBody(request) ? request.body : nil
        // The closures below capture nothing of the request, which would copy it.
        let gathered: Swift.Result<Result, OAuth1SigningError>? = text.withUTF8 { text in
            guard let target = OAuth1RequestTarget(text) else { return nil }
            return withBytes(of: form) { form in
                let needs = OAuth1SignatureInput.requirements(
                    target: target, text: text, formBody: form, oauth: (oauthParameters.byteCount, oauthParameters.count)
                )
                let byteCount = OAuth1SignatureInput.byteCount(needs)
                return withScratchBuffer(byteCount: byteCount, alignment: MemoryLayout<OAuth1SignatureInput.Span>.alignment) { buffer in
                    var input = OAuth1SignatureInput(buffer: buffer, spans: needs.spans)
                    input.setURI(target, of: text)
                    if let query = target.query, !input.appendForm(UnsafeBufferPointer(rebasing: text[query])) {
                        return .failure(.malformedParameters("the query"))
                    }
                    if !input.appendForm(form.assumingMemoryBound(to: UInt8.self)) { return .failure(.malformedParameters("the form body")) }
                    let requestParameterCount = input.spanCount
                    oauthParameters.visit(&input)
                    return body(&input, requestParameterCount)
                }
            }
        }
        return gathered ?? .failure(.unsupportedURL(Redaction.url(request.url)))
    }

    /// Lends the bytes of `method`; one with non-ASCII letters is uppercased first, as Unicode
    /// does it (``OAuth1SignatureInput/writeBaseString(method:to:)`` uppercases ASCII).
    static func withMethodBytes<Result>(_ method: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var method = method.utf8.allSatisfy { $0 < 0x80 } ? method : method.uppercased()
        return method.withUTF8(body)
    }

    /// Whether the request's body is `application/x-www-form-urlencoded`, whose parameters
    /// are signed; the `Content-Type` is read in place.
    static func hasFormBody(_ request: HTTPRequest) -> Bool {
        guard let type = request.headers["Content-Type"] else { return false }
        let expected: StaticString = "application/x-www-form-urlencoded"
        let isForm = type.utf8.withContiguousStorageIfAvailable { bytes in
            // The usual spelling matches at once; others are trimmed and compared without case.
            if bytes.count == expected.utf8CodeUnitCount, memcmp(bytes.baseAddress!, expected.utf8Start, bytes.count) == 0 { return true }
            var start = 0
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            guard end - start == expected.utf8CodeUnitCount else { return false }
            for index in 0..<(end - start) {
                let byte = bytes[start + index]
                if ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) != expected.utf8Start[index] { return false }
            }
            return true
        }
        return isForm ?? (MediaType.essence(of: type) == MediaType.formURLEncoded)
    }

    private static func withBytes<Result>(of data: Data?, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard let data, !data.isEmpty else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return data.withUnsafeBytes(body)
    }
}
