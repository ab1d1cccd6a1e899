/// Why a request could not be signed.
public enum OAuth1SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL has no http or https scheme or no host.
    case unsupportedURL(String)
    /// The query or the form body does not decode.
    case malformedParameters(String)
    /// The request already carries an `oauth_` parameter in its URL or body (RFC 5849 §2, §3.5:
    /// the protocol parameters go in one place, put there by the signer).
    case oauthParameterInRequest(String)
    /// PLAINTEXT over plain http to a host that is not loopback (RFC 5849 §3.4.4).
    case plaintextWithoutTLS(String)
    /// Body placement for a request whose body is not a form.
    case bodyPlacementNeedsForm
    /// Body placement for a method without a body, such as GET (RFC 5849 §3.5.2).
    case bodyPlacementNeedsBodyMethod(String)
    /// The RSA signer failed.
    case signerFailed(String)

    /// What was expected and what came, without secrets.
    public var description: String {
        switch self {
        case .unsupportedURL(let url): "OAuth 1.0a signing: expected an http or https URL with a host, got \(url)"
        case .malformedParameters(let part): "OAuth 1.0a signing: expected every % in \(part) to start a two-digit hex escape, got one that does not"
        case .oauthParameterInRequest(let name):
            "OAuth 1.0a signing: expected no oauth_ parameters in the URL or body (the signer adds them), got \(name)"
        case .plaintextWithoutTLS(let url): "OAuth 1.0a signing: expected https for PLAINTEXT (RFC 5849 §3.4.4), got \(url)"
        case .bodyPlacementNeedsForm: "OAuth 1.0a signing: expected an application/x-www-form-urlencoded body for body placement, got another content type"
        case .bodyPlacementNeedsBodyMethod(let method):
            "OAuth 1.0a signing: expected a method with a body (POST, PUT, PATCH) for body placement (RFC 5849 §3.5.2), got \(method); use header or query placement"
        case .signerFailed(let reason): "OAuth 1.0a signing: the RSA signer failed: \(reason)"
        }
    }
}

/// Why a temporary-credentials or token-credentials response gave no credentials
/// (RFC 5849 §2.1, §2.3).
public enum OAuth1ResponseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server reported a problem (the OAuth Problem Reporting extension's `oauth_problem`,
    /// with `oauth_problem_advice` when sent).
    case problem(status: Int, problem: String, advice: String?)
    /// A status other than 200 without a problem report; `body` is a redacted excerpt.
    case unexpectedStatus(Int, body: String)
    /// The body is not `application/x-www-form-urlencoded`.
    case unexpectedContentType(String?)
    /// The body does not decode as a form, or is not UTF-8.
    case malformedBody
    /// A parameter came more than once.
    case duplicateParameter(String)
    /// `oauth_token` is missing or empty, or `oauth_token_secret` is missing (it may be empty).
    case missingParameter(String)
    /// The temporary-credentials response lacks `oauth_callback_confirmed=true` (§2.1).
    case callbackNotConfirmed(got: String?)
    /// The body is larger than the limit.
    case bodyTooLarge(limit: Int)

    /// What was expected and what came, without secrets.
    public var description: String {
        switch self {
        case .problem(let status, let problem, let advice):
            "OAuth 1.0a response: the server reported \(problem) (HTTP \(status))" + (advice.map { ": \($0)" } ?? "")
        case .unexpectedStatus(let status, let body): "OAuth 1.0a response: expected HTTP 200, got \(status): \(body)"
        case .unexpectedContentType(let type):
            "OAuth 1.0a response: expected Content-Type application/x-www-form-urlencoded (RFC 5849 §2.1), got \(type ?? "none")"
        case .malformedBody: "OAuth 1.0a response: expected a UTF-8 application/x-www-form-urlencoded body, got one that does not decode"
        case .duplicateParameter(let name): "OAuth 1.0a response: expected each parameter once, got \(name) more than once"
        case .missingParameter(let name):
            name == "oauth_token" ? "OAuth 1.0a response: expected a non-empty oauth_token, got none" : "OAuth 1.0a response: expected \(name), got none"
        case .callbackNotConfirmed(let got): "OAuth 1.0a response: expected oauth_callback_confirmed=true (RFC 5849 §2.1), got \(got ?? "none")"
        case .bodyTooLarge(let limit): "OAuth 1.0a response: expected at most \(limit) bytes, got more"
        }
    }
}

/// Why the callback after authorization was refused (RFC 5849 §2.2).
public enum OAuth1CallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a URL.
    case malformedURL
    /// The callback came to another address than the pending callback URI.
    case callbackMismatch(expected: String, got: String)
    /// A parameter came more than once.
    case duplicateParameter(String)
    /// The user declined (Twitter sends `denied`).
    case denied
    /// `oauth_token` is missing.
    case missingToken
    /// `oauth_token` is not the pending temporary token.
    case tokenMismatch
    /// `oauth_verifier` is missing, and the provider sends one.
    case missingVerifier
    /// The pending authorization was used already; start again.
    case pendingUsed
    /// The pending authorization is older than the client accepts.
    case pendingExpired(ageSeconds: Int)

    /// What was expected and what came, without secrets.
    public var description: String {
        switch self {
        case .malformedURL: "OAuth 1.0a callback: expected a URL, got text that is not one"
        case .callbackMismatch(let expected, let got): "OAuth 1.0a callback: expected a callback to \(expected), got one to \(got)"
        case .duplicateParameter(let name): "OAuth 1.0a callback: expected each parameter once, got \(name) more than once"
        case .denied: "OAuth 1.0a callback: the user denied the request"
        case .missingToken: "OAuth 1.0a callback: expected oauth_token, got none"
        case .tokenMismatch: "OAuth 1.0a callback: expected the pending temporary oauth_token, got another"
        case .missingVerifier: "OAuth 1.0a callback: expected oauth_verifier, got none"
        case .pendingUsed: "OAuth 1.0a callback: expected a pending authorization not used before, got one that was; start again"
        case .pendingExpired(let age): "OAuth 1.0a callback: expected a recent pending authorization, got one \(age) s old; start again"
        }
    }
}
