import Foundation
import OAuth

extension FuzzTarget {
    /// The pending authorization every callback input is checked against; corpus files carry
    /// its state and redirect URI so the fuzzer starts from callbacks that pass.
    static let pendingAuthorization = PendingAuthorization(
        state: "fuzz-state", codeVerifier: "fuzz-verifier", redirectURI: "http://127.0.0.1:8400/callback", issuer: "https://as.example",
        createdAt: issuedAt
    )

    /// The pending OAuth 1.0a authorization callback inputs are checked against.
    static let pendingOAuth1 = OAuth1PendingAuthorization(
        temporaryCredentials: OAuth1Token(token: "fuzz-token", secret: "fuzz-secret"), callback: "http://127.0.0.1:8400/callback", createdAt: issuedAt
    )

    /// A callback URL as the browser brings it back, and a loopback request target: the first
    /// line names the provider whose authorization-response fixes (or OAuth 1.0a callback
    /// rules) run; the rest is the URL's text. Also read strictly, as a request target of the loopback
    /// server (path, query, parameters, the redacted request line).
    static let callback = FuzzTarget("callback", "authorization callbacks through every provider's fixes, and loopback request targets") { bytes in
        var input = FuzzInput(bytes)
        let provider = input.provider(providers)
        let text = String(decoding: input.rest, as: UTF8.self)
        let size = text.utf8.count + 64
        let client = ClientCredentials(id: "fuzz-client")
        if provider.version == .oauth1 {
            let engine = OAuth1Engine(provider: provider)
            let (_, violation) = FuzzRules.checked("OAuth 1.0a callback (\(provider.name))", bytes: size) {
                try engine.verifier(fromCallback: text, pending: pendingOAuth1)
            }
            if let violation { return violation }
        } else {
            let engine = FlowEngine(provider: provider)
            let (response, violation) = FuzzRules.checked("callback (\(provider.name))", bytes: size) {
                try engine.authorizationResponse(from: text, pending: pendingAuthorization, client: client)
            }
            if let violation { return violation }
            // RFC 6749 Appendix A.11: code = 1*VSCHAR, %x20-7E (a space, from `+` or `%20`, is one).
            if let response, response.code.isEmpty || !response.code.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
                return FuzzViolation("callback (\(provider.name)): expected a code of VSCHAR (%x20-7E), got \(response.code.utf8.count) bytes with others")
            }
        }
        let (strict, violation) = FuzzRules.checked("callback (strict)", bytes: size) { try AuthorizationCallback.response(from: text, for: pendingAuthorization) }
        if let violation { return violation }
        if strict != nil {
            // Read independently of the parser: the query before any fragment must carry the state.
            let beforeFragment = text.utf8.prefix { $0 != UInt8(ascii: "#") }
            let query = beforeFragment.firstIndex(of: UInt8(ascii: "?")).map { Data(beforeFragment[beforeFragment.index(after: $0)...]) } ?? Data()
            if (try? FormParameters(decoding: query))?["state"] != pendingAuthorization.state {
                return FuzzViolation("callback (strict): expected no code without the pending state, got one")
            }
        }
        let request = LoopbackRequest(method: "GET", target: text)
        _ = (request.path, request.query, request.queryParameters["state"], request.description)
        return nil
    }

    /// OAuth 1.0a credentials and callbacks read by the strict parsers alone. The first line is
    /// the status and content type of a credentials response (`200 application/x-www-form-urlencoded`);
    /// the rest is both its body and a callback URL, checked by RFC 5849's rules and by OAuth
    /// Core 1.0's. Temporary credentials are read with and without `oauth_callback_confirmed`.
    static let oauth1 = FuzzTarget("oauth1", "OAuth 1.0a credentials responses and callbacks, strictly") { bytes in
        var input = FuzzInput(bytes)
        let (status, contentType) = input.statusAndContentType(statuses)
        let body = input.rest
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        let response = TokenEndpointResponse(HTTPResponse(status: status, headers: headers, body: Data(body)))
        let parser = OAuth1CredentialsParser()
        let size = body.count + 64
        let secrets = FuzzRules.secrets(in: body, headers: headers)
        let (_, confirmed) = FuzzRules.checked("temporary credentials", bytes: size, secrets: secrets) { try parser.temporaryCredentials(from: response) }
        let (_, unconfirmed) = FuzzRules.checked("temporary credentials (OAuth Core 1.0)", bytes: size, secrets: secrets) {
            try parser.temporaryCredentials(from: response, requireConfirmation: false)
        }
        let (credentials, token) = FuzzRules.checked("token credentials", bytes: size, secrets: secrets) { try parser.tokenCredentials(from: response) }
        if let violation = FuzzRules.first(confirmed, unconfirmed, token) { return violation }
        if let credentials {
            _ = (credentials.description, credentials.jsonObject())
            if credentials.description.contains(credentials.secret), credentials.secret.utf8.count >= 8 {
                return FuzzViolation("token credentials: expected the description to hide the secret, got it shown")
            }
        }
        let text = String(decoding: body, as: UTF8.self)
        for rules in [OAuth1CallbackRules.rfc5849, .core10] {
            let (_, violation) = FuzzRules.checked("OAuth 1.0a callback (\(rules))", bytes: size) { try OAuth1Callback.verifier(from: text, pending: pendingOAuth1, rules: rules) }
            if let violation { return violation }
        }
        return nil
    }
}
