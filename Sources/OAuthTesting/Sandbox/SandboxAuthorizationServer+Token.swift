import Foundation
import OAuth

// The token endpoint (RFC 6749 §3.2, §4.1.3, §4.3, §4.4, §5, §6; RFC 7636 §4.6; RFC 8628 §3.4).
extension SandboxAuthorizationServer {
    /// What a token is issued for.
    struct Grant: Sendable {
        var clientID: String
        var user: String?
        /// The access token's scope.
        var scope: [String]
        var family: String
        /// The refresh token's scope, when it differs from the access token's (a narrowing
        /// refresh keeps the refresh token's whole scope, RFC 6749 §6).
        var refreshScope: [String]? = nil
    }

    /// `POST /token`.
    func token(_ read: StandardRequest) async throws -> HTTPResponse {
        let request = read.request
        let form: FormParameters, client: SandboxClient
        switch try await authenticatedForm(of: request, authenticatedBy: read.authenticatedClient) {
        case .success(let parsed): (form, client) = parsed
        case .failure(let refusal): return refusal.response
        }
        if let scope = form["scope"], !Self.isValidScope(scope) {
            return error(400, "invalid_scope", "scope must be space-separated tokens of visible ASCII")
        }
        let accept = request.headers["Accept"]
        // One request at a time per code or token: a second one while the first awaits the store
        // would otherwise use it twice.
        let credential = form["code"] ?? form["refresh_token"] ?? form["device_code"]
        let refreshing = form["grant_type"] == "refresh_token"
        if refreshing { counters.refreshRequests += 1 }
        if let credential {
            guard claim(credential) else {
                if refreshing {
                    counters.concurrentRefreshTokenUses += 1
                    counters.refreshInvalidGrants += 1
                }
                return fail("invalid_grant", "the code or token is being used by another request")
            }
        }
        defer { if let credential { release(credential) } }
        switch form["grant_type"] {
        case "authorization_code":
            return try await exchangeCode(form, client: client, accept: accept, comparesRedirectURI: read.comparesRedirectURI)
        case "client_credentials":
            guard !client.isPublic else { return error(400, "unauthorized_client", "a public client cannot use client_credentials") }
            let grant = Grant(clientID: client.id, user: nil, scope: scopes(form["scope"]), family: Self.newFamily())
            return try await issue(grant, wantsRefreshToken: false, accept: accept)
        case "password":
            guard let username = form["username"], let password = form["password"] else {
                return error(400, "invalid_request", "the password grant needs username and password")
            }
            guard let known = users[username], constantTimeEquals(known.utf8, password.utf8) else {
                return fail("invalid_grant", "unknown user or wrong password")
            }
            let grant = Grant(clientID: client.id, user: username, scope: scopes(form["scope"]), family: Self.newFamily())
            return try await issue(grant, wantsRefreshToken: emulation?.offlineParameters.isEmpty ?? true, accept: accept)
        case "refresh_token":
            let response = try await refresh(form, client: client, accept: accept)
            if response.status == 200 { counters.refreshesIssued += 1 } else if Self.isInvalidGrant(response) { counters.refreshInvalidGrants += 1 }
            return response
        case "urn:ietf:params:oauth:grant-type:device_code":
            return try await pollDevice(form, client: client, accept: accept)
        case nil:
            return error(400, "invalid_request", "grant_type is missing")
        case let other?:
            return error(400, "unsupported_grant_type", "expected authorization_code, client_credentials, password, refresh_token or the device code grant, got \(other)")
        }
    }

    /// The authorization code grant: single use (a second use revokes what the first gave),
    /// bound to its client and redirect URI (unless an emulated provider binds it otherwise),
    /// and to the PKCE challenge when one was sent.
    func exchangeCode(_ form: FormParameters, client: SandboxClient, accept: String?, comparesRedirectURI: Bool = true) async throws -> HTTPResponse {
        guard let code = form["code"] else { return error(400, "invalid_request", "code is missing") }
        guard var record = try await tokens.record(for: code), record.kind == .authorizationCode else {
            return fail("invalid_grant", "unknown authorization code")
        }
        if record.consumed == true {
            try await revokeFamily(record.family)
            return fail("invalid_grant", "the authorization code was used already; the tokens it gave are revoked")
        }
        guard record.clientID == client.id else { return fail("invalid_grant", "the authorization code was issued to another client") }
        guard let expiresAt = record.expiresAt, expiresAt > clock.now else {
            try await tokens.remove(code)
            return fail("invalid_grant", "the authorization code has expired")
        }
        if let refusal = Self.codeBindingRefusal(record, form: form, client: client, comparesRedirectURI: comparesRedirectURI) {
            try await tokens.remove(code)
            return fail("invalid_grant", refusal)
        }
        record.consumed = true
        try await tokens.save(record, for: code)
        let grant = Grant(clientID: client.id, user: record.user, scope: record.scope, family: record.family)
        return try await issue(grant, wantsRefreshToken: record.offline ?? true, accept: accept)
    }

