import OAuth

/// How OK.ru checks an API call: `sig` must be the MD5 of the call's other parameters (but
/// `access_token` and `session_key`), sorted and written `name=value`, followed by the session
/// secret, the MD5 of the access token and the application's secret key. A call without `sig`,
/// or whose `sig` verifies with no known application's secret, is refused.
extension OdnoklassnikiSignature: ServerCounterpart {
    func read(_ request: inout ServerRequest) throws(ServerRefusal) {
        var query = (try? request.request.queryParameters) ?? []
        guard let signature = query["sig"] else { throw ServerRefusal("OK.ru expects the call signed with sig") }
        guard let token = query["access_token"] else { throw ServerRefusal(status: 401, code: "invalid_token", "OK.ru expects access_token in the query") }
        var signed = query.filter { !["access_token", "session_key", "sig"].contains($0.name) }
        if request.request.headers["Content-Type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            signed += ((try? request.request.formParameters) ?? []).filter { !["access_token", "session_key", "sig"].contains($0.name) }
        }
        let sorted = signed.enumerated().sorted { lhs, rhs in
            lhs.element.name.utf8.lexicographicallyPrecedes(rhs.element.name.utf8)
                || (lhs.element.name == rhs.element.name && lhs.offset < rhs.offset)
        }
        let message = sorted.map { "\($0.element.name)=\($0.element.value)" }.joined()
        let verifies = request.clients.contains { client in
            guard let secret = client.secret else { return false }
            let expected = Hex.lowercase(MD5.hash(Array((message + Hex.lowercase(MD5.hash(Array((token + secret).utf8)))).utf8)))
            return constantTimeEquals(Array(expected.utf8), Array(signature.lowercased().utf8))
        }
        guard verifies else { throw ServerRefusal(status: 401, code: "invalid_request", "OK.ru expects sig to verify with the application's secret key; it does not") }
        query["sig"] = nil
        request.request.setQueryParameters(query)
    }
}
