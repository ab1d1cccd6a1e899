import Foundation
import OAuth
import OAuthProviders

/// Makes the ``SandboxAuthorizationServer`` answer the way a registered provider does, so that
/// a client can meet the provider's quirks offline.
///
/// Everything comes from the provider's definition and its recordings:
/// - **Token and refresh responses** are the provider's recorded responses with fresh token
///   values put where the recorded ones were (status, headers and the rest of the body stay as
///   recorded). A recording that brings a refresh token makes the sandbox issue one; a refresh
///   recording without one keeps the old refresh token working, as Google does.
/// - **Errors** for a bad or used code or refresh token (`invalid_grant`) are the provider's
///   recorded error responses.
/// - **Client authentication** must be the method the provider's fixes declare.
/// - **The protected resource** (`/userinfo`) accepts the token only where the provider's fixes
///   place it, and requires the headers the provider's protected-request fixes add (Twitch's
///   `Client-Id`).
/// - **Refresh tokens** are issued only when the authorization request carried the parameters
///   the provider's authorization-request fixes add (Google's `access_type=offline`); grants
///   without an authorization request (password, device) then get none.
/// - **Content negotiation**: when the provider's fixes send an `Accept` header with token
///   requests (GitHub), a recorded response of the media type asked for is preferred.
///
/// A recording whose token cannot be found as a JSON string or a form value in its body is not
/// used as a template.
///
/// ```swift
/// let emulation = try SandboxEmulation(providerNamed: "facebook")
/// let sandbox = SandboxAuthorizationServer(clients: [SandboxClient(id: "app", secret: "s3cret")],
///                                          configuration: .init(autoApprove: true), emulation: emulation)
/// ```
public struct SandboxEmulation: Sendable {
    /// The provider imitated.
    public let provider: Provider
    /// Recorded token responses, best first.
    public let tokenTemplates: [ResponseTemplate]
    /// Recorded refresh responses, best first; the token templates answer when there are none.
    public let refreshTemplates: [ResponseTemplate]
    /// Recorded error responses and the error code each stands for, by hook point.
    public let errorTemplates: [HookPoint: [ErrorTemplate]]
    /// Parameters an authorization request must carry for the sandbox to issue a refresh token.
    public let offlineParameters: FormParameters
    /// Whether the provider's fixes send `Accept` with token requests, so that the sandbox
    /// answers in the media type asked for.
    public let negotiatesContentType: Bool

    /// A recorded token response and the token values it carries.
    public struct ResponseTemplate: Sendable {
        /// The recording's name.
        public let name: String
        /// The recorded response.
        public let response: HTTPResponse
        /// The recorded access token.
        public let accessToken: String
        /// The recorded refresh token, if any.
        public let refreshToken: String?
        /// The lifetime the provider means, in seconds (`nil`: the token does not expire).
        public let lifetime: Int?

        /// The response with fresh token values where the recorded ones were, and without the
        /// recorded refresh token when `refreshToken` is `nil`. Values are replaced as JSON
        /// strings or form values, escaped as the body's format wants.
        public func render(accessToken fresh: String, refreshToken freshRefresh: String?) -> HTTPResponse {
            var rendered = response
            let replacements = [(accessToken, Optional(fresh))] + (refreshToken.map { [($0, freshRefresh)] } ?? [])
            rendered.body = Self.substitute(replacements, in: response.body)
            return rendered
        }

        /// Whether `value` is a JSON string or a form value in `body`.
        static func contains(_ value: String, in body: Data) -> Bool {
            if let json = try? JSONParser().parse(body) { return contains(value, in: json) }
            if let form = try? FormParameters(decoding: body) { return form.contains { $0.value == value } }
            return false
        }

        private static func contains(_ value: String, in json: JSONValue) -> Bool {
            switch json {
            case .string(let string): string == value
            case .object(let object): object.contains { contains(value, in: $0.value) }
            case .array(let array): array.contains { contains(value, in: $0) }
            default: false
            }
        }

