import Foundation

/// Reads the authorization server's redirect back to the client (RFC 6749 §4.1.2) and gives
/// the authorization code, or a typed error, checking in this order:
///
/// 1. the URL is at most 8 KiB, holds no raw space, control character or `%` without two hex
///    digits anywhere, and comes back to the pending redirect URI (scheme, host, port, path);
/// 2. its query (split off at the first `#` byte, never read out of the fragment) decodes
///    strictly, to UTF-8 without NUL, with no parameter twice; a response in the fragment is
///    refused;
/// 3. `state` equals the pending one, compared in constant time, before anything else is read;
/// 4. `iss` equals the issuer when the provider promises it (RFC 9207), or when it comes and an
///    issuer is known;
/// 5. an `error` wins over a `code`;
/// 6. `code` is present and visible ASCII.
public enum AuthorizationCallback {
    /// The longest callback URL read, in bytes.
    public static let maximumLength = 8 * 1024

    /// The authorization code in a callback URL, read from its text exactly as it arrived.
    ///
    /// Prefer this to ``code(from:for:)-(URL,_)``: Foundation's `URL(string:)` quietly repairs
    /// broken escapes and raw spaces, which this parser must see to refuse.
    ///
    /// - Throws: ``AuthorizationCallbackError``.
    public static func code(from callback: String, for pending: PendingAuthorization) throws(AuthorizationCallbackError) -> String {
        try response(from: callback, for: pending).code
    }

    /// The authorization response in a callback URL, checked as ``code(from:for:)-(String,_)``
    /// checks it: the code and every parameter that came with it, for a provider that sends
    /// more (QuickBooks' `realmId`, Shopify's `shop` and `hmac`).
    ///
    /// - Throws: ``AuthorizationCallbackError``.
    public static func response(from callback: String, for pending: PendingAuthorization) throws(AuthorizationCallbackError) -> AuthorizationResponse {
        guard callback.utf8.count <= maximumLength else { throw .tooLong(callback.utf8.count) }
        try checkCharacters(Array(callback.utf8))
        // Split on bytes, not characters: "#" followed by a combining mark is one Character, and
        // splitting on Characters would read a query out of the fragment after it.
        let bytes = callback.utf8
        let withoutFragment = bytes.prefix { $0 != UInt8(ascii: "#") }
        let fragment = withoutFragment.endIndex < bytes.endIndex ? String(decoding: bytes[bytes.index(after: withoutFragment.endIndex)...], as: UTF8.self) : ""
        let baseBytes = withoutFragment.prefix { $0 != UInt8(ascii: "?") }
        let query = baseBytes.endIndex < withoutFragment.endIndex
            ? String(decoding: withoutFragment[withoutFragment.index(after: baseBytes.endIndex)...], as: UTF8.self) : ""
        let base = String(decoding: baseBytes, as: UTF8.self)
        guard let components = URLComponents(string: String(base)) else { throw .malformed("not a URL") }
        try checkRedirect(components, pending.redirectURI)
        if query.isEmpty, fragment.contains("code=") || fragment.contains("state=") { throw .responseInFragment }
        let form = try decode(query)
        var parameters: [String: String] = [:]
        for parameter in form { parameters[parameter.name] = parameter.value }
        guard let state = parameters["state"] else { throw .missingState }
        guard constantTimeEquals(state.utf8, pending.state.utf8) else { throw .stateMismatch }
        let issuer = parameters["iss"]
        if pending.requiresIssuer || (issuer != nil && pending.issuer != nil) {
            guard let issuer else { throw .missingIssuer }
            guard let expected = pending.issuer, issuer == expected else { throw .issuerMismatch(expected: pending.issuer ?? "(none)", got: issuer) }
        }
        if let error = parameters["error"] {
            throw .authorizationDenied(OAuthError(code: .init(OAuthError.sanitise(error)), description: parameters["error_description"], uri: parameters["error_uri"], status: 0))
        }
        guard let code = parameters["code"] else { throw .missingCode }
        guard code.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { throw .malformed("the code holds characters outside %x20-7E") }
        return AuthorizationResponse(code: code, parameters: form)
    }

    /// The authorization code in a callback URL (see ``code(from:for:)-(String,_)``).
    public static func code(from url: URL, for pending: PendingAuthorization) throws(AuthorizationCallbackError) -> String {
        try code(from: url.absoluteString, for: pending)
    }

