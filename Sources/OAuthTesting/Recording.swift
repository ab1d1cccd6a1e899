import Foundation
import OAuth

/// One recorded exchange with a provider and the outcome expected once the provider's fixes
/// have run: the raw token response (or the request inputs) and the normalised token, error,
/// request or URL that should come out.
///
/// Recordings are JSON files, one per file, kept beside the provider they prove:
///
/// ```json
/// {
///   "title": "Legacy token body, form-encoded under text/plain",
///   "source": "requests-oauthlib tests/test_compliance_fixes.py, FacebookComplianceFixTest",
///   "hookPoint": "access-token-response",
///   "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "access_token=urlencoded"},
///   "expect": {"token": {"access_token": "urlencoded", "token_type": "Bearer"}}
/// }
/// ```
///
/// By hook point, a recording holds:
/// - `access-token-response`, `refresh-response`, `device-authorization-response`: `response`
///   (`status`, `headers`, `body` or `bodyBase64`), and for a refresh the `previousToken` it
///   refreshes;
/// - `authorization-request`: `authorization` (`clientID`, `redirectURI`, `scopes`, `state`,
///   `codeVerifier`, `parameters`);
/// - `access-token-request`, `refresh-request`, `device-authorization-request`: `tokenRequest`
///   (`grantType`, `parameters`, `scopes`, `clientID`, `clientSecret`);
/// - `protected-request`: `request` (`method`, `url`, `headers`, `body`), the `token` and
///   optionally `clientID`.
///
/// `expect` holds one of `token` (the token as `oauthctl replay --json` prints it, without
/// `expires_at`), `deviceAuthorization` (the RFC 8628 members), `error` (`error` and optionally
/// `error_description`), `request` or `url`.
/// `"compliant": true` marks a recording that follows the RFCs, which the strict core alone
/// must read the same way and every fix must leave alone.
public struct Recording: Sendable, CustomStringConvertible {
    /// What the recording shows, in a few words.
    public let title: String
    /// Where the recorded bytes come from: documentation, an RFC, a public test suite.
    public let source: String
    /// The hook point whose pipeline the recording exercises.
    public let hookPoint: HookPoint
    /// Whether the recording follows the RFCs, so that no fix is needed for it.
    public let compliant: Bool
    /// The input.
    public let input: Input
    /// The outcome expected with the provider's fixes.
    public let expected: Outcome
    /// The file the recording was read from, if any.
    public let file: URL?

    /// What goes into the pipeline.
    public enum Input: Sendable {
        /// A token or refresh response, and for a refresh the token being refreshed.
        case response(HTTPResponse, previousToken: Token?)
        /// The inputs of an authorization request.
        case authorization(AuthorizationInput)
        /// The inputs of a token request.
        case tokenRequest(grant: TokenGrant, client: ClientCredentials)
        /// A request for a protected resource, the token to attach and the client's id.
        case protectedRequest(HTTPRequest, token: Token, clientID: String?)
    }

    /// The inputs of an authorization request.
    public struct AuthorizationInput: Sendable, Hashable {
        /// The `client_id`.
        public var clientID: String
        /// The `redirect_uri`, if any.
        public var redirectURI: String?
        /// The scopes asked for; the provider's defaults when `nil`.
        public var scopes: [String]?
        /// The `state`.
        public var state: String?
        /// The PKCE verifier whose S256 challenge is sent, if any.
        public var codeVerifier: String?
        /// More query parameters.
        public var parameters: FormParameters
    }

    /// Creates a recording in code.
    public init(title: String, source: String, hookPoint: HookPoint, compliant: Bool = false, input: Input, expected: Outcome, file: URL? = nil) {
        self.title = title
        self.source = source
        self.hookPoint = hookPoint
        self.compliant = compliant
        self.input = input
        self.expected = expected
        self.file = file
    }

    /// The file name, or the title when the recording was made in code.
    public var name: String { file?.lastPathComponent ?? title }

    public var description: String { "\(name): \(title) [\(hookPoint)]" }
}
