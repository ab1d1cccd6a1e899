import Foundation
import OAuth

/// Where secrets sit in a recording, and the placeholders record mode puts there instead.
///
/// A **secret position** is a string value:
/// - of a member or parameter named (in any case, `_` ignored, so `accessToken` too)
///   `access_token`, `refresh_token`, `id_token`, `device_code`, `client_secret`,
///   `consumerSecret`, `password`, `code_verifier`, `assertion`, `client_assertion`, `token`,
///   `subject_token`, `oauth_token`, `oauth_token_secret`, `tokenSecret`, `oauth_verifier`,
///   `verifier`, or `code` (except inside a response body, where `code` is an error code), found
///   in the recording's members, in JSON or form-encoded bodies, and in URL queries;
/// - the credentials of an `Authorization` or `Proxy-Authorization` header (after the scheme;
///   for `OAuth`, its `oauth_token`, `oauth_verifier` and `oauth_signature`), and a `Cookie` or
///   `Set-Cookie` header.
///
/// A **placeholder** is `KIND-N`, a kind from ``Kind`` and a number from 1, such as
/// `access-token-1`; the empty string counts as one too.
///
/// A recording is **redacted** when it has a `sentRequest` (record mode writes one) or any
/// secret position holds a placeholder. In a redacted recording, a secret position that holds
/// anything else is **secret-looking**, and ``ProviderProof`` refuses the recording: this
/// catches a real value pasted into a recorded file. Signatures, which are derived from
/// secrets, and the `Basic` credentials of an expected request, derived from the client id and
/// secret placeholders, are exempt. Recordings written by hand from documentation use no
/// placeholders and are not checked.
public enum RecordingSecrets {
    /// The kinds of secret, each with its placeholder prefix.
    public enum Kind: String, Sendable, CaseIterable {
        case accessToken = "access-token"
        case refreshToken = "refresh-token"
        case idToken = "id-token"
        case code = "code"
        case codeVerifier = "code-verifier"
        case clientSecret = "client-secret"
        case password = "password"
        case deviceCode = "device-code"
        case assertion = "assertion"
        case token = "token"
        case oauthToken = "oauth-token"
        case tokenSecret = "token-secret"
        case verifier = "verifier"
        case signature = "signature"
        case authorization = "authorization"
        case cookie = "cookie"
    }

    /// One secret position and what it holds.
    public struct Finding: Sendable, Hashable {
        /// Where: `response.body.access_token`, `sentRequest.headers.Authorization`.
        public let path: String
        /// The value found there.
        public let value: String
        /// What kind of secret sits there.
        public let kind: Kind
    }

    private static let names: [String: Kind] = [
        "accesstoken": .accessToken, "refreshtoken": .refreshToken, "idtoken": .idToken, "devicecode": .deviceCode,
        "clientsecret": .clientSecret, "consumersecret": .clientSecret, "password": .password, "codeverifier": .codeVerifier,
        "assertion": .assertion, "clientassertion": .assertion, "token": .token, "subjecttoken": .token, "oauthtoken": .oauthToken,
        "oauthtokensecret": .tokenSecret, "tokensecret": .tokenSecret, "oauthverifier": .verifier, "verifier": .verifier,
        "oauthsignature": .signature, "code": .code,
    ]

    /// The kind of secret a member or parameter name holds, if any.
    public static func kind(ofName name: String, inResponseBody: Bool = false) -> Kind? {
        let normalised = name.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
        guard let kind = names[normalised] else { return nil }
        return kind == .code && inResponseBody ? nil : kind
    }

    /// Whether a value is a placeholder: `KIND-N` or empty.
    public static func isPlaceholder(_ value: String) -> Bool {
        if value.isEmpty { return true }
        guard let dash = value.lastIndex(of: "-") else { return false }
        let number = value[value.index(after: dash)...]
        guard let first = number.first, first != "0", number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return Kind(rawValue: String(value[..<dash])) != nil
    }

    /// Every secret position of a recording's JSON, in document order.
    public static func findings(in recording: JSONValue) -> [Finding] {
        var findings: [Finding] = []
        walk(recording, path: "", inResponseBody: false, into: &findings)
        return findings
    }

