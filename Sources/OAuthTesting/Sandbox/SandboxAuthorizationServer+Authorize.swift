import Foundation
import OAuth

// The authorization endpoint (RFC 6749 §3.1, §4.1.1, §4.2.1; RFC 7636 §4.3) and the consent step.
extension SandboxAuthorizationServer {
    /// `GET /authorize`: checks the request, then asks for consent or, with `autoApprove`,
    /// grants at once.
    func authorize(_ received: FormParameters) async throws -> HTTPResponse {
        if let duplicate = Self.duplicate(in: received) { return page(400, "invalid_request: \(duplicate) given more than once.") }
        let query = Self.withoutEmptyValues(received)
        // Errors about the client or the redirect URI are shown here, never redirected (§4.1.2.1).
        guard let clientID = query["client_id"] else { return page(400, "invalid_request: client_id is missing.") }
        guard let client = try await clients.client(id: clientID) else { return page(400, "invalid_request: unknown client_id.") }
        let redirectURI: String
        if let given = query["redirect_uri"] {
            guard !given.contains("#") else { return page(400, "invalid_request: redirect_uri must not have a fragment (RFC 6749 §3.1.2).") }
            guard client.accepts(redirectURI: given) else { return page(400, "invalid_request: redirect_uri is not registered for this client.") }
            redirectURI = given
        } else if client.redirectURIs.count == 1 {
            redirectURI = client.redirectURIs[0]
        } else {
            return page(400, "invalid_request: redirect_uri is missing and the client has no single registered one.")
        }
        let implicit = query["response_type"] == "token" && configuration.allowImplicit
        if let refusal = refusal(of: query, client: client, implicit: implicit) {
            return redirect(
                to: redirectURI, ["error": refusal.code, "error_description": refusal.description, "state": query["state"]], fragment: implicit, client: client
            )
        }
        if configuration.autoApprove { return try await approve(query, redirectURI: redirectURI) }
        let now = clock.now
        consents = consents.filter { now.timeIntervalSince($0.value.createdAt) < TimeInterval(configuration.codeLifetime) }
        let consent = Base64URL.encode(SecureRandom.bytes(16))
        consents[consent] = Consent(query: query, redirectURI: redirectURI, createdAt: now)
        let scope = scopes(query["scope"])
        return html(200, """
            <h1>Authorize \(escape(clientID))?</h1>
            <p>The application <strong>\(escape(clientID))</strong> asks to act for <strong>\(escape(configuration.user))</strong>\
            \(scope.isEmpty ? "" : " with the scope <code>\(escape(scope.joined(separator: " ")))</code>").</p>
            <p>It will be sent back to <code>\(escape(redirectURI))</code>.</p>
            <form method="post" action="authorize">
            <input type="hidden" name="consent" value="\(consent)">
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """)
    }

    /// `POST /authorize`: the decision made on the consent page; each consent counts once.
    func decide(_ form: FormParameters) async throws -> HTTPResponse {
        guard let id = form["consent"], let consent = consents.removeValue(forKey: id),
              clock.now.timeIntervalSince(consent.createdAt) < TimeInterval(configuration.codeLifetime)
        else {
            return page(400, "invalid_request: unknown or used consent; start the authorization again.")
        }
        guard form["decision"] == "approve" else {
            let implicit = consent.query["response_type"] == "token"
            return redirect(to: consent.redirectURI, [
                "error": "access_denied", "error_description": "the user denied the request", "state": consent.query["state"],
            ], fragment: implicit)
        }
        return try await approve(consent.query, redirectURI: consent.redirectURI)
    }

