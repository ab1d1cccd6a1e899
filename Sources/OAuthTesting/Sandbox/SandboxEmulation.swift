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
///   the provider's authorization-request fixes add (Google's `access_type=offline`).
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
        /// recorded refresh token when `refreshToken` is `nil`.
        public func render(accessToken fresh: String, refreshToken freshRefresh: String?) -> HTTPResponse {
            var body = String(decoding: response.body, as: UTF8.self)
            if let recorded = refreshToken {
                if let freshRefresh {
                    body = body.replacingOccurrences(of: recorded, with: freshRefresh)
                } else {
                    body = Self.removingRefreshToken(from: body, contentType: response.headers["Content-Type"])
                }
            }
            body = body.replacingOccurrences(of: accessToken, with: fresh)
            return HTTPResponse(status: response.status, headers: response.headers, body: Data(body.utf8))
        }

        private static func removingRefreshToken(from body: String, contentType: String?) -> String {
            if var object = try? JSONParser().parse(Data(body.utf8)).objectValue {
                _ = object.removeValue(forKey: "refresh_token")
                return JSONWriter.string(.object(object))
            }
            guard var form = try? FormParameters(decoding: Data(body.utf8)) else { return body }
            form = FormParameters(form.parameters.filter { $0.name != "refresh_token" })
            return form.encoded()
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
                      let access = token["access_token"]?.stringValue, response.body.range(of: Data(access.utf8)) != nil
                else { return nil }
                let refresh = token["refresh_token"]?.stringValue.flatMap { response.body.range(of: Data($0.utf8)) == nil ? nil : $0 }
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
    }

    /// Builds an emulation of a built-in provider from the recordings in its folder.
    public init(providerNamed name: String, registry: ProviderRegistry = .builtIn) throws {
        let provider = try registry.provider(named: name)
        try self.init(provider: provider, recordings: try BuiltInRecordings.recordings(for: provider.name))
    }

    /// The provider's name.
    public var name: String { provider.name }

    /// The token template for a request: one whose content type the request's `Accept` header
    /// names explicitly (GitHub answers JSON only when asked), else one whose refresh token
    /// presence is what the grant wants, else the first.
    func tokenTemplate(refresh: Bool, wantsRefreshToken: Bool, accept: String?) -> ResponseTemplate {
        let candidates = refresh && !refreshTemplates.isEmpty ? refreshTemplates : tokenTemplates
        let accepted = (accept ?? "").split(separator: ",").compactMap { MediaType.essence(of: String($0)) }.filter { !$0.contains("*") }
        let negotiated = candidates.filter { accepted.contains(MediaType.essence(of: $0.response.headers["Content-Type"]) ?? "") }
        let pool = negotiated.isEmpty ? candidates : negotiated
        return pool.first { ($0.refreshToken != nil) == wantsRefreshToken } ?? pool[0]
    }

    /// The recorded answer for an error the sandbox would give, if the provider's recordings
    /// show one: the same code, or for `invalid_grant` the provider's own answer to a bad code
    /// or refresh token (GitHub's `bad_verification_code`, Slack's `invalid_code`).
    public func recordedError(for code: String, at hookPoint: HookPoint) -> ErrorTemplate? {
        let candidates = (errorTemplates[hookPoint] ?? []) + (hookPoint == .accessTokenResponse ? [] : errorTemplates[.accessTokenResponse] ?? [])
        if let exact = candidates.first(where: { $0.code == code }) { return exact }
        return code == "invalid_grant" ? candidates.first : nil
    }

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
        let context = ProtectedRequestContext(token: Token(accessToken: token, tokenType: "Bearer"), clientID: clientID)
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

    public var description: String { "cannot emulate \(provider): \(reason)" }
}
