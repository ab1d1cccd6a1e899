import OAuth

/// How Azure DevOps reads its own flow: the authorization request must ask for
/// `response_type=Assertion`; a code exchange comes as the jwt-bearer grant with the code as
/// `assertion`, a refresh as `grant_type=refresh_token` with the refresh token as `assertion`,
/// and the app is known by its secret, sent as `client_assertion` with the jwt-bearer
/// `client_assertion_type` (the secret names its app; here, the client whose secret it is).
extension AzureDevOpsAssertionGrant: ServerCounterpart {
    func read(_ request: inout ServerRequest) throws(ServerRefusal) {
        if request.hookPoints.contains(.authorizationRequest), hookPoints.contains(.authorizationRequest) {
            var query = try request.formParameters()
            guard query["response_type"] == "Assertion" else {
                throw ServerRefusal(code: "unsupported_response_type", "Azure DevOps expects response_type=Assertion, got \(query["response_type"] ?? "none")")
            }
            query["response_type"] = "code"
            request.request.setQueryParameters(query)
        }
        guard request.hookPoints.contains(where: HookPoint.tokenRequests.contains), hookPoints.contains(where: HookPoint.tokenRequests.contains) else { return }
        let body = try request.formParameters()
        guard body["client_assertion_type"] == Self.clientAssertionType, let secret = body["client_assertion"], let assertion = body["assertion"] else {
            throw ServerRefusal("Azure DevOps expects client_assertion_type \(Self.clientAssertionType), client_assertion and assertion")
        }
        var standard: FormParameters
        switch body["grant_type"] {
        case Self.jwtBearerGrant: standard = ["grant_type": "authorization_code", "code": assertion]
        case "refresh_token": standard = ["grant_type": "refresh_token", "refresh_token": assertion]
        case let other: throw ServerRefusal(code: "unsupported_grant_type", "Azure DevOps expects grant_type \(Self.jwtBearerGrant) or refresh_token, got \(other ?? "none")")
        }
        let client = request.clients.first { client in
            client.secret.map { constantTimeEquals(Array($0.utf8), Array(secret.utf8)) } ?? false
        }
        guard let client else { throw ServerRefusal(status: 401, code: "invalid_client", "Azure DevOps expects client_assertion to be an app's secret; it is none") }
        if let redirect = body["redirect_uri"] { standard.append("redirect_uri", redirect) }
        request.request.headers["Authorization"] = nil
        request.request.setFormParameters(standard)
        request.authenticatedClient = client.id
    }
}
