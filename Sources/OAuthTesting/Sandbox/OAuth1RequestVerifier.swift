import Foundation
import OAuth

/// Checks the signature of an OAuth 1.0a request as a server does (RFC 5849 §3.2): the
/// protocol parameters from exactly one place, a supported signature method, a timestamp near
/// the server's clock, a nonce not seen before with that timestamp and credentials, and the
/// signature recomputed from the request.
struct OAuth1RequestVerifier: Sendable {
    /// A signed request's protocol parameters.
    struct Signed: Sendable {
        var parameters: [String: String]
        var consumerKey: String { parameters["oauth_consumer_key"] ?? "" }
        var token: String? { parameters["oauth_token"] }
    }

    /// Why a request is refused, as an OAuth Problem Reporting `oauth_problem`.
    struct Problem: Error, Sendable {
        let name: String
        let advice: String
    }

    /// How far a timestamp may be from the server's clock, in seconds.
    var timestampWindow: TimeInterval = 600

    /// The `oauth_` parameters, from the `Authorization` header, the query or the form body,
    /// and from one of them only.
    func protocolParameters(of request: LoopbackRequest) throws(Problem) -> Signed {
        var places: [[String: String]] = []
        if let header = request.headers["Authorization"], header.lowercased().hasPrefix("oauth ") {
            places.append(try Self.headerParameters(String(header.dropFirst(6))))
        }
        let query = request.queryParameters.filter { $0.name.hasPrefix("oauth_") }
        if !query.isEmpty { places.append(try Self.unique(query)) }
        if MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded {
            let body = request.formParameters.filter { $0.name.hasPrefix("oauth_") }
            if !body.isEmpty { places.append(try Self.unique(body)) }
        }
        guard places.count == 1, let parameters = places.first else {
            throw Problem(name: places.isEmpty ? "parameter_absent" : "parameter_rejected",
                          advice: places.isEmpty ? "no oauth_ parameters" : "oauth_ parameters in more than one place (RFC 5849 §3.5)")
        }
        for required in ["oauth_consumer_key", "oauth_signature_method", "oauth_signature"] where parameters[required] == nil {
            throw Problem(name: "parameter_absent", advice: "\(required) is missing")
        }
        return Signed(parameters: parameters)
    }

