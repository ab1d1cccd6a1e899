import Foundation

/// The strict core: reads a token endpoint response exactly as RFC 6749 §5.1 and §5.2 define
/// it, and nothing else.
///
/// Every tolerance for a provider that answers differently is a named fix that rewrites the
/// response before this parser sees it. Here:
/// - the body must be `application/json`, at most ``TokenResponseLimits/maximumBodyBytes``,
///   UTF-8, without duplicate members, and an object;
/// - an `error` member means failure, whatever the status;
/// - `access_token` is a non-empty string of §A.12 `1*VSCHAR` (%x20-7E: printable ASCII, the
///   space included); whether it fits where the provider places it (a Bearer header takes only
///   RFC 6750 §2.1 `b64token`) is checked when it is placed;
/// - `token_type` is required and must be `Bearer` in any case (§7.1: refuse unknown types);
/// - `expires_in` is `1*DIGIT`: an integer literal, not negative, not a string, not a
///   fraction; `null` counts as absent; a value above ``maximumExpiresIn`` (ten years by
///   default, ``ServerDurations/maximumLifetime``) is clamped to it;
/// - `refresh_token` is a string like `access_token`; `scope` a space-separated string;
/// - 429 and 5xx are transient failures.
///
/// ```swift
/// let token = try TokenResponseParser().parse(TokenEndpointResponse(response), issuedAt: Date())
/// ```
public struct TokenResponseParser: Sendable {
    /// The largest `expires_in` kept, in seconds; larger values are clamped to it. Held between
    /// 0 and ``ServerDurations/maximumLifetime`` (ten years), whatever it is set to.
    public var maximumExpiresIn: Int {
        get { storedMaximumExpiresIn }
        set { storedMaximumExpiresIn = ServerDurations.lifetime(newValue) }
    }

    private var storedMaximumExpiresIn: Int

    /// Creates a parser.
    public init(maximumExpiresIn: Int = ServerDurations.maximumLifetime) {
        self.storedMaximumExpiresIn = ServerDurations.lifetime(maximumExpiresIn)
    }

    /// Parses a response that has been through the response hook points.
    ///
    /// - Parameter issuedAt: when the response arrived; `expiresAt` is this plus `expires_in`.
    /// - Throws: ``TokenResponseError``.
    public func parse(_ response: consuming TokenEndpointResponse, issuedAt: Date) throws(TokenResponseError) -> Token {
        try token(from: try jsonObjectOrError(of: &response, now: issuedAt), issuedAt: issuedAt)
    }

    /// The JSON object of a successful response from the token or device endpoint, after the
    /// checks every such response must pass: size, status, content type, JSON, and `error`.
    /// `now` is when the response arrived, for a `Retry-After` given as a date.
    func jsonObjectOrError(of response: inout TokenEndpointResponse, now: Date? = nil) throws(TokenResponseError) -> JSONObject {
        let status = response.status
        let limit = response.limits.maximumBodyBytes
        let byteCount = response.receivedByteCount
        if byteCount > limit { throw .bodyTooLarge(limit: limit, actual: byteCount) }
        if status == 429 || (500...599).contains(status) {
            let error = try? errorMember(of: &response)
            throw .serverUnavailable(status: status, retryAfter: Self.retryAfter(response.headers, now: now), error: error ?? nil)
        }
        guard (200...299).contains(status) || (400...499).contains(status) else { throw .unexpectedStatus(status) }
        guard !response.bodyIsEmpty else { throw .emptyBody(status: status) }
        guard response.hasJSONContentType else {
            throw .unexpectedContentType(status: status, contentType: response.contentType, snippet: Redaction.excerpt(response.body, contentType: response.contentType))
        }
        let object = try jsonObject(of: &response)
        if let error = try errorMember(in: object, status: status) {
            throw (200...299).contains(status) ? .errorWithSuccessStatus(error) : .oauth(error)
        }
        guard (200...299).contains(status) else {
            throw .malformedErrorResponse(status: status, found: "no \"error\" member")
        }
        return object
    }

    /// Parses a raw response that no fix has touched.
    public func parse(_ response: HTTPResponse, issuedAt: Date) throws(TokenResponseError) -> Token {
        try parse(TokenEndpointResponse(response), issuedAt: issuedAt)
    }

