import Foundation

/// Which kind of token a revocation or introspection request carries (RFC 7009 §2.1).
public struct TokenTypeHint: Sendable, Hashable, CustomStringConvertible {
    /// The `token_type_hint` value.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// An access token.
    public static let accessToken = TokenTypeHint("access_token")
    /// A refresh token.
    public static let refreshToken = TokenTypeHint("refresh_token")

    public var description: String { name }
}

/// What an introspection endpoint says of a token (RFC 7662 §2.2).
///
/// A token is active only when the response says `"active": true`, the JSON boolean; anything
/// else (`"true"`, `1`, nothing) means inactive, and then no other claim is kept.
public struct TokenIntrospection: Sendable, Hashable, CustomStringConvertible {
    /// Whether the token is active.
    public let active: Bool
    /// The token's scopes, when active and given.
    public let scope: [String]?
    /// The client the token was issued to.
    public let clientID: String?
    /// The resource owner's name.
    public let username: String?
    /// The subject.
    public let subject: String?
    /// When the token expires (`exp`).
    public let expiresAt: Date?
    /// Every claim of an active token, as it came.
    public let claims: JSONObject

    /// Reads an introspection response body.
    public init(claims object: JSONObject) {
        guard object["active"] == .bool(true) else {
            self.init(active: false, scope: nil, clientID: nil, username: nil, subject: nil, expiresAt: nil, claims: [:])
            return
        }
        let expiry: Date?
        if case .number(let number)? = object["exp"], number.isInteger {
            expiry = ServerDurations.date(unixSeconds: number.intValue ?? (number.isNegative ? Int.min : Int.max))
        } else {
            expiry = nil
        }
        self.init(
            active: true, scope: object["scope"]?.stringValue.map { $0.split(separator: " ").map(String.init) },
            clientID: object["client_id"]?.stringValue, username: object["username"]?.stringValue, subject: object["sub"]?.stringValue,
            expiresAt: expiry, claims: object
        )
    }

    private init(active: Bool, scope: [String]?, clientID: String?, username: String?, subject: String?, expiresAt: Date?, claims: JSONObject) {
        self.active = active
        self.scope = scope
        self.clientID = clientID
        self.username = username
        self.subject = subject
        self.expiresAt = expiresAt
        self.claims = claims
    }

    public var description: String {
        active ? "TokenIntrospection(active, \(Redaction.redacted(JSONValue.object(claims))))" : "TokenIntrospection(inactive)"
    }
}
