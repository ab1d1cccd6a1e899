/// Signs every protected request with a query parameter (or, with `asHeader`, a header)
/// computed from the access token, the client secret and the request's parameters, as
/// Facebook's `appsecret_proof` (HMAC-SHA256 of the token keyed with the app secret) and
/// Mail.ru's `sig` (MD5 of the sorted parameters followed by the secret) want. The value is
/// written in lowercase hex.
///
/// `message` lists, in order, what is signed:
/// - `access_token`: the token being sent;
/// - `client_secret`, `client_id`: the client's;
/// - `sorted-parameters`: the request's query parameters (and form body parameters, for a form
///   body) except the signature itself and those in `unsignedParameters`, sorted by name, each
///   written `name=value` with no separator, as the MD5 signatures of the Russian social
///   networks' APIs do.
///
/// A keyed algorithm (`hmac-sha256`) takes its key from `key`, one of the same parts (the client
/// secret unless it says otherwise); an unkeyed one (`md5`) takes none. A client
/// without a secret gets a ``RequestSignatureError``, never an unsigned call.
///
/// ```json
/// {"kind": "request-signature", "id": "facebook.appsecret-proof", "parameter": "appsecret_proof"}
/// ```
public struct RequestSignature: BuildingBlock {
    public static let kind = "request-signature"
    public static let purpose = "Signs protected requests with a parameter computed from the token, the client secret and the request."
    public static let example = RequestSignature(parameter: "appsecret_proof")
    public static let parameters: [BlockParameter<Self>] = [
        .value("parameter", \.parameter, "the query parameter that carries the signature", required: true),
        .value("algorithm", \.algorithm, "the algorithm"),
        .value("message", \.message, "what is signed, in order: access_token, client_secret, client_id, sorted-parameters"),
        .value("key", \.key, "for a keyed algorithm, the part that is the key (null: client_secret)"),
        .value("unsignedParameters", \.unsignedParameters, "parameters sorted-parameters leaves out"),
        .value("asHeader", \.asHeader, "send the signature as a header named parameter instead of a query parameter"),
    ]

    /// The query parameter that carries the signature.
    public var parameter = ""
    /// The algorithm.
    public var algorithm = SignatureAlgorithm.hmacSHA256
    /// What is signed, in order.
    public var message = [SignaturePart.accessToken]
    /// For a keyed algorithm, the part that is the key; `nil` means the client secret. An
    /// unkeyed algorithm takes none.
    public var key: SignaturePart? = nil
    /// The parameters `sorted-parameters` leaves out.
    public var unsignedParameters: [String] = []
    /// Whether the signature goes in a header named ``parameter`` rather than in the query.
    public var asHeader = false

    /// Creates the block.
    public init(parameter: String, algorithm: SignatureAlgorithm = .hmacSHA256, message: [SignaturePart] = [.accessToken], key: SignaturePart? = nil) {
        self.parameter = parameter
        self.algorithm = algorithm
        self.message = message
        self.key = key
    }
    public init() {}

    public var summary: String {
        "Adds \(parameter) = \(algorithm.name)(" + message.map(\.name).joined(separator: " + ")
            + (algorithm.isKeyed ? ", key \((key ?? .clientSecret).name)" : "") + "), in hex, to every protected request" + (asHeader ? " as a header." : ".")
    }

    public func validate() throws(FixDefinitionError) {
        if parameter.isEmpty { throw .invalidParameter(kind: Self.kind, name: "parameter", expected: "a parameter name", found: "an empty string") }
        if message.isEmpty { throw .invalidParameter(kind: Self.kind, name: "message", expected: "at least one part", found: "none") }
        if !algorithm.isKeyed, let key {
            throw .invalidParameter(kind: Self.kind, name: "key", expected: "null: \(algorithm.name) takes no key", found: "\"\(key.name)\"")
        }
    }

    public func stages() -> [FixStage] {
        let signature = self
        let unsigned = unsignedParameters + [parameter]
        return [.requests(at: [.protectedRequest]) { request, context in
            let value = try signature.value(for: request, context: context, excluding: unsigned)
            if signature.asHeader {
                request.headers[signature.parameter] = value
            } else {
                try request.setQueryParameter(signature.parameter, to: value)
            }
        }]
    }

    /// The signature of `request`, in lowercase hex.
    ///
    /// - Throws: ``RequestSignatureError`` when the request has no token or the client no secret.
    public func value(for request: HTTPRequest, context: RequestContext) throws -> String {
        try value(for: request, context: context, excluding: unsignedParameters + [parameter])
    }

    private func value(for request: HTTPRequest, context: RequestContext, excluding unsigned: [String]) throws -> String {
        var capacity = 0
        for part in message { capacity += part.capacity(request, context) }
        // The message is built on the stack when it fits, as a usual call's does.
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { buffer in
            var count = 0
            for part in message {
                count += try part.write(to: buffer.baseAddress! + count, request, context, signing: parameter, excluding: unsigned)
            }
            let signed = UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
            guard algorithm.isKeyed else { return algorithm.hexDigest(nil, signed) }
            let keyPart = key ?? .clientSecret
            return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(keyPart.capacity(request, context), 1)) { key in
                let length = try keyPart.write(to: key.baseAddress!, request, context, signing: parameter, excluding: [])
                return algorithm.hexDigest(UnsafeRawBufferPointer(start: key.baseAddress, count: length), signed)
            }
        }
    }
}