    private static func checkRedirect(_ components: URLComponents, _ redirectURI: String) throws(AuthorizationCallbackError) {
        guard let expected = URLComponents(string: redirectURI) else { throw .malformed("the pending redirect URI is not a URL") }
        func port(_ c: URLComponents) -> Int? { c.port ?? (c.scheme?.lowercased() == "https" ? 443 : c.scheme?.lowercased() == "http" ? 80 : nil) }
        let matches = components.scheme?.lowercased() == expected.scheme?.lowercased()
            && components.host?.lowercased() == expected.host?.lowercased()
            && port(components) == port(expected)
            && components.percentEncodedPath == expected.percentEncodedPath
        guard matches else {
            var got = components
            got.query = nil
            got.fragment = nil
            throw .redirectMismatch(expected: redirectURI, got: got.string ?? "?")
        }
    }

    /// Refuses what no URL holds raw: spaces, control characters (NUL among them) and `%` not
    /// followed by two hex digits, anywhere in the callback.
    private static func checkCharacters(_ bytes: [UInt8]) throws(AuthorizationCallbackError) {
        func isHex(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }
        for (offset, byte) in bytes.enumerated() {
            if byte <= 0x20 || byte == 0x7F { throw .disallowedCharacter(byte: byte, offset: offset) }
            if byte == UInt8(ascii: "%") {
                guard offset + 2 < bytes.count, isHex(bytes[offset + 1]), isHex(bytes[offset + 2]) else {
                    throw .invalidPercentEncoding(offset: offset)
                }
            }
        }
    }

    /// The query's parameters with a value, in order; an empty one counts as omitted.
    private static func decode(_ query: String) throws(AuthorizationCallbackError) -> FormParameters {
        let form: FormParameters
        do {
            form = try FormParameters(decoding: Data(query.utf8))
        } catch {
            throw .malformed("\(error)")
        }
        var values = FormParameters()
        var seen = Set<String>()
        for parameter in form {
            if parameter.name.utf8.contains(0) || parameter.value.utf8.contains(0) { throw .malformed("a NUL byte in the query") }
            guard seen.insert(parameter.name).inserted else { throw .duplicateParameter(parameter.name) }
            if !parameter.value.isEmpty { values.append(parameter.name, parameter.value) }
        }
        return values
    }
}

/// Why a callback gave no authorization code.
public enum AuthorizationCallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is longer than 8 KiB.
    case tooLong(Int)
    /// The URL or its query cannot be read.
    case malformed(String)
    /// The callback does not come back to the pending redirect URI.
    case redirectMismatch(expected: String, got: String)
    /// The URL holds a byte no URL holds raw: a space or a control character (RFC 3986 §2).
    case disallowedCharacter(byte: UInt8, offset: Int)
    /// A `%` at this byte offset is not followed by two hex digits (RFC 3986 §2.1).
    case invalidPercentEncoding(offset: Int)
    /// The response came in the fragment; the code flow reads the query only.
    case responseInFragment
    /// A parameter appears twice (RFC 6749 §3.1).
    case duplicateParameter(String)
    /// No `state`.
    case missingState
    /// `state` is not the pending one (values not shown).
    case stateMismatch
    /// `iss` is required (RFC 9207) and missing.
    case missingIssuer
    /// `iss` is not the expected issuer.
    case issuerMismatch(expected: String, got: String)
    /// The authorization server answered with an error (RFC 6749 §4.1.2.1).
    case authorizationDenied(OAuthError)
    /// No `code`.
    case missingCode
    /// This state has been used already.
    case stateAlreadyUsed
    /// The pending authorization is older than allowed.
    case expired(ageSeconds: Int)

    public var description: String {
        switch self {
        case .tooLong(let length): "callback: expected at most \(AuthorizationCallback.maximumLength) bytes, got \(length)"
        case .malformed(let reason): "callback: expected a well-formed query, got \(reason)"
        case .redirectMismatch(let expected, let got): "callback: expected \(expected), got \(got)"
        case .disallowedCharacter(let byte, let offset):
            "callback: expected only URI characters, got \(byte == 0x20 ? "a raw space" : byte == 0 ? "a NUL byte" : "control character 0x" + String(format: "%02X", byte)) at byte \(offset)"
        case .invalidPercentEncoding(let offset): "callback: expected % to begin a %HH escape, got an invalid one at byte \(offset)"
        case .responseInFragment: "callback: expected the response in the query, got it in the fragment"
        case .duplicateParameter(let name): "callback: expected each parameter once (RFC 6749 §3.1), got \(name) twice"
        case .missingState: "callback: expected a state, got none"
        case .stateMismatch: "callback: expected the state of the pending request, got another"
        case .missingIssuer: "callback: expected an iss parameter (RFC 9207), got none"
        case .issuerMismatch(let expected, let got): "callback: expected iss \(expected), got \(got)"
        case .authorizationDenied(let error): "\(error)"
        case .missingCode: "callback: expected a code, got none"
        case .stateAlreadyUsed: "callback: expected a state not used before, got one already used"
        case .expired(let age): "callback: expected an authorization request younger than allowed, got one \(age) s old"
        }
    }
}
