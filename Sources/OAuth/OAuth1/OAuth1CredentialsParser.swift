import Foundation

/// Reads temporary-credentials and token-credentials responses strictly, as RFC 5849 §2.1 and
/// §2.3 say: HTTP 200, `application/x-www-form-urlencoded`, UTF-8, no parameter twice, a
/// non-empty `oauth_token`, an `oauth_token_secret`, and for temporary credentials
/// `oauth_callback_confirmed=true`. Other parameters are kept as extras. A problem report
/// (`oauth_problem`, from the OAuth Problem Reporting extension) becomes a typed error.
///
/// Every tolerance for a provider that answers otherwise is a fix at
/// ``HookPoint/requestTokenResponse`` or ``HookPoint/accessTokenResponse``.
public struct OAuth1CredentialsParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Temporary credentials (§2.1); `requireConfirmation` is `false` only for a provider that
    /// follows OAuth Core 1.0's callback rules.
    public func temporaryCredentials(from response: TokenEndpointResponse, requireConfirmation: Bool = true) throws(OAuth1ResponseError) -> OAuth1Token {
        let form = try parameters(of: response)
        if requireConfirmation {
            let confirmed = form["oauth_callback_confirmed"]
            guard confirmed == "true" else { throw .callbackNotConfirmed(got: confirmed) }
        }
        return try credentials(from: form)
    }

    /// Token credentials (§2.3).
    public func tokenCredentials(from response: TokenEndpointResponse) throws(OAuth1ResponseError) -> OAuth1Token {
        try credentials(from: try parameters(of: response))
    }

    private func credentials(from form: FormParameters) throws(OAuth1ResponseError) -> OAuth1Token {
        guard let token = form["oauth_token"], !token.isEmpty else { throw .missingParameter("oauth_token") }
        guard let secret = form["oauth_token_secret"] else { throw .missingParameter("oauth_token_secret") }
        let known: Set<MemberName> = [MemberName("oauth_token"), MemberName("oauth_token_secret"), MemberName("oauth_callback_confirmed")]
        let extras = FormParameters(form.parameters.filter { !known.contains(MemberName($0.name)) })
        return OAuth1Token(token: token, secret: secret, extras: extras)
    }

    private func parameters(of response: TokenEndpointResponse) throws(OAuth1ResponseError) -> FormParameters {
        let isForm = response.contentTypeEssence == MediaType.formURLEncoded
        let form = isForm ? try? FormParameters(decoding: response.body) : nil
        if let form, let problem = form["oauth_problem"] {
            throw .problem(status: response.status, problem: problem, advice: form["oauth_problem_advice"])
        }
        guard response.status == 200 else {
            throw .unexpectedStatus(response.status, body: Redaction.body(response.body, contentType: response.contentType))
        }
        guard isForm else { throw .unexpectedContentType(response.contentType) }
        guard let form, String.validatingUTF8(response.body) != nil else { throw .malformedBody }
        if let repeated = form.firstRepeatedName { throw .duplicateParameter(repeated) }
        return form
    }
}
