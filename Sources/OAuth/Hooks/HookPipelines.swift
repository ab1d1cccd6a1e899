/// A client's fixes compiled into one ordered pipeline per hook point, plus the settings they
/// declare. Built once, when the provider's fixes are set; running a pipeline is a loop over
/// closures.
///
/// Fixes run in the order they were given; at each hook point, a fix sees what the fixes
/// before it produced. When two fixes declare the same setting, the later one wins.
public struct HookPipelines: Sendable {
    /// The fixes, in order.
    public let fixes: [Fix]

    private let authorizationStages: [AuthorizationStage]
    private let callbackStages: [CallbackStage]
    /// The request and response pipelines, indexed by ``HookPoint/index``: a lookup per
    /// request or response costs an array access, not a hash.
    private let requestStages: [[RequestStage]]
    private let responseStages: [[ResponseStage]]
    private let settings: [ObjectIdentifier: DeclaredSetting]
    /// Where the token goes on protected requests (``TokenPlacementSetting``), looked up once:
    /// every protected request reads it.
    public let tokenPlacement: TokenPlacement

    // One concrete type per kind of stage, not one generic type: a closure kept in a generic
    // field is kept in its most general form, and each call would go through a thunk that
    // copies the context.
    private struct AuthorizationStage: Sendable {
        let fix: FixID
        let transform: @Sendable (inout AuthorizationRequest, RequestContext) throws -> Void
    }

    private struct CallbackStage: Sendable {
        let fix: FixID
        let transform: @Sendable (inout AuthorizationResponse, RequestContext) throws -> Void
    }

    private struct RequestStage: Sendable {
        let fix: FixID
        let transform: @Sendable (inout HTTPRequest, RequestContext) throws -> Void
    }

    private struct ResponseStage: Sendable {
        let fix: FixID
        let transform: @Sendable (inout TokenEndpointResponse) throws -> Void
    }

    /// A setting a fix declared, and which fix.
    private struct DeclaredSetting: Sendable {
        let value: FixStage.SettingValue
        let fix: FixID
    }

    /// Compiles fixes, keeping their order.
    public init(_ fixes: [Fix]) {
        self.fixes = fixes
        var authorization: [AuthorizationStage] = []
        var callbacks: [CallbackStage] = []
        var requests = [[RequestStage]](repeating: [], count: HookPoint.all.count)
        var responses = [[ResponseStage]](repeating: [], count: HookPoint.all.count)
        var settings: [ObjectIdentifier: DeclaredSetting] = [:]
        for fix in fixes {
            for stage in fix.stages {
                switch stage.action {
                case .authorizationRequest(let transform):
                    authorization.append(AuthorizationStage(fix: fix.id, transform: transform))
                case .authorizationResponse(let transform):
                    callbacks.append(CallbackStage(fix: fix.id, transform: transform))
                case .request(let transform):
                    for point in stage.hookPoints { requests[point.index].append(RequestStage(fix: fix.id, transform: transform)) }
                case .response(let transform):
                    for point in stage.hookPoints { responses[point.index].append(ResponseStage(fix: fix.id, transform: transform)) }
                case .setting(let value):
                    settings[value.key] = DeclaredSetting(value: value, fix: fix.id)
                }
            }
        }
        self.authorizationStages = authorization
        self.callbackStages = callbacks
        self.requestStages = requests
        self.responseStages = responses
        self.settings = settings
        self.tokenPlacement = settings[ObjectIdentifier(TokenPlacementSetting.self)]?.value.value as? TokenPlacement ?? TokenPlacementSetting.defaultValue
    }

    /// Whether any fix has a stage at this request hook point.
    public func hasRequestStages(at hookPoint: HookPoint) -> Bool {
        !requestStages[hookPoint.index].isEmpty
    }

    /// A setting's value: the one the last fix declaring it gave, or the default.
    public subscript<Setting: ProviderSetting>(_ key: Setting.Type) -> Setting.Value {
        settings[ObjectIdentifier(key)]?.value.value as? Setting.Value ?? Setting.defaultValue
    }

