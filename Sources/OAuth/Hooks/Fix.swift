/// A named tolerance for one provider's deviation from the standard: a stable id, a one-line
/// summary, and what it does at which hook points.
///
/// Fixes are mostly made from the core's building blocks (see ``BuildingBlock``):
///
/// ```swift
/// let fix = Fix(id: "acme.missing-token-type", DefaultTokenType())
/// ```
///
/// Write the stages by hand for what no block covers:
///
/// ```swift
/// let proof = Fix(id: "acme.signed-requests", summary: "Acme wants the token's hash in X-Proof.", stages: [
///     .requests(at: [.protectedRequest]) { request, context in
///         guard let token = context.token else { return }
///         request.headers["X-Proof"] = Base64URL.encode(OAuthDigest.sha256(token.accessToken.utf8))
///     },
/// ])
/// ```
public struct Fix: Sendable, Identifiable, CustomStringConvertible {
    /// The stable identifier, `<provider>.<quirk>`.
    public private(set) var id: FixID
    /// One line saying which deviation this fix tolerates and how.
    public let summary: String
    /// What the fix does, stage by stage, in order.
    public let stages: [FixStage]
    /// The building block the fix was made from, with its parameters; `nil` for a fix written
    /// as stages.
    public let block: (any BuildingBlock)?

    /// Creates a fix from stages.
    public init(id: FixID, summary: String, stages: [FixStage]) {
        self.id = id
        self.summary = summary
        self.stages = stages
        self.block = nil
    }

    /// Creates a fix from a building block; the summary defaults to the block's own.
    public init(id: FixID, summary: String? = nil, _ block: some BuildingBlock) {
        self.id = id
        self.summary = summary ?? block.summary
        self.stages = block.stages()
        self.block = block
    }

    /// The hook points the fix acts on, in flow order.
    public var hookPoints: [HookPoint] {
        Set(stages.flatMap(\.hookPoints)).sorted()
    }

    /// The same fix under another id, for reusing a fix in another provider.
    public func renamed(_ id: FixID) -> Fix {
        var copy = self
        copy.id = id
        return copy
    }

    /// `id: summary [hook points]`.
    public var description: String {
        "\(id): \(summary) [\(hookPoints.map(\.name).joined(separator: ", "))]"
    }
}

/// One thing a fix does at one or more hook points: a transform, or a ``ProviderSetting`` the
/// core uses when it builds requests.
public struct FixStage: Sendable {
    enum Action: Sendable {
        case authorizationRequest(@Sendable (inout AuthorizationRequest, RequestContext) throws -> Void)
        case request(@Sendable (inout HTTPRequest, RequestContext) throws -> Void)
        case authorizationResponse(@Sendable (inout AuthorizationResponse, RequestContext) throws -> Void)
        case response(@Sendable (inout TokenEndpointResponse) throws -> Void)
        case setting(SettingValue)
    }

    /// A setting's value, with its key's identity.
    struct SettingValue: Sendable {
        let key: ObjectIdentifier
        let name: String
        let value: any Sendable
        let text: String
    }

    /// The hook points this stage acts on.
    public let hookPoints: [HookPoint]
    let action: Action

    /// Edits the authorization request before it becomes a URL.
    public static func authorizationRequest(_ transform: @escaping @Sendable (inout AuthorizationRequest, RequestContext) throws -> Void) -> FixStage {
        FixStage(hookPoints: [.authorizationRequest], action: .authorizationRequest(transform))
    }

    /// Reads the authorization response at the callback: refuses it by throwing (a signature
    /// that does not verify), or keeps values with the token (``AuthorizationResponse/kept``).
    public static func authorizationResponse(
        _ transform: @escaping @Sendable (inout AuthorizationResponse, RequestContext) throws -> Void
    ) -> FixStage {
        FixStage(hookPoints: [.authorizationResponse], action: .authorizationResponse(transform))
    }

    /// Edits requests at the request hook points among `hookPoints` (any others are ignored):
    /// token, refresh, device, revocation, introspection or OAuth 1.0a request-token requests,
    /// and requests for protected resources.
    public static func requests(
        at hookPoints: [HookPoint], _ transform: @escaping @Sendable (inout HTTPRequest, RequestContext) throws -> Void
    ) -> FixStage {
        FixStage(hookPoints: hookPoints.filter { $0.subject == .request }, action: .request(transform))
    }

    /// Rewrites responses at the response hook points among `hookPoints` (any others are
    /// ignored) before they are read.
    public static func responses(at hookPoints: [HookPoint], _ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void) -> FixStage {
        FixStage(hookPoints: hookPoints.filter { $0.subject == .response }, action: .response(transform))
    }

    /// Rewrites token responses into RFC 6749 shape before the strict parser reads them.
    /// Refresh responses get the same treatment unless `includingRefresh` is `false`.
    public static func tokenResponse(
        includingRefresh: Bool = true, _ transform: @escaping @Sendable (inout TokenEndpointResponse) throws -> Void
    ) -> FixStage {
        responses(at: includingRefresh ? HookPoint.tokenResponses : [.accessTokenResponse], transform)
    }

    /// Declares a setting's value, such as the scope separator.
    public static func setting<Setting: ProviderSetting>(_ key: Setting.Type, _ value: Setting.Value) -> FixStage {
        FixStage(
            hookPoints: Setting.hookPoints,
            action: .setting(SettingValue(key: ObjectIdentifier(key), name: Setting.name, value: value, text: value.description))
        )
    }

    /// Whether the stage does nothing: a transform with no hook point to run at.
    var isEmpty: Bool { hookPoints.isEmpty }
}
