import OAuth

/// How Smartsheet reads a token request: it finds the client by `client_id` and checks `hash`
/// against the SHA-256 of the client's secret, `|` and the code (or the refresh token); the
/// secret itself must not travel. A request without `hash` is refused, as Smartsheet refuses it.
extension SmartsheetHash: ServerCounterpart {
    func read(_ request: inout ServerRequest) throws(ServerRefusal) {
        guard request.hookPoints.contains(where: HookPoint.tokenRequests.contains) else { return }
        var body = try request.formParameters()
        let member = body["grant_type"] == "refresh_token" ? "refresh_token" : "code"
        guard let client = body["client_id"], let hash = body["hash"], let grant = body[member] else {
            throw ServerRefusal("Smartsheet expects client_id, \(member) and hash, the SHA-256 of the app secret, | and the \(member)")
        }
        guard body["client_secret"] == nil, request.request.headers["Authorization"] == nil else {
            throw ServerRefusal("Smartsheet expects the hash of the app secret, got the secret itself")
        }
        guard let secret = request.secret(of: client), constantTimeEquals(
            Array(Self.hexSHA256(secret + "|" + grant).utf8), Array(hash.lowercased().utf8)
        ) else {
            throw ServerRefusal(status: 401, code: "invalid_client", "Smartsheet expects hash to be the SHA-256 of the app secret, | and the \(member); it does not verify")
        }
        body["hash"] = nil
        request.request.setFormParameters(body)
        request.authenticatedClient = client
    }
}
