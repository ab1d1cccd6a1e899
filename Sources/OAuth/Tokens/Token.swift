import Foundation

/// An access token and what came with it, normalised to RFC 6749 §5.1.
///
/// Members the provider added (`id_token`, `user_id`, Slack's `authed_user`) are kept in
/// ``extras``. `Codable` as a JSON object with the RFC member names plus `expires_at` (Unix
/// seconds). Its `description` never shows a secret.
///
/// ```swift
/// let token = try engine.token(from: response, issuedAt: Date())
/// token.accessToken     // "2YotnFZFEjr1zCsicMWpAA"
/// print(token)          // Token(Bearer, access_token: 2YotnF...[redacted], expires_in: 3600, ...)
/// ```
public struct Token: Sendable, Hashable, CustomStringConvertible {
    /// The access token.
    public var accessToken: String
    /// The token type, normalised: `"Bearer"` for any case of `bearer`.
    public var tokenType: String
    /// The lifetime in seconds the server gave, if any.
    public var expiresIn: Int?
    /// When the token expires: issue time plus ``expiresIn``.
    public var expiresAt: Date?
    /// The refresh token, if any.
    public var refreshToken: String?
    /// The granted scope, if the server said.
    public var scope: [String]?
    /// Every other member of the token response, as it came.
    public var extras: JSONObject

    /// Creates a token.
    public init(
        accessToken: String, tokenType: String = "Bearer", expiresIn: Int? = nil, expiresAt: Date? = nil,
        refreshToken: String? = nil, scope: [String]? = nil, extras: JSONObject = [:]
    ) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.expiresAt = expiresAt
        self.refreshToken = refreshToken
        self.scope = scope
        self.extras = extras
    }

    /// The token as a JSON object.
    ///
    /// - Parameter includingExpiresAt: `true` (the default) for the stored form, which
    ///   ``FileTokenStore`` writes and `oauthctl` prints: `access_token`, `token_type`,
    ///   `expires_in`, `refresh_token`, `scope` (space-separated), `expires_at` (when the token
    ///   expires by this client's clock, whole Unix seconds held within
    ///   ``ServerDurations/unixSeconds``), and the provider's other members under `extras`, so
    ///   that a provider member of the same name, such as Strava's or Epic's own `expires_at`,
    ///   is never read back as the token's expiry. `false` for the response's own shape: the RFC
    ///   6749 members and the extras side by side, without the client's expiry (what recordings
    ///   and `oauthctl replay` compare). Every number in it is valid JSON, whatever the token holds.
    public func jsonObject(includingExpiresAt: Bool = true) -> JSONObject {
        var members: [JSONObject.Member] = [.init(key: "access_token", value: .string(accessToken)), .init(key: "token_type", value: .string(tokenType))]
        if let expiresIn { members.append(.init(key: "expires_in", value: .number(JSONNumber(expiresIn)))) }
        if let refreshToken { members.append(.init(key: "refresh_token", value: .string(refreshToken))) }
        if let scope { members.append(.init(key: "scope", value: .string(scope.joined(separator: " ")))) }
        guard includingExpiresAt else {
            var object = JSONObject(uniqueMembers: members)
            for member in extras where object[member.key] == nil { object[member.key] = member.value }
            return object
        }
        if let seconds = expiresAt.flatMap(ServerDurations.unixSeconds(of:)) {
            members.append(.init(key: "expires_at", value: .number(JSONNumber(seconds))))
        }
        if !extras.isEmpty { members.append(.init(key: "extras", value: .object(extras))) }
        return JSONObject(uniqueMembers: members)
    }

    /// The token after a refresh response: the new token, keeping the old refresh token when
    /// the response brought none (RFC 6749 §6 lets the server omit it).
    public func refreshed(by response: Token) -> Token {
        var token = response
        if token.refreshToken == nil { token.refreshToken = refreshToken }
        return token
    }

    public var description: String {
        var parts = ["\(tokenType)", "access_token: \(Redaction.secret(accessToken))"]
        if let expiresIn { parts.append("expires_in: \(expiresIn)") }
        if let seconds = expiresAt.flatMap(ServerDurations.unixSeconds(of:)) { parts.append("expires_at: \(seconds)") }
        if let refreshToken { parts.append("refresh_token: \(Redaction.secret(refreshToken))") }
        if let scope { parts.append("scope: \(scope.joined(separator: " "))") }
        if !extras.isEmpty {
            let tokens = Set([accessToken, refreshToken].compactMap { $0 })
            parts.append("extras: \(Redaction.redacted(JSONValue.object(extras), alsoHiding: tokens))")
        }
        return "Token(" + parts.joined(separator: ", ") + ")"
    }
}

extension Token: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(jsonObject: try JSONObject(from: decoder), codingPath: decoder.codingPath)
    }

    /// Reads a token from the JSON object ``jsonObject(includingExpiresAt:)`` writes, as a
    /// ``FileTokenStore`` keeps it: the provider's members under `extras`. A file of the older,
    /// flat form (members beside `access_token`) still reads, its `expires_at` taken as the
    /// expiry when it is a number and kept as an extra otherwise. `expires_at` is held within
    /// ``ServerDurations/unixSeconds`` and `expires_in` within 0 and
    /// ``ServerDurations/maximumLifetime``, so no value in a file can make a later conversion
    /// trap.
    ///
    /// - Throws: `DecodingError` naming the member that is missing or of the wrong kind.
    public init(jsonObject: JSONObject, codingPath: [any CodingKey] = []) throws {
        var object = jsonObject
        func string(_ key: String) throws -> String? {
            switch object.removeValue(forKey: key) {
            case nil, .null?: return nil
            case .string(let value)?: return value
            case let other?:
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [JSONCodingKey(key)], debugDescription: "expected a string, got \(other.kind)"))
            }
        }
        func integer(_ key: String) throws -> Int? {
            switch object.removeValue(forKey: key) {
            case nil, .null?: return nil
            case .number(let number)? where number.isInteger:
                // An integer too large for Int is still a (very distant) time: clamp it.
                return number.intValue ?? (number.isNegative ? Int.min : Int.max)
            case let other?:
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [JSONCodingKey(key)], debugDescription: "expected an integer, got \(other.kind)"))
            }
        }
        guard let accessToken = try string("access_token") else {
            throw DecodingError.keyNotFound(JSONCodingKey("access_token"), .init(codingPath: codingPath, debugDescription: "a token needs an access_token"))
        }
        self.accessToken = accessToken
        self.tokenType = try string("token_type") ?? "Bearer"
        self.expiresIn = try integer("expires_in").map(ServerDurations.lifetime)
        self.refreshToken = try string("refresh_token")
        self.scope = try string("scope").map { $0.split(separator: " ").map(String.init) }
        var nested: JSONObject?
        if case .object(let members)? = object["extras"] {
            nested = members
            object["extras"] = nil
        }
        if nested == nil, let value = object["expires_at"], !Self.isNumber(value), value != .null {
            // A flat file whose expires_at is the provider's own (an ISO date): an extra.
            self.expiresAt = nil
        } else {
            self.expiresAt = try integer("expires_at").map { ServerDurations.date(unixSeconds: $0) }
        }
        if var nested {
            for member in object where nested[member.key] == nil { nested[member.key] = member.value }
            self.extras = nested
        } else {
            self.extras = object
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonObject().encode(to: encoder)
    }
}

extension Token {
    fileprivate static func isNumber(_ value: JSONValue) -> Bool {
        if case .number = value { return true }
        return false
    }
}
