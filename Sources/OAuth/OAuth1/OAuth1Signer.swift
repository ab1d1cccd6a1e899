import Foundation

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
    public var client: ClientCredentials {
        didSet { prepareKey() }
    }
    /// The temporary or token credentials, once the flow has them.
    public var token: OAuth1Token? {
        didSet { prepareKey() }
    }
    /// The signature method; HMAC-SHA1 by default.
    public var method: OAuth1SignatureMethod {
        didSet { prepareKey() }
    }
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
    /// The key for the secrets above, prepared when they change rather than for each request.
    private var key: OAuth1SigningKey

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
        self.nonce = nonce ?? Self.randomNonce
        self.clock = clock
        self.key = OAuth1SigningKey(method: method, clientSecret: client.secret, tokenSecret: token?.secret)
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
        let oauth = protocolParameters(extra: parameters, nonce: nonce, timestamp: timestamp)
        return try withSignatureBase(of: request, oauth: oauth) { base in
            key.withSignature(of: base) { signature in place(oauth, signature: signature, in: request) }
        }.get()
    }

    /// The `oauth_` parameters a request is signed with, in the order they are sent.
    public func oauthParameters(extra: [(String, String)] = [], nonce: String? = nil, timestamp: String? = nil) -> [(String, String)] {
        protocolParameters(extra: extra, nonce: nonce, timestamp: timestamp).array
    }

    /// The signature base string for a request and its `oauth_` parameters, checked as
    /// ``sign(_:parameters:nonce:timestamp:)`` checks it.
    public func signatureBaseString(for request: HTTPRequest, oauthParameters: [(String, String)]) throws(OAuth1SigningError) -> String {
        try withSignatureBase(of: request, oauth: OAuth1ProtocolParameters(oauthParameters)) { .success($0.string) }.get()
    }

    /// The length of the signature base string for a request, composed as for a signature
    /// but counted instead of signed: what the bench times as the base string's part.
    package func signatureBaseLength(of request: HTTPRequest, oauth: OAuth1ProtocolParameters) -> Swift.Result<Int, OAuth1SigningError> {
        withSignatureBase(of: request, oauth: oauth) { base in
            var counter = OAuth1ByteCounter()
            base.feed(&counter)
            return .success(counter.count)
        }
    }

    /// Lends the signature of the bytes at `base` under this signer's prepared key (see
    /// ``OAuth1SigningKey/withSignature(of:_:)``).
    package func withSignature<Result>(
        of base: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Swift.Result<Result, OAuth1SigningError>
    ) -> Swift.Result<Result, OAuth1SigningError> {
        key.withSignature(of: base, body)
    }

    /// Checks the request, then lends its signature base string with `oauth` (§3.4.1), ready
    /// to be fed to a MAC, to `body`.
    private func withSignatureBase<Result>(
        of request: HTTPRequest, oauth: OAuth1ProtocolParameters, _ body: (OAuth1ComposedBaseString) -> Swift.Result<Result, OAuth1SigningError>
    ) -> Swift.Result<Result, OAuth1SigningError> {
        do {
            try check(request)
        } catch {
            return .failure(error)
        }
        let method = request.method
        return OAuth1SignatureBase.withInput(of: request, oauthParameters: oauth) { input, requestParameterCount in
            if let name = input.firstOAuthName(among: requestParameterCount) { return .failure(.oauthParameterInRequest(name)) }
            input.sort()
            let sorted = input
            return OAuth1SignatureBase.withMethodBytes(method) { body(OAuth1ComposedBaseString(input: sorted, method: $0)) }
        }
    }

    /// The `oauth_` parameters for one signature.
    package func protocolParameters(extra: [(String, String)], nonce: String?, timestamp: String?) -> OAuth1ProtocolParameters {
        OAuth1ProtocolParameters(
            consumerKey: client.id, token: token?.token, signatureMethod: method.name,
            timestamp: timestamp ?? String(Int(clock.now.timeIntervalSince1970)), nonce: nonce ?? self.nonce(), includeVersion: includeVersion, extra: extra
        )
    }

    /// Checks the method and placement: PLAINTEXT only over TLS, body placement only for a
    /// method with a body and a form or empty body (whose `Content-Type` placement sets).
    private func check(_ request: HTTPRequest) throws(OAuth1SigningError) {
        if case .plaintext = method.kind, (try? EndpointSecurity.check(request.url, role: "PLAINTEXT")) == nil {
            throw .plaintextWithoutTLS(Redaction.url(request.url))
        }
        guard placement == .body else { return }
        guard !["GET", "HEAD", "DELETE", "OPTIONS", "TRACE"].contains(request.method.uppercased()) else { throw .bodyPlacementNeedsBodyMethod(request.method) }
        if let body = request.body, !body.isEmpty, !OAuth1SignatureBase.hasFormBody(request) { throw .bodyPlacementNeedsForm }
    }

    private mutating func prepareKey() {
        key = OAuth1SigningKey(method: method, clientSecret: client.secret, tokenSecret: token?.secret)
    }

    /// 16 random bytes from the system's CSPRNG, in lowercase hex.
    @Sendable static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let words: (UInt64, UInt64) = (generator.next(), generator.next())
        return String(unsafeUninitializedCapacity: 32) { buffer in
            let hex: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                let byte = UInt8(truncatingIfNeeded: (index < 8 ? words.0 : words.1) >> UInt64(8 * (index % 8)))
                buffer[2 * index] = hex.utf8Start[Int(byte >> 4)]
                buffer[2 * index + 1] = hex.utf8Start[Int(byte & 0x0F)]
            }
            return 32
        }
    }
}
