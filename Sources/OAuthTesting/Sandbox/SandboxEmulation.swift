import Foundation
import OAuth
import OAuthProviders

/// Makes the ``SandboxAuthorizationServer`` answer the way a registered provider does, so that
/// a client can meet the provider's quirks offline.
///
/// Everything comes from the provider's definition and its recordings:
/// - **Token and refresh responses** are the provider's recorded responses with fresh token
///   values in the places the provider's fixes read them from (status, headers and the rest of
///   the body stay as recorded; ``ResponseTemplate``). A recording that brings a refresh token
///   makes the sandbox issue one; a refresh recording without one keeps the old refresh token
///   working, as Google does. The scope a recording announces is the scope granted.
/// - **Errors** for a bad or used code or refresh token (`invalid_grant`) are the provider's
///   recorded error responses.
/// - **Requests** must have the provider's shape (``SandboxRequestShape``): token requests as a
///   JSON body (Notion) or a `GET` with a query (VK) when its fixes send them so, parameters
///   under the provider's names (TikTok's `client_key`), and the parameters and headers its
///   fixes add. The sandbox reads them back into the standard form for its own logic.
/// - **Client authentication** must be the method the provider's fixes declare, and
///   ``client(id:secret:redirectURIs:)`` registers a client as that method implies (a public one
///   for `none`, Etsy).
/// - **The protected resource** (`/userinfo`) accepts the token only where the provider's fixes
///   place it, and requires the headers and query parameters the provider's protected-request
///   fixes add (Twitch's `Client-Id`, VK's `v`).
/// - **Refresh tokens** are issued only when the authorization request carried the parameters
///   the provider's authorization-request fixes add (Google's `access_type=offline`); grants
///   without an authorization request (password, device) then get none.
/// - **Content negotiation**: when the provider's fixes send an `Accept` header with token
///   requests and its recordings show answers of another media type too (GitHub's form-encoded
///   answer to a request without it), a recorded response of the media type asked for is
///   preferred. When every recorded answer is of the type asked for, nothing shows what the
///   provider answers without the header, so `Accept` is required as the fixes send it.
/// - **Values** the provider's clients are given (``Provider/placeholders``: `{user_agent}`,
///   `{openid}`, `{shop}`) have stand-ins (``values``); a client of the emulation is given them,
///   and requests must carry them exactly where the fixes put them.
/// - **Blocks with a server side** (``ServerCounterpart``: Smartsheet's hash of the secret, Azure
///   DevOps' assertion grant, Shopify's signed redirect) are read and made by their counterparts;
///   the request shapes are learned from the other fixes.
///
/// Every other rule is learned from the provider's fixes, by building probe requests with and
/// without them and comparing; nothing here names a provider. A recording whose token cannot be
/// found in its body (a JSON string, a form value, or the text of an XML or JSONP body) is not
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
    /// Whether the provider's fixes send `Accept` with token requests and its recordings answer
    /// in more than the media type asked for, so that the sandbox answers in the type asked for.
    public let negotiatesContentType: Bool
    /// Stand-ins for the values the provider's clients are given (``Provider/placeholders``),
    /// by placeholder name: `sandbox-user_agent` for `{user_agent}`.
    public let values: [String: String]
    /// The server sides of the provider's fixes whose blocks have one, in the order a server
    /// applies them: the reverse of the fixes'.
    public let counterparts: [Counterpart]
    /// The shape of each kind of request to the server's endpoints that is not the standard one.
    public let requestShapes: [HookPoint: SandboxRequestShape]
    /// The authorization request's shape: its renamed parameters (and, as required parameters,
    /// the ``offlineParameters``).
    public let authorizationShape: SandboxRequestShape

    /// A recorded error response and the OAuth error code it means.
    public struct ErrorTemplate: Sendable {
        /// The recording's name.
        public let name: String
        /// The recorded response.
        public let response: HTTPResponse
        /// The code the provider's fixes read from it.
        public let code: String
        /// The description the provider's fixes read from it, if any.
        public let description: String?
    }

    /// A fix's server side, and the hook points the fix acts on.
    public struct Counterpart: Sendable {
        /// The fix.
        public let fix: FixID
        /// The hook points the fix acts on.
        public let hookPoints: [HookPoint]
        /// What a server does about the fix.
        public let counterpart: any ServerCounterpart
    }

    /// Builds an emulation of a provider from its recordings.
    ///
    /// - Throws: ``SandboxEmulationError`` when no recording shows a token response.
    public init(provider: Provider, recordings: [Recording]) throws(SandboxEmulationError) {
        self.provider = provider
        func templates(at hookPoint: HookPoint) -> [ResponseTemplate] {
            let atHookPoint = recordings.filter { $0.hookPoint == hookPoint }
            return (atHookPoint.filter { !$0.compliant } + atHookPoint.filter(\.compliant)).compactMap { recording in
                guard case .response(let response, _) = recording.input, case .token(let token) = recording.expected else { return nil }
                var lifetime: Int?
                if case .number(let number)? = token["expires_in"] { lifetime = number.intValue }
                return ResponseTemplate(name: recording.name, response: response, token: token, lifetime: lifetime, provider: provider, hookPoint: hookPoint)
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
            guard case .response(let response, _) = recording.input, case .error(let code, let description) = recording.expected else { continue }
            errors[recording.hookPoint, default: []].append(ErrorTemplate(name: recording.name, response: response, code: code, description: description))
        }
        errorTemplates = errors
        values = Dictionary(uniqueKeysWithValues: provider.placeholders.map { ($0, "sandbox-" + $0) })
        counterparts = provider.fixes.reversed().compactMap { fix in
            (fix.block as? any ServerCounterpart).map { Counterpart(fix: fix.id, hookPoints: fix.hookPoints, counterpart: $0) }
        }
        let learned = Self.learnedFrom(provider)
        authorizationShape = Self.authorizationShape(of: learned, values: values)
        offlineParameters = authorizationShape.requiredParameters
        let accept = Self.acceptSent(by: learned, values: values)
        let acceptedTypes = (accept ?? "").split(separator: ",").compactMap { MediaType.essence(of: String($0)) }
        // Negotiate only when a recording shows the answer to a request that asks for another type.
        negotiatesContentType = accept != nil && self.tokenTemplates.contains { template in
            !acceptedTypes.contains { Self.mediaType($0, matches: MediaType.essence(of: template.response.headers["Content-Type"]) ?? "") }
        }
        requestShapes = Self.requestShapes(of: learned, values: values, acceptIsRequired: !negotiatesContentType)
    }

    /// Whether a media range of an `Accept` header (`application/json`, `application/*`,
    /// `application/vnd.vimeo.*+json`) takes a media type.
    static func mediaType(_ range: String, matches type: String) -> Bool {
        guard range.contains("*") else { return range == type }
        let parts = range.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        return type.hasPrefix(parts[0]) && type.hasSuffix(parts[parts.count - 1]) && type.count >= parts[0].count + parts[parts.count - 1].count
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
            let accepted = (accept ?? "").split(separator: ",").compactMap { MediaType.essence(of: String($0)) }.filter { $0 != "*/*" }
            let negotiated = candidates.filter { template in
                accepted.contains { Self.mediaType($0, matches: MediaType.essence(of: template.response.headers["Content-Type"]) ?? "") }
            }
            if !negotiated.isEmpty { pool = negotiated }
        }
        return pool.first { ($0.refreshToken != nil) == wantsRefreshToken } ?? pool[0]
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

    /// The shape requests at `hookPoint` must have: the provider's, or the standard one.
    public func requestShape(at hookPoint: HookPoint) -> SandboxRequestShape {
        requestShapes[hookPoint] ?? SandboxRequestShape(hookPoint: hookPoint)
    }

    /// A client registered the way the provider's client authentication implies: without its
    /// secret, a public client, when the provider declares `none`.
    public func client(id: String, secret: String?, redirectURIs: [String] = []) -> SandboxClient {
        SandboxClient(id: id, secret: provider.clientAuthentication == .none ? nil : secret, redirectURIs: redirectURIs)
    }

    /// The provider as a client of the sandbox at `base` sees it: every endpoint at the sandbox,
    /// `resourceOrigin` as its only resource origin, and, when the provider declares an issuer,
    /// the sandbox's (`base`, the issuer a sandbox at that address sends as `iss`), so that the
    /// client still checks the `iss` of each callback.
    ///
    /// ```swift
    /// let provider = emulation.clientProvider(base: "https://sandbox.test", resourceOrigin: "https://sandbox.test")
    /// let client = OAuthClient(provider: provider, credentials: credentials, transport: SandboxTransport(sandbox),
    ///                          endpointValues: emulation.values)
    /// ```
    public func clientProvider(base: String, resourceOrigin: String) -> Provider {
        var copy = provider
        copy.endpoints = Endpoints(
            authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"), revocation: Endpoint(base + "/revoke"),
            introspection: Endpoint(base + "/introspect"), deviceAuthorization: Endpoint(base + "/device_authorization"),
            resourceOrigins: [resourceOrigin]
        )
        if copy.issuer != nil { copy.issuer = base }
        return copy
    }

    /// The error a client must read from the sandbox's answer to a used or unknown code: the
    /// provider's recorded one as its fixes read it, or RFC 6749's `invalid_grant`.
    public var replayedCodeError: (code: String, description: String?) {
        recordedError(for: "invalid_grant", at: .accessTokenResponse).map { ($0.code, $0.description) } ?? ("invalid_grant", nil)
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
