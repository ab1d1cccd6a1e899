import OAuth

/// Smartsheet's client authentication at its token endpoint: the app secret never travels.
/// The body carries `client_id` and `hash`, the lowercase hex SHA-256 of the secret, a `|`, and
/// the authorization code (or, on a refresh, the refresh token).
///
/// No general block serves: no other provider authenticates with a digest of its secret and
/// the grant, and RFC 7591 names no such method.
///
/// ```swift
/// let fix = Fix(id: "smartsheet.secret-hash", SmartsheetHash())
/// // grant_type=authorization_code&code=sample6p9qisx6a&client_id=1samp48lel5for68you&hash=9145806b…
/// ```
struct SmartsheetHash: BuildingBlock {
    static let kind = "smartsheet-hash"
    static let purpose = "Smartsheet: sends hash, the SHA-256 of the secret, a pipe and the code or refresh token, instead of the secret."
    static let parameters: [BlockParameter<Self>] = []
    static let example = SmartsheetHash()

    init() {}

    var summary: String {
        "Sends client_id and hash, the hex SHA-256 of the app secret, \"|\" and the code or refresh token, instead of the secret."
    }

    func stages() -> [FixStage] {
        [.requests(at: HookPoint.tokenRequests) { request, context in
            let body = try request.formParameters
            guard let secret = context.client.secret else { throw MissingInput.clientSecret(context.hookPoint) }
            let member = context.hookPoint == .refreshRequest ? "refresh_token" : "code"
            guard let grant = body[member] else { throw MissingInput.grantValue(member, context.hookPoint) }
            var parameters = FormParameters(body.parameters.filter { $0.name != "client_secret" && $0.name != "client_id" && $0.name != "hash" })
            parameters.append("client_id", context.client.id)
            parameters.append("hash", Self.hexSHA256(secret + "|" + grant))
            request.headers["Authorization"] = nil
            request.setFormParameters(parameters)
        }]
    }

    /// The lowercase hex SHA-256 of the text's UTF-8 bytes.
    static func hexSHA256(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(text.utf8))
    }

    /// What the hash could not be computed without; the secret itself is never shown.
    enum MissingInput: Error, CustomStringConvertible {
        /// The client has no secret to hash.
        case clientSecret(HookPoint)
        /// The body has no code or refresh token to hash.
        case grantValue(String, HookPoint)

        var description: String {
            switch self {
            case .clientSecret(let point):
                "\(point): expected the app secret to compute Smartsheet's hash, got a client without a secret"
            case .grantValue(let member, let point):
                "\(point): expected \(member) in the body to compute Smartsheet's hash, got none"
            }
        }
    }
}
