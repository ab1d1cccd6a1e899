/// A client's fixes compiled into one ordered pipeline per hook point, plus the settings they
/// declare. Built once; running a pipeline is a loop over closures.
///
/// Fixes run in the order they were given; at each hook point, a fix sees what the fixes
/// before it produced. When two fixes declare the same setting, the later one wins.
public struct HookPipelines: Sendable {
    /// The fixes, in order.
    public let fixes: [Fix]
    /// How the client authenticates at the token endpoint: ``ClientAuthentication/basic``
    /// unless a fix says otherwise.
    public let clientAuthentication: ClientAuthentication
    /// Where the token goes on protected requests: ``TokenPlacement/bearerHeader`` unless a fix
    /// says otherwise.
    public let tokenPlacement: TokenPlacement
    /// The separator between scopes in requests: a space unless a fix says otherwise.
    public let scopeSeparator: String
    /// OAuth 1.0a: the callback rules the provider follows: ``OAuth1CallbackRules/rfc5849``
    /// unless a fix says otherwise.
    public let oauth1CallbackRules: OAuth1CallbackRules
    /// The fix behind each setting that is not the default.
    public let settingSources: [HookSetting: FixID]

    private let authorizationStages: [Stage<@Sendable (inout AuthorizationRequest) throws -> Void>]
    private let tokenRequestStages: [Stage<@Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void>]
    private let tokenResponseStages: [Stage<@Sendable (inout TokenEndpointResponse) throws -> Void>]
    private let protectedStages: [Stage<@Sendable (inout HTTPRequest, ProtectedRequestContext) throws -> Void>]

    private struct Stage<Transform: Sendable>: Sendable {
        let fix: FixID
        let hookPoints: [HookPoint]
        let transform: Transform
    }

    /// Compiles fixes, keeping their order.
    public init(_ fixes: [Fix]) {
        self.fixes = fixes
        var authentication = ClientAuthentication.basic
        var placement = TokenPlacement.bearerHeader
        var separator = " "
        var callbackRules = OAuth1CallbackRules.rfc5849
        var sources: [HookSetting: FixID] = [:]
        var authorization: [Stage<@Sendable (inout AuthorizationRequest) throws -> Void>] = []
        var tokenRequests: [Stage<@Sendable (inout HTTPRequest, TokenRequestContext) throws -> Void>] = []
        var tokenResponses: [Stage<@Sendable (inout TokenEndpointResponse) throws -> Void>] = []
        var protected: [Stage<@Sendable (inout HTTPRequest, ProtectedRequestContext) throws -> Void>] = []
        for fix in fixes {
            for stage in fix.stages {
                switch stage.action {
                case .authorizationRequest(let transform):
                    authorization.append(Stage(fix: fix.id, hookPoints: stage.hookPoints, transform: transform))
                case .tokenRequest(let transform):
                    tokenRequests.append(Stage(fix: fix.id, hookPoints: stage.hookPoints, transform: transform))
                case .tokenResponse(let transform):
                    tokenResponses.append(Stage(fix: fix.id, hookPoints: stage.hookPoints, transform: transform))
                case .protectedRequest(let transform):
                    protected.append(Stage(fix: fix.id, hookPoints: stage.hookPoints, transform: transform))
                case .clientAuthentication(let method):
                    authentication = method
                    sources[.clientAuthentication] = fix.id
                case .tokenPlacement(let value):
                    placement = value
                    sources[.tokenPlacement] = fix.id
                case .scopeSeparator(let value):
                    separator = value
                    sources[.scopeSeparator] = fix.id
                case .oauth1CallbackRules(let rules):
                    callbackRules = rules
                    sources[.oauth1CallbackRules] = fix.id
                }
            }
        }
        self.clientAuthentication = authentication
        self.tokenPlacement = placement
        self.scopeSeparator = separator
        self.oauth1CallbackRules = callbackRules
        self.settingSources = sources
        self.authorizationStages = authorization
        self.tokenRequestStages = tokenRequests
        self.tokenResponseStages = tokenResponses
        self.protectedStages = protected
    }

    /// Runs the authorization-request pipeline.
    public func run(_ request: inout AuthorizationRequest, trace: FixTrace? = nil) throws {
        for stage in authorizationStages {
            let before = trace == nil ? nil : request
            try Self.invoke(stage.fix, at: .authorizationRequest) { try stage.transform(&request) }
            if let before, before != request { trace?.record(stage.fix, at: .authorizationRequest) }
        }
    }

    /// Runs the access-token or refresh request pipeline.
    ///
    /// - Parameter hookPoint: ``HookPoint/accessTokenRequest`` or ``HookPoint/refreshRequest``.
    public func run(_ request: inout HTTPRequest, at hookPoint: HookPoint, context: TokenRequestContext, trace: FixTrace? = nil) throws {
        for stage in tokenRequestStages where stage.hookPoints.contains(hookPoint) {
            let before = trace == nil ? nil : request
            try Self.invoke(stage.fix, at: hookPoint) { try stage.transform(&request, context) }
            if let before, before != request { trace?.record(stage.fix, at: hookPoint) }
        }
    }

    /// Runs the access-token or refresh response pipeline.
    ///
    /// - Parameter hookPoint: ``HookPoint/accessTokenResponse`` or ``HookPoint/refreshResponse``.
    public func run(_ response: inout TokenEndpointResponse, at hookPoint: HookPoint, trace: FixTrace? = nil) throws {
        for stage in tokenResponseStages where stage.hookPoints.contains(hookPoint) {
            let before = trace == nil ? nil : response
            try Self.invoke(stage.fix, at: hookPoint) { try stage.transform(&response) }
            if let before, !before.isEquivalent(to: response) { trace?.record(stage.fix, at: hookPoint) }
        }
    }

    /// Runs the protected-request pipeline.
    public func run(_ request: inout HTTPRequest, context: ProtectedRequestContext, trace: FixTrace? = nil) throws {
        for stage in protectedStages {
            let before = trace == nil ? nil : request
            try Self.invoke(stage.fix, at: .protectedRequest) { try stage.transform(&request, context) }
            if let before, before != request { trace?.record(stage.fix, at: .protectedRequest) }
        }
    }

    /// Records in `trace` that the fix behind a setting was used, when a fix set it.
    func recordSetting(_ setting: HookSetting, at hookPoint: HookPoint, in trace: FixTrace?) {
        if let fix = settingSources[setting] { trace?.record(fix, at: hookPoint) }
    }

    private static func invoke(_ fix: FixID, at hookPoint: HookPoint, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as FixError {
            throw error
        } catch {
            throw FixError(fix: fix, hookPoint: hookPoint, underlying: error)
        }
    }
}

/// A setting a fix can declare instead of transforming requests.
public enum HookSetting: String, Sendable, Hashable, CaseIterable {
    /// ``HookPipelines/clientAuthentication``.
    case clientAuthentication = "client authentication"
    /// ``HookPipelines/tokenPlacement``.
    case tokenPlacement = "token placement"
    /// ``HookPipelines/scopeSeparator``.
    case scopeSeparator = "scope separator"
    /// ``HookPipelines/oauth1CallbackRules``.
    case oauth1CallbackRules = "OAuth 1.0a callback rules"
}