    /// The fix that declared a setting, or `nil` when it has its default.
    public func source<Setting: ProviderSetting>(of key: Setting.Type) -> FixID? {
        settings[ObjectIdentifier(key)]?.fix
    }

    /// Every setting a fix declared: its name, its value as text, and the fix.
    public var declaredSettings: [(name: String, value: String, fix: FixID)] {
        settings.values.map { ($0.value.name, $0.value.text, $0.fix) }.sorted { $0.name < $1.name }
    }

    /// Runs the authorization-request pipeline.
    ///
    /// - Parameter context: the client and its values; by default, the client named by the
    ///   request's `client_id` and its `state`.
    public func run(_ request: inout AuthorizationRequest, context: RequestContext? = nil, trace: FixTrace? = nil) throws {
        let context = context ?? RequestContext(
            hookPoint: .authorizationRequest, client: ClientCredentials(id: request.parameters["client_id"] ?? ""), state: request.parameters["state"]
        )
        for stage in authorizationStages {
            let before = trace == nil ? nil : request
            try Self.invoke(stage.fix, at: .authorizationRequest) { try stage.transform(&request, context) }
            if let before { before != request ? trace?.record(stage.fix, at: .authorizationRequest) : trace?.recordIdle(stage.fix, at: .authorizationRequest) }
        }
    }

    /// Runs the authorization-response pipeline.
    public func run(_ response: inout AuthorizationResponse, context: RequestContext, trace: FixTrace? = nil) throws {
        for stage in callbackStages {
            let before = trace == nil ? nil : response
            try Self.invoke(stage.fix, at: .authorizationResponse) { try stage.transform(&response, context) }
            if let before { before != response ? trace?.record(stage.fix, at: .authorizationResponse) : trace?.recordIdle(stage.fix, at: .authorizationResponse) }
        }
    }

    /// Runs the pipeline of the request hook point the context names.
    public func run(_ request: inout HTTPRequest, context: RequestContext, trace: FixTrace? = nil) throws {
        let stages = requestStages[context.hookPoint.index]
        guard let trace else {
            // Without an observer nothing is kept for comparison: a plain loop, as for responses.
            for index in stages.indices {
                do {
                    try stages[index].transform(&request, context)
                } catch {
                    throw Self.fixError(error, fix: stages[index].fix, at: context.hookPoint)
                }
            }
            return
        }
        for stage in stages {
            let before = request
            try Self.invoke(stage.fix, at: context.hookPoint) { try stage.transform(&request, context) }
            before != request ? trace.record(stage.fix, at: context.hookPoint) : trace.recordIdle(stage.fix, at: context.hookPoint)
        }
    }

    /// Runs the pipeline of a response hook point.
    public func run(_ response: inout TokenEndpointResponse, at hookPoint: HookPoint, trace: FixTrace? = nil) throws {
        guard let trace else {
            // Without an observer nothing is kept for comparison: a plain loop that touches a
            // stage's fix only when it throws.
            let stages = responseStages[hookPoint.index]
            for index in stages.indices {
                do {
                    try stages[index].transform(&response)
                } catch {
                    throw Self.fixError(error, fix: stages[index].fix, at: hookPoint)
                }
            }
            return
        }
        for stage in responseStages[hookPoint.index] {
            let before = response
            try Self.invoke(stage.fix, at: hookPoint) { try stage.transform(&response) }
            !before.isEquivalent(to: response) ? trace.record(stage.fix, at: hookPoint) : trace.recordIdle(stage.fix, at: hookPoint)
        }
    }

    /// Records in `trace` that the fix behind a setting was used, when a fix set it.
    func recordSetting<Setting: ProviderSetting>(_ key: Setting.Type, at hookPoint: HookPoint, in trace: FixTrace?) {
        if let trace, let fix = source(of: key) { trace.record(fix, at: hookPoint) }
    }

    /// An error a fix threw, as a ``FixError`` naming the fix unless it is one already.
    private static func fixError(_ error: any Error, fix: FixID, at hookPoint: HookPoint) -> any Error {
        error as? FixError ?? FixError(fix: fix, hookPoint: hookPoint, underlying: error)
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