    /// Why a token request does not match the authorization request behind its code, if it
    /// does not: the redirect URI (RFC 6749 §4.1.3) and the PKCE verifier (RFC 7636 §4.6).
    static func codeBindingRefusal(_ record: SandboxTokenRecord, form: FormParameters, client: SandboxClient, comparesRedirectURI: Bool = true) -> String? {
        if !comparesRedirectURI {
            // The provider's exchange carries no redirect URI; its code was bound to one when issued.
        } else if let expected = record.redirectURI {
            guard form["redirect_uri"] == expected else { return "redirect_uri must be the one of the authorization request" }
        } else if let given = form["redirect_uri"], !client.accepts(redirectURI: given) {
            return "redirect_uri is not registered for this client"
        }
        guard let challenge = record.codeChallenge else {
            return form["code_verifier"] == nil ? nil : "code_verifier sent, but the authorization request had no code_challenge"
        }
        guard let verifier = form["code_verifier"] else { return "code_verifier is missing" }
        guard (try? PKCE(verifier: verifier)) != nil else { return "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~" }
        let computed = record.codeChallengeMethod == "S256" ? Base64URL.encode(SHA256.hash(verifier.utf8)) : verifier
        return constantTimeEquals(computed.utf8, challenge.utf8) ? nil : "code_verifier does not match the code_challenge"
    }

    /// The refresh token grant, with rotation: the old refresh token stops working when a new
    /// one is issued (an emulated provider that issues none keeps the old one working), and
    /// when it comes back all the same, every token of its grant is revoked.
    func refresh(_ form: FormParameters, client: SandboxClient, accept: String?) async throws -> HTTPResponse {
        guard let value = form["refresh_token"] else { return error(400, "invalid_request", "refresh_token is missing") }
        guard let record = try await tokens.record(for: value), record.kind == .refreshToken, record.clientID == client.id,
              record.expiresAt.map({ $0 > clock.now }) ?? true
        else { return fail("invalid_grant", "unknown, used or revoked refresh token, or one issued to another client", refresh: true) }
        if record.consumed == true {
            // A rotated refresh token came back: someone holds a copy (RFC 9700 §4.14.2).
            counters.rotatedOutRefreshTokens += 1
            try await revokeFamily(record.family)
            return fail("invalid_grant", "the refresh token was rotated already; every token of its grant is revoked", refresh: true)
        }
        let requested = scopes(form["scope"])
        guard requested.allSatisfy(record.scope.contains) else {
            return error(400, "invalid_scope", "a refresh cannot widen the scope: granted \(record.scope.joined(separator: " "))")
        }
        let grant = Grant(
            clientID: client.id, user: record.user, scope: requested.isEmpty ? record.scope : requested, family: record.family, refreshScope: record.scope
        )
        return try await issue(grant, wantsRefreshToken: true, refreshing: value, accept: accept)
    }

    /// Issues an access token and, when wanted, a refresh token, and answers with the standard
    /// token response or the emulated provider's recorded one (whose announced scope is then the
    /// one granted).
    func issue(_ requested: Grant, wantsRefreshToken: Bool, refreshing old: String? = nil, accept: String?) async throws -> HTTPResponse {
        var grant = requested
        let now = clock.now
        let accessToken = generate(.accessToken)
        var refreshToken = wantsRefreshToken ? generate(.refreshToken) : nil
        var lifetime: Int? = configuration.accessTokenLifetime
        let response: HTTPResponse
        if let emulation {
            let template = emulation.tokenTemplate(refresh: old != nil, wantsRefreshToken: wantsRefreshToken, accept: accept)
            if template.refreshToken == nil { refreshToken = nil }
            lifetime = template.lifetime.flatMap { $0 > 0 ? $0 : nil }
            // The scope the recorded response announces is the scope granted.
            if let announced = template.scope {
                grant.scope = announced
                grant.refreshScope = nil
            }
            response = template.render(accessToken: accessToken, refreshToken: refreshToken)
        } else {
            var body: JSONObject = ["access_token": .string(accessToken), "token_type": "Bearer"]
            if let lifetime { body["expires_in"] = .number(JSONNumber(lifetime)) }
            if let refreshToken { body["refresh_token"] = .string(refreshToken) }
            if !grant.scope.isEmpty { body["scope"] = .string(grant.scope.joined(separator: " ")) }
            response = json(200, body)
        }
        let access = SandboxTokenRecord(
            kind: .accessToken, clientID: grant.clientID, user: grant.user, scope: grant.scope,
            expiresAt: lifetime.map { now.addingTimeInterval(TimeInterval($0)) }, issuedAt: now, family: grant.family
        )
        try await tokens.save(access, for: accessToken)
        if let refreshToken {
            let refresh = SandboxTokenRecord(
                kind: .refreshToken, clientID: grant.clientID, user: grant.user, scope: grant.refreshScope ?? grant.scope, expiresAt: nil,
                issuedAt: now, family: grant.family
            )
            try await tokens.save(refresh, for: refreshToken)
            if let old, var rotated = try await tokens.record(for: old) {
                rotated.consumed = true
                try await tokens.save(rotated, for: old)
            }
        }
        return response
    }

    /// An error from the token endpoint: the emulated provider's recorded answer when its
    /// recordings show one, else the RFC 6749 §5.2 response with status 400.
    func fail(_ code: String, _ description: String, refresh: Bool = false) -> HTTPResponse {
        emulation?.recordedError(for: code, at: refresh ? .refreshResponse : .accessTokenResponse)?.response ?? error(400, code, description)
    }

    /// Whether a token endpoint answer is `invalid_grant` (in RFC 6749 shape or an emulated
    /// provider's recorded one, which names it somewhere in its body).
    static func isInvalidGrant(_ response: HTTPResponse) -> Bool {
        response.status >= 400 && String(decoding: response.body, as: UTF8.self).contains("invalid_grant")
    }

    /// Removes every code and token of a grant family.
    func revokeFamily(_ family: String) async throws {
        for (value, record) in try await tokens.allRecords() where record.family == family {
            try await tokens.remove(value)
        }
    }
}
