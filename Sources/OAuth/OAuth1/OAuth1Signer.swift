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

/// Signs requests for OAuth 1.0a (RFC 5849 §3): adds `oauth_consumer_key`, `oauth_token`,
/// `oauth_signature_method`, `oauth_timestamp`, `oauth_nonce`, `oauth_version` and any
/// parameters of the step (`oauth_callback`, `oauth_verifier`), signs the request, and puts
/// them where ``placement`` says.
///
/// ```swift
/// let signer = OAuth1Signer(client: ClientCredentials(id: consumerKey, secret: consumerSecret), token: token)
/// let signed = try signer.sign(HTTPRequest(url: URL(string: "https://api.example.com/1/me")!))
/// ```
public struct OAuth1Signer: Sendable {
    /// The client (consumer) key and secret.
    public var client: ClientCredentials
    /// The temporary or token credentials, once the flow has them.
    public var token: OAuth1Token?
    /// The signature method; HMAC-SHA1 by default.
    public var method: OAuth1SignatureMethod
    /// Where the parameters go; the `Authorization` header by default.
    public var placement: OAuth1SignaturePlacement
    /// The `realm` of the `Authorization` header, if any (never signed).
    public var realm: String?
    /// Whether to send `oauth_version="1.0"` (optional in RFC 5849; sent by default).
    public var includeVersion: Bool
    /// Makes nonces; 16 random bytes in hex by default.
    public var nonce: @Sendable () -> String
    /// The clock for `oauth_timestamp`.
    public var clock: any WallClock

    /// Creates a signer.
    public init(
        client: ClientCredentials, token: OAuth1Token? = nil, method: OAuth1SignatureMethod = .hmacSHA1, placement: OAuth1SignaturePlacement = .header,
        realm: String? = nil, includeVersion: Bool = true, nonce: (@Sendable () -> String)? = nil, clock: any WallClock = SystemClock()
    ) {
        self.client = client
        self.token = token
        self.method = method
        self.placement = placement
        self.realm = realm
        self.includeVersion = includeVersion
        self.nonce = nonce ?? { SecureRandom.bytes(16).map { String(format: "%02x", $0) }.joined() }
        self.clock = clock
    }

    /// Signs a request.
    ///
    /// - Parameters:
    ///   - parameters: `oauth_` parameters of the step, such as `oauth_callback` or `oauth_verifier`.
    ///   - nonce: the nonce; a fresh one when `nil`.
    ///   - timestamp: the timestamp; the clock's seconds when `nil`.
    /// - Throws: ``OAuth1SigningError`` for an `oauth_` parameter already in the URL or body, a
    ///   body placement without a form body, PLAINTEXT without TLS, or a failing RSA signer.
    public func sign(
        _ request: HTTPRequest, parameters: [(String, String)] = [], nonce: String? = nil, timestamp: String? = nil
    ) throws(OAuth1SigningError) -> HTTPRequest {
        let oauth = oauthParameters(extra: parameters, nonce: nonce, timestamp: timestamp)
        let baseString = try signatureBaseString(for: request, oauthParameters: oauth)
        let signature = try method.signature(baseString: baseString, clientSecret: client.secret, tokenSecret: token?.secret)
        return try place(oauth + [("oauth_signature", signature)], in: request)
    }

    /// The `oauth_` parameters a request is signed with, in the order they are sent.
    public func oauthParameters(extra: [(String, String)] = [], nonce: String? = nil, timestamp: String? = nil) -> [(String, String)] {
        var parameters = [("oauth_consumer_key", client.id)]
        if let token { parameters.append(("oauth_token", token.token)) }
        parameters.append(("oauth_signature_method", method.name))
        parameters.append(("oauth_timestamp", timestamp ?? String(Int(clock.now.timeIntervalSince1970))))
        parameters.append(("oauth_nonce", nonce ?? self.nonce()))
        if includeVersion { parameters.append(("oauth_version", "1.0")) }
        return parameters + extra
    }

    /// The signature base string for a request and its `oauth_` parameters, checked as
    /// ``sign(_:parameters:nonce:timestamp:)`` checks it.
    public func signatureBaseString(for request: HTTPRequest, oauthParameters: [(String, String)]) throws(OAuth1SigningError) -> String {

        if case .plaintext = method.kind, (try? EndpointSecurity.check(request.url, role: "PLAINTEXT")) == nil {
            throw .plaintextWithoutTLS(Redaction.url(request.url))
        }
        if placement == .body {
            guard !["GET", "HEAD", "DELETE", "OPTIONS", "TRACE"].contains(request.method.uppercased()) else { throw .bodyPlacementNeedsBodyMethod(request.method) }
            if let body = request.body, !body.isEmpty, !OAuth1SignatureBase.hasFormBody(request) { throw .bodyPlacementNeedsForm }
        }
        var signed = request
        if placement == .body, signed.body?.isEmpty ?? true { signed.headers["Content-Type"] = MediaType.formURLEncoded }
        let (uri, parameters) = try OAuth1SignatureBase.parts(of: signed)
        if let name = parameters.first(where: { $0.0.starts(with: Array("oauth_".utf8)) })?.0 {
            throw .oauthParameterInRequest(String(decoding: name, as: UTF8.self))
        }
        return OAuth1SignatureBase.compose(method: signed.method, uri: uri, parameters: parameters + oauthParameters.map { (Array($0.0.utf8), Array($0.1.utf8)) })
    }

    /// Puts the signed parameters where ``placement`` says (§3.5).
    func place(_ parameters: [(String, String)], in request: HTTPRequest) throws(OAuth1SigningError) -> HTTPRequest {
        var placed = request
        let encoded = parameters.map { OAuth1Encoding.encode($0.0) + "=" + OAuth1Encoding.encode($0.1) }
        switch placement {
        case .header:
            var fields = realm.map { [#"realm=""# + Self.quoted($0) + #"""#] } ?? []
            fields += parameters.map { OAuth1Encoding.encode($0.0) + #"=""# + OAuth1Encoding.encode($0.1) + #"""# }
            placed.headers["Authorization"] = "OAuth " + fields.joined(separator: ", ")
        case .query:
            let text = request.url.absoluteString
            let fragmentStart = text.firstIndex(of: "#") ?? text.endIndex
            let head = text[..<fragmentStart]
            let joiner = head.contains("?") ? (head.hasSuffix("?") || head.hasSuffix("&") ? "" : "&") : "?"
            guard let url = URL(string: head + joiner + encoded.joined(separator: "&") + text[fragmentStart...]) else {
                throw .unsupportedURL(Redaction.url(request.url))
            }
            placed.url = url
            placed.headers["Cache-Control"] = "no-store"
        case .body:
            let existing = request.body.map { String(decoding: $0, as: UTF8.self) } ?? ""
            let body = existing.isEmpty ? encoded.joined(separator: "&") : existing + "&" + encoded.joined(separator: "&")
            placed.headers["Content-Type"] = MediaType.formURLEncoded
            placed.body = Data(body.utf8)
        }
        return placed
    }

    /// A `realm` as an RFC 2617 quoted-string's content: `"` and `\` escaped, nothing encoded.
    static func quoted(_ realm: String) -> String {
        realm.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
