import Foundation

/// The signature base string of RFC 5849 §3.4.1: the method, the base string URI and the
/// normalised parameters, each percent-encoded and joined with `&`.
public enum OAuth1SignatureBase {
    /// The base string URI (§3.4.1.2): scheme and host in lowercase, the port only when it is
    /// not the scheme's default, the path as sent (`/` when empty), no query, no fragment.
    ///
    /// - Throws: ``OAuth1SigningError/unsupportedURL(_:)`` for a URL without an http or https
    ///   scheme or a host.
    public static func baseStringURI(_ url: URL) throws(OAuth1SigningError) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { throw .unsupportedURL(Redaction.url(url)) }
        return try baseStringURI(components, url: url)
    }

    static func baseStringURI(_ components: URLComponents, url: URL) throws(OAuth1SigningError) -> String {
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.percentEncodedHost?.lowercased(), !host.isEmpty
        else { throw .unsupportedURL(Redaction.url(url)) }
        if host.contains(":"), !host.hasPrefix("[") { host = "[" + host + "]" }
        var uri = scheme + "://" + host
        if let port = components.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) {
            uri += ":\(port)"
        }
        let path = components.percentEncodedPath
        return uri + (path.isEmpty ? "/" : path)
    }

    /// The normalised request parameters (§3.4.1.3.2): each name and value percent-encoded,
    /// sorted by name and then value in byte order after encoding, `name=value` joined by `&`.
    public static func normalizedParameters<Pairs: Sequence>(_ parameters: Pairs) -> String where Pairs.Element == (String, String) {
        normalized(parameters.map { (Array($0.0.utf8), Array($0.1.utf8)) })
    }

    /// The same over octets, which is what §3.4.1.3 works on: a query may carry bytes that are
    /// not UTF-8 (`%E9`), and they are signed as they are.
    static func normalized(_ parameters: [([UInt8], [UInt8])]) -> String {
        let sorted = parameters.map { (OAuth1Encoding.encodedBytes($0.0), OAuth1Encoding.encodedBytes($0.1)) }
            .sorted { lhs, rhs in lhs.0 == rhs.0 ? lhs.1.lexicographicallyPrecedes(rhs.1) : lhs.0.lexicographicallyPrecedes(rhs.0) }
        var joined: [UInt8] = []
        joined.reserveCapacity(sorted.reduce(0) { $0 + $1.0.count + $1.1.count + 2 })
        for (index, pair) in sorted.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: "&")) }
            joined += pair.0
            joined.append(UInt8(ascii: "="))
            joined += pair.1
        }
        return String(decoding: joined, as: UTF8.self)
    }

    /// The base string for a request (§3.4.1.1): `METHOD&URI&PARAMETERS`.
    ///
    /// - Parameters:
    ///   - request: the request as it will be sent; its query and, for a
    ///     `application/x-www-form-urlencoded` body, its form parameters are signed.
    ///   - oauthParameters: the `oauth_` parameters, without `oauth_signature` and `realm`.
    public static func baseString(for request: HTTPRequest, oauthParameters: [(String, String)]) throws(OAuth1SigningError) -> String {
        let (uri, parameters) = try parts(of: request)
        return compose(method: request.method, uri: uri, parameters: parameters + oauthParameters.map { (Array($0.0.utf8), Array($0.1.utf8)) })
    }

    /// `METHOD&URI&PARAMETERS`, each part encoded.
    static func compose(method: String, uri: String, parameters: [([UInt8], [UInt8])]) -> String {
        [method.uppercased(), uri, normalized(parameters)].map(OAuth1Encoding.encode).joined(separator: "&")
    }

    /// The parameters a request carries besides the `oauth_` ones (§3.4.1.3.1): the query,
    /// decoded as a form, and a single-part form body. Bytes that are not UTF-8 show as U+FFFD
    /// here; the signature uses them as they are.
    ///
    /// - Throws: ``OAuth1SigningError/malformedParameters(_:)`` for a `%` not followed by two
    ///   hex digits.
    public static func requestParameters(of request: HTTPRequest) throws(OAuth1SigningError) -> [(String, String)] {
        try parts(of: request).parameters.map { (String(decoding: $0.0, as: UTF8.self), String(decoding: $0.1, as: UTF8.self)) }
    }

    /// The base string URI and the request's own parameters as octets, from one reading of
    /// the URL.
    static func parts(of request: HTTPRequest) throws(OAuth1SigningError) -> (uri: String, parameters: [([UInt8], [UInt8])]) {
        guard let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false) else {
            throw .unsupportedURL(Redaction.url(request.url))
        }
        let uri = try baseStringURI(components, url: request.url)
        var pairs: [([UInt8], [UInt8])] = []
        if let query = components.percentEncodedQuery, !query.isEmpty {
            guard let decoded = formOctets(Array(query.utf8)) else { throw .malformedParameters("the query") }
            pairs += decoded
        }
        if hasFormBody(request), let body = request.body, !body.isEmpty {
            guard let decoded = formOctets(Array(body)) else { throw .malformedParameters("the form body") }
            pairs += decoded
        }
        return (uri, pairs)
    }

    /// `application/x-www-form-urlencoded` decoded to octets: `&`-separated pairs, `=` between
    /// name and value (a pair without one has an empty value), `+` a space, `%XX` a byte; `nil`
    /// for a malformed escape.
    static func formOctets(_ bytes: [UInt8]) -> [([UInt8], [UInt8])]? {
        var pairs: [([UInt8], [UInt8])] = []
        for piece in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            guard let name = OAuth1Encoding.decodedOctets(piece[..<(equals ?? piece.endIndex)], plusIsSpace: true),
                  let value = equals.map({ OAuth1Encoding.decodedOctets(piece[piece.index(after: $0)...], plusIsSpace: true) }) ?? [UInt8]()
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// Whether the request's body is `application/x-www-form-urlencoded`, whose parameters
    /// are signed.
    static func hasFormBody(_ request: HTTPRequest) -> Bool {
        MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded
    }
}
