import OAuth

/// Signs OK.ru API calls with `sig`: the MD5, in lowercase hex, of the call's parameters
/// (except `access_token`, `session_key` and `sig`) sorted by name and written `name=value`
/// with no separator, followed by the session secret, itself the hex MD5 of the access token
/// followed by the application's secret key:
///
///     sig = md5(sorted "name=value"… + md5(access_token + client_secret))
///
/// The general `request-signature` block signs one digest of a list of parts; OK.ru's nests a
/// second digest inside the first, which no other provider does, so it stays here.
struct OdnoklassnikiSignature: BuildingBlock {
    static let kind = "odnoklassniki-signature"
    static let purpose = "Signs OK.ru API calls with sig = md5(sorted parameters + md5(access_token + secret key))."
    static let example = OdnoklassnikiSignature()
    static let parameters: [BlockParameter<Self>] = []

    init() {}

    var summary: String { "Adds sig = md5(sorted parameters + md5(access_token + client_secret)), in hex, to every API call." }

    func stages() -> [FixStage] {
        [.requests(at: [.protectedRequest]) { request, context in
            guard let token = context.token else { throw RequestSignatureError.missingToken(parameter: "sig") }
            guard let secret = context.client.secret else { throw RequestSignatureError.missingClientSecret(parameter: "sig") }
            var query = try request.queryParameters
            var parameters = query.filter { !["access_token", "session_key", "sig"].contains($0.name) }
            if request.headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
                parameters += try request.formParameters.filter { !["access_token", "session_key", "sig"].contains($0.name) }
            }
            let sorted = parameters.enumerated().sorted { lhs, rhs in
                lhs.element.name.utf8.lexicographicallyPrecedes(rhs.element.name.utf8)
                    || (lhs.element.name == rhs.element.name && lhs.offset < rhs.offset)
            }
            let sessionSecret = Self.hex(MD5.hash(Array((token.accessToken + secret).utf8)))
            let message = sorted.map { "\($0.element.name)=\($0.element.value)" }.joined() + sessionSecret
            query["sig"] = Self.hex(MD5.hash(Array(message.utf8)))
            request.setQueryParameters(query)
        }]
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
