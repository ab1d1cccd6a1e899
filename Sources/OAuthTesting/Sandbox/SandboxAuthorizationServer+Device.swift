import Foundation
import OAuth

// The device authorization grant (RFC 8628): the device authorization endpoint, the page where
// the user enters the code, and polling at the token endpoint.
extension SandboxAuthorizationServer {
    /// `POST /device_authorization` (RFC 8628 §3.1, §3.2).
    func deviceAuthorization(_ request: LoopbackRequest) async throws -> HTTPResponse {
        let form: FormParameters, client: SandboxClient
        switch try await authenticatedForm(of: request) {
        case .success(let parsed): (form, client) = parsed
        case .failure(let refusal): return refusal.response
        }
        if let scope = form["scope"], !Self.isValidScope(scope) {
            return error(400, "invalid_scope", "scope must be space-separated tokens of visible ASCII")
        }
        let now = clock.now
        let deviceCode = generate(.deviceCode)
        let userCode = Self.newUserCode()
        var record = SandboxTokenRecord(
            kind: .deviceCode, clientID: client.id, user: nil, scope: scopes(form["scope"]),
            expiresAt: now.addingTimeInterval(TimeInterval(configuration.deviceCodeLifetime)), issuedAt: now, family: Self.newFamily()
        )
        record.userCode = userCode
        record.deviceStatus = .pending
        record.interval = configuration.deviceInterval
        try await pruneExpiredCodes()
        try await tokens.save(record, for: deviceCode)
        let base = issuer ?? "http://127.0.0.1"
        return json(200, [
            "device_code": .string(deviceCode), "user_code": .string(userCode),
            "verification_uri": .string(base + "/device"),
            "verification_uri_complete": .string(base + "/device?user_code=" + FormParameters.encodeComponent(userCode)),
            "expires_in": .number(JSONNumber(configuration.deviceCodeLifetime)),
            "interval": .number(JSONNumber(configuration.deviceInterval)),
        ])
    }

    /// The device code grant at the token endpoint (RFC 8628 §3.4, §3.5): `authorization_pending`
    /// until the user decides, `slow_down` for a poll inside the interval (which then grows by
    /// 5 s for every later poll), `access_denied`, `expired_token`.
    func pollDevice(_ form: FormParameters, client: SandboxClient, accept: String?) async throws -> HTTPResponse {
        guard let deviceCode = form["device_code"] else { return error(400, "invalid_request", "device_code is missing") }
        guard var record = try await tokens.record(for: deviceCode), record.kind == .deviceCode, record.clientID == client.id else {
            return error(400, "invalid_grant", "unknown device_code, or one issued to another client")
        }
        let now = clock.now
        guard let expiresAt = record.expiresAt, expiresAt > now else {
            try await tokens.remove(deviceCode)
            return error(400, "expired_token", "the device code has expired; start again")
        }
        let interval = record.interval ?? configuration.deviceInterval
        if let last = record.lastPolledAt, now.timeIntervalSince(last) < TimeInterval(interval) {
            // Five more, saturating: the configured interval may be as large as Int allows.
            let slower = min(interval, Int.max - 5) + 5
            record.interval = slower
            record.lastPolledAt = now
            try await tokens.save(record, for: deviceCode)
            return error(400, "slow_down", "polled within \(interval) seconds; wait \(slower) seconds between polls from now on")
        }
        record.lastPolledAt = now
        switch record.deviceStatus ?? .pending {
        case .pending:
            if configuration.autoApprove {
                record.deviceStatus = .approved
                record.user = configuration.user
            }
            try await tokens.save(record, for: deviceCode)
            return error(400, "authorization_pending", "the user has not decided yet")
        case .denied:
            try await tokens.remove(deviceCode)
            return error(400, "access_denied", "the user denied the request")
        case .approved:
            try await tokens.remove(deviceCode)
            let grant = Grant(clientID: client.id, user: record.user, scope: record.scope, family: record.family)
            return try await issue(grant, wantsRefreshToken: emulation?.offlineParameters.isEmpty ?? true, accept: accept)
        }
    }

    /// `GET /device`: the page where the user enters the code shown on the device.
    func devicePage(userCode: String?, message: String?) -> HTTPResponse {
        html(200, """
            <h1>Connect a device</h1>
            \(message.map { "<p>\(escape($0))</p>" } ?? "")
            <form method="post" action="device">
            <label>Code shown on the device: <input name="user_code" value="\(escape(userCode ?? ""))" autocomplete="off"></label>
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            """)
    }

    /// `POST /device`: the user's decision for a user code (case and dashes do not matter).
    func deviceDecision(_ form: FormParameters) async throws -> HTTPResponse {
        let entered = Self.normalisedUserCode(form["user_code"] ?? "")
        let now = clock.now
        let match = try await tokens.allRecords().first { _, record in
            record.kind == .deviceCode && record.deviceStatus == .pending && (record.expiresAt ?? now) > now
                && Self.normalisedUserCode(record.userCode ?? "") == entered
        }
        guard !entered.isEmpty, let (deviceCode, found) = match else {
            return devicePage(userCode: form["user_code"], message: "That code is unknown or has expired. Check the code on the device.")
        }
        var record = found
        let approved = form["decision"] == "approve"
        record.deviceStatus = approved ? .approved : .denied
        record.user = approved ? configuration.user : nil
        try await tokens.save(record, for: deviceCode)
        return html(200, approved ? "<h1>Device connected</h1><p>You can return to your device.</p>" : "<h1>Request denied</h1><p>The device gets no access.</p>")
    }

    /// Eight letters a person can type without confusion (RFC 8628 §6.1), as `XXXX-XXXX`.
    static func newUserCode() -> String {
        let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ")
        let letters = SecureRandom.bytes(8).map { alphabet[Int($0) % alphabet.count] }
        return String(letters[0..<4]) + "-" + String(letters[4...])
    }

    static func normalisedUserCode(_ code: String) -> String {
        code.uppercased().filter { $0.isLetter || $0.isNumber }
    }
}
