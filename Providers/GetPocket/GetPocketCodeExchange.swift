import OAuth

/// Pocket's access-token call, the last step of its variant of OAuth: a POST of `consumer_key`
/// (the client id) and `code` (the request token the app obtained before the user authorized
/// it), nothing else, with the charset Pocket asks for on the content type.
///
/// No general block serves: the parameters are Pocket's own names, and the standard ones
/// (`grant_type`, `redirect_uri`, `code_verifier`) must go, which no general block does.
struct GetPocketCodeExchange: BuildingBlock {
    static let kind = "getpocket-code-exchange"
    static let purpose = "Pocket: the code exchange as consumer_key and code only."
    static let parameters: [BlockParameter<Self>] = []
    static let example = GetPocketCodeExchange()

    init() {}

    var summary: String { "Sends the code exchange as consumer_key=<client id>&code=<request token>, form-encoded with charset UTF-8." }

    func stages() -> [FixStage] {
        [.requests(at: [.accessTokenRequest]) { request, context in
            let body = try request.formParameters
            guard let code = body["code"] else { throw MissingCode(hookPoint: context.hookPoint) }
            request.headers["Authorization"] = nil
            request.setFormParameters(["consumer_key": context.client.id, "code": code])
            request.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        }]
    }

    /// A code exchange without the request token to exchange.
    struct MissingCode: Error, CustomStringConvertible {
        /// Where it happened.
        let hookPoint: HookPoint

        var description: String { "\(hookPoint): expected the request token as code, got no code" }
    }
}