    /// What is wrong with an authorization request from a known client, as an RFC 6749 error.
    func refusal(of query: FormParameters, client: SandboxClient, implicit: Bool) -> (code: String, description: String)? {
        guard let responseType = query["response_type"] else { return ("invalid_request", "response_type is missing") }
        guard responseType == "code" || implicit else {
            return ("unsupported_response_type", "response_type must be code" + (configuration.allowImplicit ? " or token" : ""))
        }
        if let scope = query["scope"], !Self.isValidScope(scope) { return ("invalid_scope", "scope must be space-separated tokens of visible ASCII") }
        if implicit { return nil }
        let challenge = query["code_challenge"]
        let method = query["code_challenge_method"]
        if challenge == nil, method != nil { return ("invalid_request", "code_challenge_method given without code_challenge") }
        if let method, method != "S256", method != "plain" {
            return ("invalid_request", "code_challenge_method must be S256 or plain, got \(method)")
        }
        if let challenge, (try? PKCE(verifier: challenge)) == nil {
            return ("invalid_request", "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
        }
        if client.isPublic, challenge == nil { return ("invalid_request", "a public client must send a PKCE code_challenge") }
        return nil
    }

    /// Grants an authorization request: a code, or with the implicit grant a token.
    func approve(_ query: FormParameters, redirectURI: String) async throws -> HTTPResponse {
        let clientID = query["client_id"] ?? ""
        let scope = scopes(query["scope"])
        let now = clock.now
        let family = Self.newFamily()
        if query["response_type"] == "token" {
            let accessToken = generate(.accessToken)
            let record = SandboxTokenRecord(
                kind: .accessToken, clientID: clientID, user: configuration.user, scope: scope,
                expiresAt: now.addingTimeInterval(TimeInterval(configuration.accessTokenLifetime)), issuedAt: now, family: family
            )
            try await tokens.save(record, for: accessToken)
            return redirect(to: redirectURI, [
                "access_token": accessToken, "token_type": "Bearer", "expires_in": String(configuration.accessTokenLifetime),
                "scope": scope.isEmpty ? nil : scope.joined(separator: " "), "state": query["state"],
            ], fragment: true)
        }
        try await pruneExpiredCodes()
        let code = generate(.authorizationCode)
        var record = SandboxTokenRecord(
            kind: .authorizationCode, clientID: clientID, user: configuration.user, scope: scope,
            expiresAt: now.addingTimeInterval(TimeInterval(configuration.codeLifetime)), issuedAt: now, family: family
        )
        record.redirectURI = query["redirect_uri"]
        record.codeChallenge = query["code_challenge"]
        record.codeChallengeMethod = query["code_challenge"] == nil ? nil : (query["code_challenge_method"] ?? "plain")
        if let emulation {
            record.offline = emulation.offlineParameters.allSatisfy { parameter in
                query.values(for: parameter.name).contains { SandboxRequestShape.accepts($0, for: parameter.value, clientID: clientID, values: emulation.values) }
            }
        }
        try await tokens.save(record, for: code)
        return redirect(to: redirectURI, ["code": code, "state": query["state"]], client: try await clients.client(id: clientID))
    }

    /// A redirect to the client with parameters in the query, or in the fragment for the
    /// implicit grant, and `iss` (RFC 9207) when ``sendsIssuer``; for an emulated provider,
    /// with what the server sides of its blocks add to a response to `client` (Shopify's `hmac`).
    func redirect(to redirectURI: String, _ parameters: KeyValuePairs<String, String?>, fragment: Bool = false, client: SandboxClient? = nil) -> HTTPResponse {
        var encoded = FormParameters()
        for (name, value) in parameters {
            if let value { encoded.append(name, value) }
        }
        if sendsIssuer, let issuer { encoded.append("iss", issuer) }
        if let emulation, let client {
            var response = ServerAuthorizationResponse(parameters: encoded, client: ClientCredentials(id: client.id, secret: client.secret), values: emulation.values)
            for counterpart in emulation.counterparts where counterpart.hookPoints.contains(.authorizationResponse) {
                counterpart.counterpart.shape(&response)
            }
            encoded = response.parameters
        }
        let separator = fragment ? "#" : (redirectURI.contains("?") ? "&" : "?")
        return HTTPResponse(status: 302, headers: ["Location": redirectURI + separator + encoded.encoded(), "Cache-Control": "no-store"])
    }

    /// Removes codes and device codes past their lifetime, so the store does not grow forever.
    func pruneExpiredCodes() async throws {
        let now = clock.now
        for (value, record) in try await tokens.allRecords()
        where record.kind == .authorizationCode || record.kind == .deviceCode {
            if let expiresAt = record.expiresAt, expiresAt <= now { try await tokens.remove(value) }
        }
    }

    /// The first parameter given more than once, if any (RFC 6749 §3.1: parameters must not
    /// be repeated).
    static func duplicate(in parameters: FormParameters) -> String? {
        var seen = Set<String>()
        return parameters.first { !seen.insert($0.name).inserted }?.name
    }

    /// The parameters without those sent with no value, which RFC 6749 §3.1 says count as
    /// omitted.
    static func withoutEmptyValues(_ parameters: FormParameters) -> FormParameters {
        FormParameters(parameters.parameters.filter { !$0.value.isEmpty })
    }

    /// Whether `scope` is space-separated `scope-token`s (RFC 6749 §3.3: `%x21 / %x23-5B / %x5D-7E`).
    static func isValidScope(_ scope: String) -> Bool {
        let tokens = scope.split(separator: " ", omittingEmptySubsequences: false)
        return !tokens.isEmpty && tokens.allSatisfy { token in
            !token.isEmpty && token.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
        }
    }

    /// A new grant family id.
    static func newFamily() -> String {
        Base64URL.encode(SecureRandom.bytes(12))
    }
}

/// An authorization request waiting on the consent page.
struct Consent: Sendable {
    var query: FormParameters
    var redirectURI: String
    var createdAt: Date
}
