/// Why a token endpoint response gave no token.
///
/// Each case says what RFC 6749 §5.1/§5.2 expected and what came; none carries a token, a
/// secret or more than a redacted snippet of a body.
public enum TokenResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an RFC 6749 §5.2 error.
    case oauth(OAuthError)
    /// The body carried an `error` member although the status was 2xx; the error wins, but the
    /// status breaks §5.2, so this is not treated as a plain OAuth error until a fix says so.
    case errorWithSuccessStatus(OAuthError)
    /// 429 or 5xx: the server is overloaded or failing. Transient; `retryAfter` is the
    /// `Retry-After` delay in seconds when it gave one (capped at an hour).
    case serverUnavailable(status: Int, retryAfter: Int?, error: OAuthError?)
    /// A status that is neither success, client error nor server error.
    case unexpectedStatus(Int)
    /// The body was empty.
    case emptyBody(status: Int)
    /// The body is not `application/json`, for example an HTML page from a captive portal.
    case unexpectedContentType(status: Int, contentType: String?, snippet: String)
    /// The body is longer than the limit; it was not read further.
    case bodyTooLarge(limit: Int, actual: Int)
    /// The body is not valid JSON.
    case malformedJSON(status: Int, JSONParseError)
    /// The body is JSON but not an object.
    case notAnObject(status: Int, found: String)
    /// A 4xx body without a string `error` member.
    case malformedErrorResponse(status: Int, found: String)
    /// The success response has no usable `access_token`.
    case missingAccessToken
    /// A member is present with a value §5.1 does not allow.
    case invalidMember(name: String, expected: String, found: String)
    /// `token_type` names a type this client does not understand (RFC 6749 §7.1).
    case unsupportedTokenType(String)

    /// The OAuth error inside, when the server sent one.
    public var oauthError: OAuthError? {
        switch self {
        case .oauth(let error), .errorWithSuccessStatus(let error): error
        case .serverUnavailable(_, _, let error): error
        default: nil
        }
    }

    /// A short machine-readable code: the OAuth error code when the server sent one, otherwise
    /// a name for the case, such as `unexpected_content_type`.
    public var code: String {
        switch self {
        case .oauth(let error), .errorWithSuccessStatus(let error): error.code.rawValue
        case .serverUnavailable(_, _, let error): error?.code.rawValue ?? "server_unavailable"
        case .unexpectedStatus: "unexpected_status"
        case .emptyBody: "empty_body"
        case .unexpectedContentType: "unexpected_content_type"
        case .bodyTooLarge: "body_too_large"
        case .malformedJSON: "malformed_json"
        case .notAnObject: "not_an_object"
        case .malformedErrorResponse: "malformed_error_response"
        case .missingAccessToken: "missing_access_token"
        case .invalidMember: "invalid_member"
        case .unsupportedTokenType: "unsupported_token_type"
        }
    }

    /// What to print after the code: the server's description for an OAuth error, otherwise
    /// the whole explanation.
    public var detail: String {
        switch self {
        case .oauth(let error): error.errorDescription ?? ""
        default: description
        }
    }

    /// Whether trying again later may succeed (429, 5xx); everything else needs a change first.
    public var isTransient: Bool {
        if case .serverUnavailable = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .oauth(let error):
            "\(error)"
        case .errorWithSuccessStatus(let error):
            "token response: expected an error status (RFC 6749 §5.2) with error \"\(error.code)\", got HTTP \(error.status)"
        case .serverUnavailable(let status, let retryAfter, let error):
            "token endpoint unavailable: HTTP \(status)" + (retryAfter.map { ", retry after \($0) s" } ?? "") + (error.map { " (\($0))" } ?? "")
        case .unexpectedStatus(let status):
            "token response: expected HTTP 2xx or 4xx, got HTTP \(status)"
        case .emptyBody(let status):
            "token response: expected a JSON body, got an empty body (HTTP \(status))"
        case .unexpectedContentType(let status, let contentType, let snippet):
            "token response: expected Content-Type application/json (RFC 6749 §5.1), got \(contentType ?? "none") (HTTP \(status)): \(snippet)"
        case .bodyTooLarge(let limit, let actual):
            "token response: expected at most \(limit) bytes, got \(actual)"
        case .malformedJSON(let status, let error):
            "token response (HTTP \(status)): \(error)"
        case .notAnObject(let status, let found):
            "token response: expected a JSON object, got \(found) (HTTP \(status))"
        case .malformedErrorResponse(let status, let found):
            "error response: expected a string \"error\" member (RFC 6749 §5.2), got \(found) (HTTP \(status))"
        case .missingAccessToken:
            "token response: expected an \"access_token\" member (RFC 6749 §5.1), got none"
        case .invalidMember(let name, let expected, let found):
            "token response member \"\(name)\": expected \(expected), got \(found)"
        case .unsupportedTokenType(let type):
            "token response: expected token_type \"Bearer\" (RFC 6750), got \"\(type)\", which this client cannot use (RFC 6749 §7.1)"
        }
    }
}