    /// Whether a recording's JSON is redacted: it has a `sentRequest`, or a secret position
    /// holds a placeholder.
    public static func isRedacted(_ recording: JSONValue) -> Bool {
        if recording.objectValue?["sentRequest"] != nil { return true }
        return findings(in: recording).contains { !$0.value.isEmpty && isPlaceholder($0.value) }
    }

    /// The secret-looking values of a redacted recording: their paths and kinds, never the
    /// values. Empty for a recording that is not redacted.
    public static func secretLooking(in recording: JSONValue) -> [Finding] {
        guard isRedacted(recording) else { return [] }
        return findings(in: recording).filter { finding in
            if finding.kind == .signature { return false }
            if finding.kind == .authorization, finding.path.hasPrefix("expect.") { return false }
            return !isPlaceholder(finding.value)
        }
    }

    private static func walk(_ value: JSONValue, path: String, inResponseBody: Bool, into findings: inout [Finding]) {
        switch value {
        case .object(let object):
            for member in object {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                guard case .string(let text) = member.value else {
                    walk(member.value, path: memberPath, inResponseBody: inResponseBody || memberPath == "response", into: &findings)
                    continue
                }
                if path.hasSuffix("headers") {
                    header(member.key, text, path: memberPath, into: &findings)
                } else if member.key == "body" {
                    body(text, path: memberPath, inResponseBody: inResponseBody || path == "response", into: &findings)
                } else if member.key == "url" || member.key == "callback" || member.key == "redirectURI", let query = URLComponents(string: text)?.percentEncodedQuery {
                    form(query, path: memberPath, inResponseBody: false, into: &findings)
                } else if let kind = kind(ofName: member.key, inResponseBody: inResponseBody) {
                    findings.append(Finding(path: memberPath, value: text, kind: kind))
                }
            }
        case .array(let values):
            for (index, element) in values.enumerated() { walk(element, path: "\(path).\(index)", inResponseBody: inResponseBody, into: &findings) }
        default:
            break
        }
    }

    private static func header(_ name: String, _ value: String, path: String, into findings: inout [Finding]) {
        switch name.lowercased() {
        case "authorization", "proxy-authorization":
            let parts = value.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                findings.append(Finding(path: path, value: value, kind: .authorization))
                return
            }
            switch parts[0].lowercased() {
            case "oauth":
                for (key, raw) in oauthParameters(parts[1]) {
                    guard let kind = kind(ofName: key), [.oauthToken, .verifier, .signature].contains(kind) else { continue }
                    findings.append(Finding(path: "\(path).\(key)", value: raw.removingPercentEncoding ?? raw, kind: kind))
                }
            case "bearer":
                findings.append(Finding(path: path, value: parts[1], kind: .accessToken))
            default:
                findings.append(Finding(path: path, value: parts[1], kind: .authorization))
            }
        case "cookie", "set-cookie":
            findings.append(Finding(path: path, value: value, kind: .cookie))
        default:
            break
        }
    }

    /// `key="value"` pairs of an OAuth 1.0a Authorization header, values still percent-encoded.
    static func oauthParameters(_ text: String) -> [(String, String)] {
        text.split(separator: ",").compactMap { pair in
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
            var value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (key, value)
        }
    }

    private static func body(_ text: String, path: String, inResponseBody: Bool, into findings: inout [Finding]) {
        if let json = try? JSONParser().parse(Data(text.utf8)), json.objectValue != nil || json.arrayValue != nil {
            walk(json, path: path, inResponseBody: inResponseBody, into: &findings)
        } else {
            form(text, path: path, inResponseBody: inResponseBody, into: &findings)
        }
    }

    private static func form(_ text: String, path: String, inResponseBody: Bool, into findings: inout [Finding]) {
        guard let parameters = try? FormParameters(decoding: Data(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)) else { return }
        for parameter in parameters {
            if let kind = kind(ofName: parameter.name, inResponseBody: inResponseBody) {
                findings.append(Finding(path: "\(path).\(parameter.name)", value: parameter.value, kind: kind))
            }
        }
    }
}
