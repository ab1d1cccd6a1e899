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
///   (`grantType`, `parameters`, `scopes`, `clientID`, `clientSecret`, and for a code exchange
///   the authorization's `state`, which some providers' fixes repeat);
/// - `revocation-request`: `revocationRequest` (`token`, `hint`, `clientID`, `clientSecret`);
/// - `protected-request`: `request` (`method`, `url`, `headers`, `body`), the `token` and
///   optionally `clientID`.
///
/// For OAuth 1.0a providers, an `oauth1` member (`consumerKey`, `consumerSecret`, `token`,
/// `tokenSecret`, `callback`, `verifier`, `nonce`, `timestamp`) gives what a step is signed with:
/// - `request-token-request`, `access-token-request`: `oauth1`;
/// - `authorization-request`: `oauth1` (its `token` is the request token) and optionally
///   `parameters`;
/// - `authorization-response`: `callback`, the URL as it arrived, and `oauth1` for the pending
///   authorization;
/// - `protected-request`: `request` and `oauth1`;
/// - `request-token-response`, `access-token-response`: `response`, as for OAuth 2.0.
///
/// `expect` holds one of `token` (the token as `oauthctl replay --json` prints it, without
/// `expires_at`), `deviceAuthorization` (the RFC 8628 members), `credentials` (OAuth 1.0a:
/// `oauth_token`, `oauth_token_secret` and the extras), `callback` (OAuth 1.0a: the
/// `oauth_verifier` found, or an empty object), `error` (`error` and optionally
/// `error_description`; an OAuth 1.0a problem report's `oauth_problem` and advice), `request`,
/// `url`, or `failure` (what the client's error says).
/// `"compliant": true` marks a recording that follows the RFCs, which the strict core alone
/// must read the same way and every fix must leave alone.
///
/// An OAuth 2.0 `authorization-response` recording holds the `callback` URL as it arrived, the
/// `pending` authorization it answers (`state`, `redirectURI`, optionally `issuer`) and the
/// client (`clientID`, `clientSecret`), and expects `authorizationResponse` (`code`, `kept`).
///
/// `enable` names optional fixes of the provider (``Provider/optionalFixes``) that the recording
/// runs with, such as Facebook's `appsecret_proof`.
///
/// `notes` is free text for people (record mode writes there which fixes did not act), and
/// `sentRequest` the request as it was sent for a recorded response (method, URL, headers,
/// body, with secrets replaced by placeholders): both are informational and never compared.
/// `Recording.schema.json` (beside this file) describes every member; ``memberNames`` lists them.
///
/// `endpointValues` fills the placeholders of a provider whose endpoints differ per account
/// (`{"tenant": "contoso.onmicrosoft.com"}` for `https://login.microsoftonline.com/{tenant}/…`),
/// so that its request recordings can show the URL.
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
    /// Values for the placeholders in the provider's endpoints, by placeholder name.
    public let endpointValues: [String: String]
    /// The provider's optional fixes this recording runs with.
    public let enable: [FixID]
    /// Where the recording was read from, if anywhere: `Providers/GitHub/Recordings/token-json.json`.
    public let location: String?
    /// Free text for people; never compared.
    public var notes: String?
    /// For a recorded response, the request that provoked it, as it was sent (secrets replaced
    /// by placeholders); never compared.
    public var sentRequest: RecordedRequest?

    /// What goes into the pipeline.
    public enum Input: Sendable {
        /// A token or refresh response, and for a refresh the token being refreshed.
        case response(HTTPResponse, previousToken: Token?)
        /// The inputs of an authorization request.
        case authorization(AuthorizationInput)
        /// The inputs of a token request.
        case tokenRequest(grant: TokenGrant, client: ClientCredentials)
        /// The inputs of a revocation request (RFC 7009 §2.1): the token, its type hint and the
        /// client.
        case revocationRequest(token: String, hint: TokenTypeHint?, client: ClientCredentials)
        /// A request for a protected resource, the token to attach and the client, when known
        /// (its id for fixes that name it, its secret for fixes that sign with it).
        case protectedRequest(HTTPRequest, token: Token, client: ClientCredentials?)
        /// An OAuth 2.0 callback URL as it arrived, the pending authorization it answers and the
        /// client.
        case authorizationResponse(callback: String, pending: PendingAuthorization, client: ClientCredentials)
        /// OAuth 1.0a: the inputs of a signed request-token or access-token request.
        case oauth1Request(OAuth1Inputs)
        /// OAuth 1.0a: the inputs of an authorization URL, and more query parameters.
        case oauth1Authorization(OAuth1Inputs, parameters: FormParameters)
        /// OAuth 1.0a: a callback URL as it arrived, and the pending authorization it answers.
        case oauth1Callback(String, OAuth1Inputs)
        /// OAuth 1.0a: a request for a protected resource and the credentials to sign it with.
        case oauth1ProtectedRequest(HTTPRequest, OAuth1Inputs)
    }

    /// What an OAuth 1.0a step is signed with and answers to, with the nonce and timestamp
    /// fixed so that signatures repeat.
    public struct OAuth1Inputs: Sendable, Hashable {
        /// The client (consumer) key.
        public var consumerKey: String
        /// The client (consumer) secret.
        public var consumerSecret: String?
        /// The temporary or token credentials' token.
        public var token: String?
        /// Their secret.
        public var tokenSecret: String?
        /// The callback URI (request token, authorization URL, callback).
        public var callback: String?
        /// The verifier (access token).
        public var verifier: String?
        /// `oauth_nonce`.
        public var nonce: String
        /// `oauth_timestamp`.
        public var timestamp: Int

        /// Creates inputs.
        public init(
            consumerKey: String, consumerSecret: String? = nil, token: String? = nil, tokenSecret: String? = nil, callback: String? = nil,
            verifier: String? = nil, nonce: String = "nonce", timestamp: Int = 1_700_000_000
        ) {
            self.consumerKey = consumerKey
            self.consumerSecret = consumerSecret
            self.token = token
            self.tokenSecret = tokenSecret
            self.callback = callback
            self.verifier = verifier
            self.nonce = nonce
            self.timestamp = timestamp
        }

        /// A signer with these credentials, nonce and timestamp.
        public var signer: OAuth1Signer {
            let nonce = self.nonce
            return OAuth1Signer(
                client: ClientCredentials(id: consumerKey, secret: consumerSecret),
                token: token.map { OAuth1Token(token: $0, secret: tokenSecret ?? "") }, nonce: { nonce },
                clock: ManualClock(Date(timeIntervalSince1970: TimeInterval(timestamp)))
            )
        }

        /// The pending authorization these inputs describe.
        public var pending: OAuth1PendingAuthorization {
            OAuth1PendingAuthorization(
                temporaryCredentials: OAuth1Token(token: token ?? "", secret: tokenSecret ?? ""), callback: callback ?? "oob",
                createdAt: Date(timeIntervalSince1970: TimeInterval(timestamp))
            )
        }
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
    public init(
        title: String, source: String, hookPoint: HookPoint, compliant: Bool = false, input: Input, expected: Outcome,
        endpointValues: [String: String] = [:], enable: [FixID] = [], location: String? = nil, notes: String? = nil, sentRequest: RecordedRequest? = nil
    ) {
        self.enable = enable
        self.title = title
        self.source = source
        self.hookPoint = hookPoint
        self.compliant = compliant
        self.input = input
        self.expected = expected
        self.endpointValues = endpointValues
        self.location = location
        self.notes = notes
        self.sentRequest = sentRequest
    }

    /// The file name, or the title when the recording was made in code.
    public var name: String { location.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? title }

    public var description: String { "\(name): \(title) [\(hookPoint)]" }
}
