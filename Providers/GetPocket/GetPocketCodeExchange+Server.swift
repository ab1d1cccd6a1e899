import OAuth

/// How Pocket reads its access-token call: `consumer_key` names the app and is all it shows of
/// itself (Pocket has no client secret), `code` is the request token, and nothing else comes, so
/// no `redirect_uri` binds the code; the request token was bound to it when it was issued.
extension GetPocketCodeExchange: ServerCounterpart {
    func read(_ request: inout ServerRequest) throws(ServerRefusal) {
        let body = try request.formParameters()
        // A refresh is no business of this block: Pocket has none, and the server says so itself.
        guard body["grant_type"] == nil || body["code"] != nil else { return }
        guard let consumerKey = body["consumer_key"], let code = body["code"] else {
            throw ServerRefusal("Pocket expects consumer_key and code, got \(body.map(\.name).sorted().joined(separator: ", "))")
        }
        guard body.parameters.count == 2 else {
            throw ServerRefusal("Pocket expects consumer_key and code only, got \(body.map(\.name).sorted().joined(separator: ", "))")
        }
        guard request.clients.contains(where: { $0.id == consumerKey }) else {
            throw ServerRefusal(status: 403, code: "invalid_client", "Pocket knows no app with this consumer_key")
        }
        request.request.headers["Authorization"] = nil
        request.request.setFormParameters(["grant_type": "authorization_code", "code": code])
        request.authenticatedClient = consumerKey
        request.comparesRedirectURI = false
    }
}

/// How Pocket reads an API call: `consumer_key` and `access_token` in the body; it reads no
/// `Authorization` header. The server's own logic finds the token where the standard puts it.
extension GetPocketCredentialsInBody: ServerCounterpart {
    func read(_ request: inout ServerRequest) throws(ServerRefusal) {
        let body: FormParameters
        if MediaType.isJSON(request.request.headers["Content-Type"]) {
            let object = request.request.body.flatMap { try? JSONParser().parse($0) }?.objectValue
            body = FormParameters((object ?? [:]).compactMap { member in member.value.stringValue.map { .init(name: member.key, value: $0) } })
        } else {
            body = (try? request.request.formParameters) ?? []
        }
        request.request.headers["Authorization"] = nil
        guard let consumerKey = body["consumer_key"], let token = body["access_token"] else {
            throw ServerRefusal(status: 401, code: "invalid_token", "Pocket expects consumer_key and access_token in the body")
        }
        guard request.clients.contains(where: { $0.id == consumerKey }) else {
            throw ServerRefusal(status: 403, code: "invalid_client", "Pocket knows no app with this consumer_key")
        }
        request.request.headers["Authorization"] = "Bearer " + token
        request.request.body = nil
        request.request.headers["Content-Type"] = nil
    }
}
