import Foundation

/// OAuth 1.0a credentials issued by the server: temporary credentials after the request-token
/// step, token credentials after the access-token step (RFC 5849 §2.1, §2.3), and whatever else
/// the server sent with them (Twitter's `user_id` and `screen_name`, Flickr's `user_nsid`).
///
/// Its description shows neither the token nor the secret in full.
public struct OAuth1Token: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `oauth_token`.
    public var token: String
    /// `oauth_token_secret`.
    public var secret: String
    /// The other parameters of the response, in the order they came.
    public var extras: FormParameters

    /// Creates credentials.
    public init(token: String, secret: String, extras: FormParameters = []) {
        self.token = token
        self.secret = secret
        self.extras = extras
    }

    /// The credentials as JSON members: `oauth_token`, `oauth_token_secret` and the extras, the
    /// shape `oauthctl oauth1` prints and stores.
    public func jsonObject() -> JSONObject {
        var object: JSONObject = ["oauth_token": .string(token), "oauth_token_secret": .string(secret)]
        for parameter in extras where object[parameter.name] == nil { object[parameter.name] = .string(parameter.value) }
        return object
    }

    /// Reads credentials written by ``jsonObject()``; `nil` without `oauth_token` and
    /// `oauth_token_secret` strings.
    public init?(jsonObject object: JSONObject) {
        guard let token = object["oauth_token"]?.stringValue, let secret = object["oauth_token_secret"]?.stringValue else { return nil }
        var extras = FormParameters()
        for member in object where member.key != "oauth_token" && member.key != "oauth_token_secret" {
            if let value = member.value.stringValue { extras.append(member.key, value) }
        }
        self.init(token: token, secret: secret, extras: extras)
    }

    /// Reads the JSON ``jsonObject()`` writes.
    public init(from decoder: any Decoder) throws {
        let object = try JSONValue(from: decoder)
        guard let members = object.objectValue, let token = OAuth1Token(jsonObject: members) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected oauth_token and oauth_token_secret strings"))
        }
        self = token
    }

    /// Writes ``jsonObject()``.
    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(jsonObject()).encode(to: encoder)
    }

    /// The token's first characters, no secret, and the extras (secret ones hidden, and the
    /// token and its secret wherever a provider repeats them, in a value or a name).
    public var description: String {
        let shown = extras.map { extra in
            "\(extra.name): \(Redaction.isSecretName(extra.name) ? Redaction.secret(extra.value) : extra.value)"
        }
        let text = "OAuth1Token(\(Redaction.secret(token)), secret: [redacted]" + (shown.isEmpty ? "" : ", " + shown.joined(separator: ", ")) + ")"
        return Redaction.hiding([secret, token], in: text)
    }
}