    private func jsonObject(of response: inout TokenEndpointResponse) throws(TokenResponseError) -> JSONObject {
        switch response.parsedBody() {
        case .value(.object(let object)): return object
        case .value(let other): throw .notAnObject(status: response.status, found: other.kind)
        case .failure(let error): throw .malformedJSON(status: response.status, error)
        case .notAttempted: throw .bodyTooLarge(limit: response.limits.maximumBodyBytes, actual: response.body.count)
        }
    }

    /// The RFC 6749 §5.2 error in a JSON body, `nil` when there is no `error` member.
    private func errorMember(of response: inout TokenEndpointResponse) throws(TokenResponseError) -> OAuthError? {
        guard response.hasJSONContentType, case .value(.object(let object)) = response.parsedBody() else { return nil }
        return try errorMember(in: object, status: response.status)
    }

    /// The RFC 6749 §5.2 error in a response's JSON object, `nil` when it has no `error` member.
    private func errorMember(in object: JSONObject, status: Int) throws(TokenResponseError) -> OAuthError? {
        guard let code = object["error"] else { return nil }
        guard case .string(let codeString) = code, !codeString.isEmpty else {
            throw .malformedErrorResponse(status: status, found: "\"error\" as \(code.kind)")
        }
        // One pass sets the §5.2 members apart and keeps the rest, in order, as extras.
        var description: JSONValue?, uri: JSONValue?
        var extras: [JSONObject.Member] = []
        for member in object.members {
            switch Self.errorMemberName(member.key) {
            case .error: continue
            case .description: description = member.value
            case .uri: uri = member.value
            case nil:
                if extras.isEmpty { extras.reserveCapacity(object.count) }
                extras.append(member)
            }
        }
        return OAuthError(
            code: .init(codeString), description: description?.stringValue, uri: uri?.stringValue, status: status,
            extras: JSONObject(uniqueMembers: extras)
        )
    }

    /// The RFC 6749 §5.2 members, told apart by their bytes.
    private enum ErrorMemberName { case error, description, uri }

    private static func errorMemberName(_ key: String) -> ErrorMemberName? {
        switch key.utf8.count {
        case 5: key.hasSameBytes(as: "error") ? .error : nil
        case 9: key.hasSameBytes(as: "error_uri") ? .uri : nil
        case 17: key.hasSameBytes(as: "error_description") ? .description : nil
        default: nil
        }
    }

    /// The RFC 6749 §5.1 members, told apart by their bytes.
    private enum TokenMemberName { case accessToken, tokenType, expiresIn, refreshToken, scope }

    private static func tokenMemberName(_ key: String) -> TokenMemberName? {
        switch key.utf8.count {
        case 5: key.hasSameBytes(as: "scope") ? .scope : nil
        case 10: key.hasSameBytes(as: "token_type") ? .tokenType : key.hasSameBytes(as: "expires_in") ? .expiresIn : nil
        case 12: key.hasSameBytes(as: "access_token") ? .accessToken : nil
        case 13: key.hasSameBytes(as: "refresh_token") ? .refreshToken : nil
        default: nil
        }
    }

    @inline(__always)
    private func token(from object: JSONObject, issuedAt: Date) throws(TokenResponseError) -> Token {
        // One pass sets the §5.1 members apart and keeps the rest, in order, as extras: no copy
        // of the object to cut members out of.
        var accessTokenValue: JSONValue?, typeValue: JSONValue?, expiresInValue: JSONValue?, refreshTokenValue: JSONValue?, scopeValue: JSONValue?
        var extraMembers: [JSONObject.Member] = []
        for member in object.members {
            switch Self.tokenMemberName(member.key) {
            case .accessToken: accessTokenValue = member.value
            case .tokenType: typeValue = member.value
            case .expiresIn: expiresInValue = member.value
            case .refreshToken: refreshTokenValue = member.value
            case .scope: scopeValue = member.value
            case nil:
                // Room for every member that may follow, once: an object without extras
                // allocates nothing.
                if extraMembers.isEmpty { extraMembers.reserveCapacity(object.count) }
                extraMembers.append(member)
            }
        }
        let extras = JSONObject(uniqueMembers: extraMembers)
        guard let accessTokenValue else { throw .missingAccessToken }
        let accessToken = try Self.credential(accessTokenValue, name: "access_token")
        guard let typeValue else {
            throw .invalidMember(name: "token_type", expected: "a string such as \"Bearer\" (RFC 6749 §5.1 requires it)", found: "no member")
        }
        guard case .string(let tokenType) = typeValue else {
            throw .invalidMember(name: "token_type", expected: "a string such as \"Bearer\"", found: typeValue.kind)
        }
        guard tokenType.caseInsensitiveEquals("Bearer") else { throw .unsupportedTokenType(tokenType) }
        var expiresIn: Int?, expiresAt: Date?
        if let expiresInValue, let seconds = try expiresInSeconds(expiresInValue) {
            expiresIn = seconds
            expiresAt = issuedAt.addingTimeInterval(TimeInterval(seconds))
        }
        var refreshToken: String?
        if let refreshTokenValue { refreshToken = try Self.credential(refreshTokenValue, name: "refresh_token") }
        var scope: [String]?
        if let scopeValue { scope = try Self.scope(scopeValue) }
        return Token(
            accessToken: accessToken, tokenType: "Bearer", expiresIn: expiresIn, expiresAt: expiresAt,
            refreshToken: refreshToken, scope: scope, extras: extras
        )
    }

