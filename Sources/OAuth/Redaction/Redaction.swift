import Foundation

/// How secrets are hidden wherever the package prints something: descriptions, errors, the
/// command line.
///
/// A secret of ten characters or more keeps its first six (enough to tell two tokens apart);
/// a shorter one is hidden whole: `"0123456789"` → `"012345...[redacted]"`, `"01234"` →
/// `"[redacted]"`.
public enum Redaction {
    /// The names of parameters and JSON members whose values are secrets.
    public static let secretNames: Set<String> = [
        "access_token", "refresh_token", "id_token", "client_secret", "code", "code_verifier", "password",
        "token", "assertion", "client_assertion", "device_code", "user_code", "oauth_token_secret",
        "oauth_verifier", "oauth_signature", "app_secret", "secret", "appsecret_proof",
    ]

    /// A secret, shortened and marked.
    public static func secret(_ value: String) -> String {
        if value.isEmpty { return "" }
        guard value.count >= 10 else { return "[redacted]" }
        return String(value.prefix(6)) + "...[redacted]"
    }

    /// Whether a parameter or member name carries a secret.
    public static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretNames.contains(lowered) || lowered.hasSuffix("_token") || lowered.hasSuffix("_secret")
            || lowered.hasSuffix("accesstoken") || lowered.hasSuffix("refreshtoken")
    }

    /// `text` with each of `secrets` (of four characters or more) replaced wherever it stands,
    /// for text built from a provider's members, which may repeat a secret under any name.
    public static func hiding(_ secrets: [String], in text: String) -> String {
        var text = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 && text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return text
    }

    /// A header value, with credentials hidden: the scheme of `Authorization` stays visible.
    public static func headerValue(name: String, value: String) -> String {
        let lowered = name.lowercased()
        if lowered == "authorization" || lowered == "proxy-authorization" {
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? "\(parts[0]) \(secret(String(parts[1])))" : secret(value)
        }
        if lowered == "cookie" || lowered == "set-cookie" || lowered.contains("token") || lowered.contains("secret")
            || lowered.contains("api-key") || lowered.contains("apikey")
        {
            return secret(value)
        }
        return value
    }

    /// A URL with the values of secret query parameters hidden.
    public static func url(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let query = components.percentEncodedQuery,
              let parameters = try? FormParameters(decoding: Data(query.utf8))
        else { return url.absoluteString }
        components.percentEncodedQuery = redacted(parameters).encoded()
        return components.string ?? url.absoluteString
    }

    /// Form parameters with secret values hidden; an `oauth_signature` is hidden whole, since a
    /// PLAINTEXT signature is the secrets themselves.
    public static func redacted(_ parameters: FormParameters) -> FormParameters {
        FormParameters(parameters.map { parameter in
            if parameter.name == "oauth_signature" { return .init(name: parameter.name, value: "[redacted]") }
            return isSecretName(parameter.name) ? .init(name: parameter.name, value: secret(parameter.value)) : parameter
        })
    }

    /// A JSON value with the values of secret members hidden, at any depth, and any string equal
    /// to one of `secrets` hidden wherever it stands (a provider that repeats a token under a
    /// name of its own).
    public static func redacted(_ value: JSONValue, alsoHiding secrets: Set<String> = []) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.members.map { member in
                if case .string(let string) = member.value, isSecretName(member.key) || secrets.contains(string) {
                    return .init(key: member.key, value: .string(secret(string)))
                }
                return .init(key: member.key, value: redacted(member.value, alsoHiding: secrets))
            }))
        case .array(let array):
            return .array(array.map { redacted($0, alsoHiding: secrets) })
        case .string(let string) where secrets.contains(string):
            return .string(secret(string))
        default:
            return value
        }
    }

    /// A body for display: JSON and form bodies with secret values hidden; anything else as a
    /// snippet of at most `limit` bytes with token-like runs hidden. A body that reads as a form
    /// with a secret parameter is shown as a form whatever its content type says (an OAuth 1.0a
    /// server that answers `oauth_token_secret=…` as `text/html`).
    public static func body(_ body: Data, contentType: String?, limit: Int = 256) -> String {
        if let value = try? JSONParser().parse(body) {
            return JSONWriter.string(redacted(value))
        }
        let essence = MediaType.essence(of: contentType)
        if let parameters = try? FormParameters(decoding: body), parameters.contains(where: { !$0.value.isEmpty }),
           essence == MediaType.formURLEncoded || essence == "text/plain" || parameters.contains(where: { isSecretName($0.name) })
        {
            return redacted(parameters).encoded()
        }
        return snippet(body, limit: limit)
    }

    /// At most about `limit` characters of a body that an error quotes, whatever its content
    /// type claims: JSON and forms with their secret values hidden (a JSON token response sent
    /// as `text/plain` keeps its tokens hidden, however short), anything else as a snippet.
    public static func excerpt(_ body: Data, contentType: String?, limit: Int = 256) -> String {
        let shown = self.body(body, contentType: contentType, limit: limit)
        return shown.count > limit + 1 ? String(shown.prefix(limit)) + "…" : shown
    }

    /// At most `limit` bytes of a body as text: control characters shown as `?`, and runs of 20
    /// or more token characters (letters, digits, `-._~+/=`) shortened like a secret.
    public static func snippet(_ body: Data, limit: Int = 256) -> String {
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        var output = ""
        var run = ""
        func flush() {
            output += run.count >= 20 ? secret(run) : run
            run = ""
        }
        for character in text {
            if character.isASCII, character.isLetter || character.isNumber || "-._~+/=".contains(character) {
                run.append(character)
            } else {
                flush()
                output.append(character.isASCII && (character.asciiValue! < 0x20 || character.asciiValue! == 0x7F) && character != "\n" ? "?" : character)
            }
        }
        flush()
        if body.count > limit { output += "…" }
        return output
    }
}