        /// The body with each recorded value replaced by its fresh one, or its member removed
        /// when the fresh one is `nil`.
        static func substitute(_ replacements: [(String, String?)], in body: Data) -> Data {
            if let json = try? JSONParser().parse(body) {
                return JSONWriter.data(substitute(replacements, in: json) ?? .null)
            }
            guard let form = try? FormParameters(decoding: body) else { return body }
            var rewritten = FormParameters()
            for parameter in form {
                guard let replacement = replacements.first(where: { $0.0 == parameter.value }) else {
                    rewritten.append(parameter.name, parameter.value)
                    continue
                }
                if let fresh = replacement.1 { rewritten.append(parameter.name, fresh) }
            }
            return Data(rewritten.encoded().utf8)
        }

        private static func substitute(_ replacements: [(String, String?)], in json: JSONValue) -> JSONValue? {
            switch json {
            case .string(let string):
                guard let replacement = replacements.first(where: { $0.0 == string }) else { return json }
                return replacement.1.map(JSONValue.string)
            case .object(let object):
                return .object(JSONObject(object.compactMap { member in
                    substitute(replacements, in: member.value).map { JSONObject.Member(key: member.key, value: $0) }
                }))
            case .array(let array):
                return .array(array.compactMap { substitute(replacements, in: $0) })
            default:
                return json
            }
        }
    }

    /// A recorded error response and the OAuth error code it means.
    public struct ErrorTemplate: Sendable {
        /// The recording's name.
        public let name: String
        /// The recorded response.
        public let response: HTTPResponse
        /// The code the provider's fixes read from it.
        public let code: String
    }

    /// Builds an emulation of a provider from its recordings.
    ///
    /// - Throws: ``SandboxEmulationError`` when no recording shows a token response.
    public init(provider: Provider, recordings: [Recording]) throws(SandboxEmulationError) {
        self.provider = provider
        func templates(at hookPoint: HookPoint) -> [ResponseTemplate] {
            let atHookPoint = recordings.filter { $0.hookPoint == hookPoint }
            return (atHookPoint.filter { !$0.compliant } + atHookPoint.filter(\.compliant)).compactMap { recording in
                guard case .response(let response, _) = recording.input, case .token(let token) = recording.expected,
                      let access = token["access_token"]?.stringValue, ResponseTemplate.contains(access, in: response.body)
                else { return nil }
                let refresh = token["refresh_token"]?.stringValue.flatMap { ResponseTemplate.contains($0, in: response.body) ? $0 : nil }
                var lifetime: Int?
                if case .number(let number)? = token["expires_in"] { lifetime = number.intValue }
                return ResponseTemplate(name: recording.name, response: response, accessToken: access, refreshToken: refresh, lifetime: lifetime)
            }
        }
        let refreshTemplates = templates(at: .refreshResponse)
        let tokenTemplates = templates(at: .accessTokenResponse)
        // A provider whose only recorded token response is a refresh (Fitbit) answers the
        // code exchange the same way: its documentation shows one response shape for both.
        self.tokenTemplates = tokenTemplates.isEmpty ? refreshTemplates : tokenTemplates
        self.refreshTemplates = refreshTemplates
        guard !self.tokenTemplates.isEmpty else {
            throw SandboxEmulationError(provider: provider.name, reason: "no recording shows a token response with its access token in the body")
        }
        var errors: [HookPoint: [ErrorTemplate]] = [:]
        for recording in recordings.filter({ !$0.compliant }) + recordings.filter(\.compliant) {
            guard case .response(let response, _) = recording.input, case .error(let code, _) = recording.expected else { continue }
            errors[recording.hookPoint, default: []].append(ErrorTemplate(name: recording.name, response: response, code: code))
        }
        errorTemplates = errors
        offlineParameters = Self.parametersAdded(byAuthorizationFixesOf: provider)
        negotiatesContentType = Self.sendsAccept(provider)
    }

    /// Builds an emulation of a built-in provider from the recordings in its folder.
    public init(providerNamed name: String, registry: ProviderRegistry = .builtIn) throws {
        let provider = try registry.provider(named: name)
        try self.init(provider: provider, recordings: try BuiltInRecordings.recordings(for: provider.name))
    }