    /// A token string: non-empty, RFC 6749 §A.12 / §A.17 `1*VSCHAR` (%x20-7E). The value is
    /// never echoed.
    static func credential(_ value: JSONValue, name: String) throws(TokenResponseError) -> String {
        guard case .string(let string) = value else {
            if case .null = value, name == "access_token" { throw .missingAccessToken }
            throw .invalidMember(name: name, expected: "a string", found: value.kind)
        }
        guard !string.isEmpty else {
            if name == "access_token" { throw .missingAccessToken }
            throw .invalidMember(name: name, expected: "a non-empty string", found: "an empty string")
        }
        var bytes = string
        if let position = bytes.withUTF8({ $0.firstIndex { $0 < 0x20 || $0 > 0x7E } }) {
            let byte = Array(string.utf8)[position]
            let what = byte < 0x20 || byte == 0x7F ? "a control character" : "a non-ASCII character"
            let rule = name == "refresh_token" ? "§A.17" : "§A.12"
            throw .invalidMember(name: name, expected: "printable ASCII characters only (RFC 6749 \(rule) VSCHAR, %x20-7E)", found: "\(what) at position \(position)")
        }
        return string
    }

    private func expiresInSeconds(_ value: JSONValue) throws(TokenResponseError) -> Int? {
        let expected = "a non-negative integer number of seconds (RFC 6749 §A.14 1*DIGIT)"
        switch value {
        case .null:
            return nil
        case .number(let number):
            if number.isNegative { throw .invalidMember(name: "expires_in", expected: expected, found: "\(number)") }
            if number.isInteger { return number.intValue.map { min($0, maximumExpiresIn) } ?? maximumExpiresIn }
            // Exponent notation is accepted only for a whole value too large to represent: clamp it.
            let double = number.doubleValue
            if double >= Double(maximumExpiresIn), double.rounded(.down) == double || double.isInfinite {
                return maximumExpiresIn
            }
            throw .invalidMember(name: "expires_in", expected: expected, found: "\(number)")
        case .string(let string):
            throw .invalidMember(name: "expires_in", expected: expected, found: "a string (\"\(string.prefix(32))\")")
        default:
            throw .invalidMember(name: "expires_in", expected: expected, found: value.kind)
        }
    }

    private static func scope(_ value: JSONValue) throws(TokenResponseError) -> [String] {
        let expected = "a space-separated string of scope tokens (RFC 6749 §3.3)"
        guard case .string(let string) = value else { throw .invalidMember(name: "scope", expected: expected, found: value.kind) }
        // One pass over the bytes in place: every token is 1*NQCHAR, one space between tokens.
        var text = string
        let tokens = text.withUTF8 { bytes -> [String]? in
            var tokens: [String] = []
            var start = 0
            for index in 0...bytes.count {
                if index == bytes.count || bytes[index] == 0x20 {
                    guard index > start else { return nil }
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                } else {
                    let byte = bytes[index]
                    guard byte == 0x21 || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte) else { return nil }
                }
            }
            return tokens
        }
        guard let tokens else { throw .invalidMember(name: "scope", expected: expected, found: "\"\(string.prefix(64))\"") }
        return tokens
    }

    /// The `Retry-After` delay in seconds (RFC 9110 §10.2.3), capped at an hour: delta-seconds,
    /// or an HTTP-date counted from the response's own `Date` (the server's clock, so no skew)
    /// or else from `now`. `nil` for none, a malformed value, or a date with nothing to count from.
    static func retryAfter(_ headers: HTTPHeaders, now: Date?) -> Int? {
        let reference = headers["Date"].flatMap(HTTPDate.parse) ?? now
        return ServerDurations.retryAfter(headers["Retry-After"], reference: reference)
    }
}
