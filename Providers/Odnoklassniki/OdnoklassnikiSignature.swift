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

    /// The parameters the signature leaves out.
    static let unsigned = ["access_token", "session_key", "sig"]

    func stages() -> [FixStage] {
        let sessions = SessionSecrets()
        return [.requests(at: [.protectedRequest]) { request, context in
            guard let token = context.token else { throw RequestSignatureError.missingToken(parameter: "sig") }
            guard let secret = context.client.secret else { throw RequestSignatureError.missingClientSecret(parameter: "sig") }
            let sessionSecret = sessions.session(token: token.accessToken, secret: secret)
            let signature = try request.withSortedParameters(excluding: Self.unsigned) { MD5.lowercaseHex($0, sessionSecret) }
            try request.setQueryParameter("sig", to: signature)
        }]
    }
}
