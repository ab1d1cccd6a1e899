import Foundation
import OAuth

// Token revocation (RFC 7009) and introspection (RFC 7662).
extension SandboxAuthorizationServer {
    /// `POST /revoke`: revoking a refresh token ends every token of its grant; revoking an
    /// access token ends that token. An unknown token is answered 200, as RFC 7009 §2.2 says.
    func revoke(_ request: LoopbackRequest) async throws -> HTTPResponse {
        let form: FormParameters, client: SandboxClient
        switch try await authenticatedForm(of: request) {
        case .success(let parsed): (form, client) = parsed
        case .failure(let refusal): return refusal.response
        }
        guard let value = form["token"] else { return error(400, "invalid_request", "token is missing") }
        guard let record = try await tokens.record(for: value), record.kind == .accessToken || record.kind == .refreshToken else {
            return HTTPResponse(status: 200, headers: ["Cache-Control": "no-store"])
        }
        guard record.clientID == client.id else { return error(400, "unauthorized_client", "the token was issued to another client") }
        if record.kind == .refreshToken {
            try await revokeFamily(record.family)
        } else {
            try await tokens.remove(value)
        }
        return HTTPResponse(status: 200, headers: ["Cache-Control": "no-store"])
    }

    /// `POST /introspect`: for a confidential client, whether a token is active and what it
    /// grants (RFC 7662 §2.2); `{"active": false}` for anything unknown, expired or revoked.
    func introspect(_ request: LoopbackRequest) async throws -> HTTPResponse {
        let form: FormParameters, client: SandboxClient
        switch try await authenticatedForm(of: request) {
        case .success(let parsed): (form, client) = parsed
        case .failure(let refusal): return refusal.response
        }
        guard !client.isPublic else { return error(401, "invalid_client", "introspection is for confidential clients") }
        guard let value = form["token"] else { return error(400, "invalid_request", "token is missing") }
        let now = clock.now
        guard let record = try await tokens.record(for: value), record.kind == .accessToken || record.kind == .refreshToken,
              record.expiresAt.map({ $0 > now }) ?? true, record.consumed != true
        else { return json(200, ["active": false]) }
        var body: JSONObject = ["active": true, "client_id": .string(record.clientID)]
        if !record.scope.isEmpty { body["scope"] = .string(record.scope.joined(separator: " ")) }
        if let user = record.user { body["username"] = .string(user) }
        body["sub"] = .string(record.user ?? record.clientID)
        if record.kind == .accessToken { body["token_type"] = "Bearer" }
        if let expiresAt = record.expiresAt { body["exp"] = .number(JSONNumber(Int(expiresAt.timeIntervalSince1970))) }
        body["iat"] = .number(JSONNumber(Int(record.issuedAt.timeIntervalSince1970)))
        if let issuer { body["iss"] = .string(issuer) }
        return json(200, body)
    }
}