    /// Checks the method, the timestamp and the signature, then the nonce; `nonces` remembers
    /// the nonces of verified requests, by the timestamp they came with, and forgets those past
    /// the window. PLAINTEXT requests may leave the timestamp and nonce out (RFC 5849 §3.1);
    /// when they send them, they are checked too.
    func verify(
        _ request: LoopbackRequest, signed: Signed, baseURL: String, clientSecret: String?, tokenSecret: String?, now: Date,
        nonces: inout [String: Int]
    ) throws(Problem) {
        let parameters = signed.parameters
        let methodName = parameters["oauth_signature_method"] ?? ""
        guard ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"].contains(methodName), let method = OAuth1SignatureMethod(name: methodName) else {
            throw Problem(name: "signature_method_rejected", advice: "expected HMAC-SHA1, HMAC-SHA256 or PLAINTEXT, got \(methodName)")
        }
        if let version = parameters["oauth_version"], version != "1.0" { throw Problem(name: "version_rejected", advice: "expected 1.0") }
        let plaintext = methodName == "PLAINTEXT"
        var timestampSeconds: Int?
        if !plaintext || parameters["oauth_timestamp"] != nil {
            guard let timestamp = parameters["oauth_timestamp"], let seconds = Int(timestamp), seconds > 0 else {
                throw Problem(name: "timestamp_refused", advice: "expected a positive integer oauth_timestamp")
            }
            guard abs(now.timeIntervalSince1970 - TimeInterval(seconds)) <= timestampWindow else {
                throw Problem(name: "timestamp_refused", advice: "oauth_timestamp is more than \(Int(timestampWindow)) s from the server's clock")
            }
            timestampSeconds = seconds
        }
        if (!plaintext || parameters["oauth_nonce"] != nil), (parameters["oauth_nonce"] ?? "").isEmpty {
            throw Problem(name: "parameter_absent", advice: "oauth_nonce is missing")
        }
        let target = baseURL + request.target
        guard let url = URL(string: target) else { throw Problem(name: "parameter_rejected", advice: "the request target is not a URL") }
        let oauth = parameters.filter { $0.key != "oauth_signature" && $0.key != "realm" }.map { ($0.key, $0.value) }
        var unsigned = HTTPRequest(method: request.method, url: url, headers: request.headers, body: request.body)
        if var query = try? unsigned.queryParameters, query.contains(where: { $0.name.hasPrefix("oauth_") }) {
            query = FormParameters(query.filter { !$0.name.hasPrefix("oauth_") })
            unsigned.setQueryParameters(query)
        }
        if MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded {
            unsigned.body = Data(FormParameters(request.formParameters.filter { !$0.name.hasPrefix("oauth_") }).encoded().utf8)
        }
        let expected: String
        do {
            expected = try method.signature(
                baseString: try OAuth1SignatureBase.baseString(for: unsigned, oauthParameters: oauth), clientSecret: clientSecret, tokenSecret: tokenSecret
            )
        } catch {
            throw Problem(name: "signature_invalid", advice: "\(error)")
        }
        guard constantTimeEquals(expected.utf8, (parameters["oauth_signature"] ?? "").utf8) else {
            throw Problem(name: "signature_invalid", advice: "the signature does not match the request")
        }
        // Only a verified request uses up its nonce, so forged requests cannot spend them.
        if let nonce = parameters["oauth_nonce"] {
            let oldest = Int(now.timeIntervalSince1970 - timestampWindow)
            nonces = nonces.filter { $0.value >= oldest }
            let key = [String(timestampSeconds ?? 0), nonce, signed.consumerKey, signed.token ?? ""].joined(separator: "\n")
            guard nonces.updateValue(timestampSeconds ?? Int(now.timeIntervalSince1970), forKey: key) == nil else {
                throw Problem(name: "nonce_used", advice: "this nonce was used with this timestamp and these credentials")
            }
        }
    }

    /// `name="value", …` from an `Authorization: OAuth` header, percent-decoded (§3.5.1);
    /// `realm`'s value is an RFC 2617 quoted-string, taken as it is.
    static func headerParameters(_ text: String) throws(Problem) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { break }
            guard let equals = rest.firstIndex(of: "=") else { throw Problem(name: "parameter_rejected", advice: "a header field without =") }
            let name = String(rest[..<equals]).trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { throw Problem(name: "parameter_rejected", advice: "\(name) is not quoted") }
            rest = rest.dropFirst()
            var value = ""
            var closed = false
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "\\", let escaped = rest.first {
                    value.append(escaped)
                    rest = rest.dropFirst()
                } else if character == "\"" {
                    closed = true
                    break
                } else {
                    value.append(character)
                }
            }
            guard closed else { throw Problem(name: "parameter_rejected", advice: "\(name)'s value has no closing quote") }
            let decoded: String?
            if name == "realm" { decoded = value } else { decoded = OAuth1Encoding.decode(value) }
            guard let decodedName = OAuth1Encoding.decode(name), let decoded else {
                throw Problem(name: "parameter_rejected", advice: "\(name) has a malformed escape")
            }
            guard parameters.updateValue(decoded, forKey: decodedName) == nil else { throw Problem(name: "parameter_rejected", advice: "\(name) given twice") }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty {
                throw Problem(name: "parameter_rejected", advice: "expected , between header fields")
            }
        }
        return parameters
    }

    static func unique(_ parameters: [FormParameters.Parameter]) throws(Problem) -> [String: String] {
        var result: [String: String] = [:]
        for parameter in parameters {
            guard result.updateValue(parameter.value, forKey: parameter.name) == nil else {
                throw Problem(name: "parameter_rejected", advice: "\(parameter.name) given twice")
            }
        }
        return result
    }
}