    /// The provider's name.
    public var name: String { provider.name }

    /// The token template for a request: when the provider negotiates, one whose content type
    /// the request's `Accept` header names explicitly; then one whose refresh token presence is
    /// what the grant wants; else the first.
    func tokenTemplate(refresh: Bool, wantsRefreshToken: Bool, accept: String?) -> ResponseTemplate {
        let candidates = refresh && !refreshTemplates.isEmpty ? refreshTemplates : tokenTemplates
        var pool = candidates
        if negotiatesContentType {
            let accepted = (accept ?? "").split(separator: ",").compactMap { MediaType.essence(of: String($0)) }.filter { !$0.contains("*") }
            let negotiated = candidates.filter { accepted.contains(MediaType.essence(of: $0.response.headers["Content-Type"]) ?? "") }
            if !negotiated.isEmpty { pool = negotiated }
        }
        return pool.first { ($0.refreshToken != nil) == wantsRefreshToken } ?? pool[0]
    }

    /// Whether the provider's access-token request fixes set `Accept`.
    static func sendsAccept(_ provider: Provider) -> Bool {
        var probe = HTTPRequest(method: "POST", url: URL(string: "https://sandbox.invalid/token")!)
        let context = RequestContext(hookPoint: .accessTokenRequest, client: ClientCredentials(id: "probe", secret: "probe"), grantType: "authorization_code")
        guard (try? provider.hooks.run(&probe, context: context)) != nil else { return false }
        return probe.headers["Accept"] != nil
    }

    /// The recorded answer for an error the sandbox would give, if the provider's recordings
    /// show one: the same code, or for `invalid_grant` the provider's own answer to a bad code
    /// or refresh token (GitHub's `bad_verification_code`, Slack's `invalid_code`).
    public func recordedError(for code: String, at hookPoint: HookPoint) -> ErrorTemplate? {
        let candidates = (errorTemplates[hookPoint] ?? []) + (hookPoint == .accessTokenResponse ? [] : errorTemplates[.accessTokenResponse] ?? [])
        if let exact = candidates.first(where: { $0.code == code }) { return exact }
        guard code == "invalid_grant" else { return nil }
        return candidates.first { !Self.otherStandardCodes.contains($0.code) }
    }

    /// The RFC 6749 error codes that mean something else than a bad code or refresh token.
    static let otherStandardCodes: Set<String> = [
        "invalid_request", "invalid_client", "unauthorized_client", "unsupported_grant_type", "invalid_scope", "access_denied",
        "unsupported_response_type", "server_error", "temporarily_unavailable",
    ]

    /// The query parameters the provider's authorization-request fixes add to a request that
    /// has none of its own.
    static func parametersAdded(byAuthorizationFixesOf provider: Provider) -> FormParameters {
        let bare: FormParameters = ["response_type": "code", "client_id": "probe"]
        var request = AuthorizationRequest(endpoint: URL(string: "https://sandbox.invalid/authorize")!, parameters: bare)
        guard (try? provider.hooks.run(&request)) != nil else { return [] }
        return FormParameters(request.parameters.parameters.filter { bare[$0.name] == nil })
    }

    /// The headers the provider's protected-request fixes add for a token issued to `clientID`,
    /// which a request for the protected resource must carry.
    func requiredHeaders(for token: String, clientID: String) -> HTTPHeaders {
        let url = URL(string: "https://sandbox.invalid/userinfo")!
        var request = HTTPRequest(url: url)
        let context = RequestContext(hookPoint: .protectedRequest, client: ClientCredentials(id: clientID), token: Token(accessToken: token, tokenType: "Bearer"))
        guard (try? provider.hooks.run(&request, context: context)) != nil else { return [:] }
        return request.headers
    }
}

/// Why a provider cannot be emulated.
public struct SandboxEmulationError: Error, Sendable, CustomStringConvertible {
    /// The provider.
    public let provider: String
    /// What is missing.
    public let reason: String

    /// `cannot emulate NAME: REASON`.
    public var description: String { "cannot emulate \(provider): \(reason)" }
}
