/// A named tolerance for one provider's deviation from the standard: a stable id, a one-line
/// summary, and what it does at which hook points.
///
/// The core's building blocks cover the recurring kinds (see ``Fix/formEncodedBody(id:contentTypes:)``
/// and its neighbours); write a fix by hand for what none covers:
///
/// ```swift
/// let proof = Fix(id: "acme.signed-requests", summary: "Acme wants the token's hash in X-Proof.", stages: [
///     .protectedRequest { request, context in
///         request.headers["X-Proof"] = Base64URL.encode(SHA256.hash(context.token.accessToken.utf8))
///     },
/// ])
/// ```
public struct Fix: Sendable, Identifiable, CustomStringConvertible {
    /// The stable identifier, `<provider>.<quirk>`.
    public let id: FixID
    /// One line saying which deviation this fix tolerates and how.
    public let summary: String
    /// What the fix does, stage by stage, in order.
    public let stages: [FixStage]
    /// How to write this fix in a provider JSON file; `nil` for a fix written in code.
    public let recipe: FixRecipe?

    /// Creates a fix from stages.
    public init(id: FixID, summary: String, stages: [FixStage]) {
        self.init(id: id, summary: summary, stages: stages, recipe: nil)
    }

    init(id: FixID, summary: String, stages: [FixStage], recipe: FixRecipe?) {
        self.id = id
        self.summary = summary
        self.stages = stages
        self.recipe = recipe
    }

    /// The hook points the fix acts on, in flow order.
    public var hookPoints: [HookPoint] {
        Set(stages.flatMap(\.hookPoints)).sorted()
    }

    /// The same fix under another id, for reusing a fix in another provider.
    public func renamed(_ id: FixID) -> Fix {
        Fix(id: id, summary: summary, stages: stages, recipe: recipe)
    }

    /// `id: summary [hook points]`.
    public var description: String {
        "\(id): \(summary) [\(hookPoints.map(\.name).joined(separator: ", "))]"
    }
}

/// One thing a fix does at one or more hook points: a transform, or a setting the core uses
/// when it builds requests (client authentication, token placement, scope separator, OAuth 1.0a
/// callback rules).
public struct FixStage: Sendable {
    enum Action: Sendable {
        case authorizationRequest(@Sendable (inout AuthorizationRequest) throws -> Void)
        case tokenRequest(@Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void)
        case tokenResponse(@Sendable (inout TokenEndpointResponse) throws -> Void)
        case protectedRequest(@Sendable (inout HTTPRequest, ProtectedRequestContext) throws -> Void)
        case clientAuthentication(ClientAuthentication)
        case tokenPlacement(TokenPlacement)
        case scopeSeparator(String)
        case oauth1CallbackRules(OAuth1CallbackRules)
    }

    /// The hook points this stage acts on.
    public let hookPoints: [HookPoint]
    let action: Action

    /// Edits the authorization request before it becomes a URL.
    public static func authorizationRequest(_ transform: @escaping @Sendable (inout AuthorizationRequest) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.authorizationRequest], action: .authorizationRequest(transform))
    }

    /// Edits code, password, client-credentials and device token requests.
    public static func accessTokenRequest(_ transform: @escaping @Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.accessTokenRequest], action: .tokenRequest(transform))
    }

    /// Edits the token requests at whichever of ``HookPoint/accessTokenRequest`` and
    /// ``HookPoint/refreshRequest`` are in `hookPoints`; `nil` when neither is.
    static func tokenRequests(
        at hookPoints: [HookPoint], _ transform: @escaping @Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void
    ) -> FixStage? {
        let points = HookPoint.tokenEndpointRequests.filter(hookPoints.contains)
        return points.isEmpty ? nil : FixStage(hookPoints: points, action: .tokenRequest(transform))
    }

    /// Rewrites the responses at whichever of the response hook points are in `hookPoints`;
    /// `nil` when none is.
    static func responses(at hookPoints: [HookPoint], _ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void) -> FixStage? {
        let points = HookPoint.responses.filter(hookPoints.contains)
        return points.isEmpty ? nil : FixStage(hookPoints: points, action: .tokenResponse(transform))
    }

    /// Rewrites device authorization responses (RFC 8628 §3.2) before they are parsed.
    public static func deviceAuthorizationResponse(_ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.deviceAuthorizationResponse], action: .tokenResponse(transform))
    }

    /// Edits refresh requests.
    public static func refreshRequest(_ transform: @escaping @Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.refreshRequest], action: .tokenRequest(transform))
    }

    /// Edits every request to the token endpoint: access-token and refresh requests.
    public static func tokenRequests(_ transform: @escaping @Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.accessTokenRequest, .refreshRequest], action: .tokenRequest(transform))
    }

    /// Rewrites token responses into RFC 6749 shape before the strict parser reads them.
    /// Refresh responses get the same treatment unless `includingRefresh` is `false`.
    public static func tokenResponse(
        includingRefresh: Bool = true, _ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void
    ) -> FixStage {
        FixStage(hookPoints: includingRefresh ? [.accessTokenResponse, .refreshResponse] : [.accessTokenResponse], action: .tokenResponse(transform))
    }

    /// Rewrites refresh responses only.
    public static func refreshResponse(_ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.refreshResponse], action: .tokenResponse(transform))
    }

    /// Edits a request for a protected resource after the token is attached.
    public static func protectedRequest(_ transform: @escaping @Sendable (inout HTTPRequest, ProtectedRequestContext) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.protectedRequest], action: .protectedRequest(transform))
    }

    /// Declares how the client authenticates at the token endpoint.
    public static func clientAuthentication(_ method: ClientAuthentication) -> FixStage {
        FixStage(hookPoints: [.accessTokenRequest, .refreshRequest], action: .clientAuthentication(method))
    }

    /// Declares where the token goes on protected requests.
    public static func tokenPlacement(_ placement: TokenPlacement) -> FixStage {
        FixStage(hookPoints: [.protectedRequest], action: .tokenPlacement(placement))
    }

    /// Declares which OAuth 1.0a callback rules the provider follows: RFC 5849's (the default)
    /// or OAuth Core 1.0's, without `oauth_callback_confirmed` and `oauth_verifier`.
    public static func oauth1CallbackRules(_ rules: OAuth1CallbackRules) -> FixStage {
        FixStage(
            hookPoints: [.requestTokenRequest, .requestTokenResponse, .authorizationRequest, .authorizationResponse, .accessTokenRequest],
            action: .oauth1CallbackRules(rules)
        )
    }

    /// Declares the separator between scopes in the authorization and token requests.
    public static func scopeSeparator(_ separator: String) -> FixStage {
        FixStage(hookPoints: [.authorizationRequest, .accessTokenRequest, .refreshRequest], action: .scopeSeparator(separator))
    }
}

/// How a fix built from a building block is written in a provider JSON file: the block's kind
/// and its parameters.
public struct FixRecipe: Sendable, Hashable {
    /// The building block's kind, such as `form-encoded-body`.
    public let kind: String
    /// The parameters the block was given.
    public let parameters: JSONObject

    /// Creates a recipe.
    public init(kind: String, parameters: JSONObject = [:]) {
        self.kind = kind
        self.parameters = parameters
    }
}
