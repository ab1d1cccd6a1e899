/// Adds parameters: to the authorization URL (Google's `access_type=offline`), to the form body
/// of requests to the server's endpoints (Withings' `action=requesttoken`, Twitter's OAuth 1.0a
/// `x_auth_access_type` on the request-token call), or to the query of protected requests
/// (VK's `v`).
///
/// `{client_id}`, `{client_secret}`, `{state}` and `{name}` for any of the client's endpoint
/// values are filled in (Naver's code exchange repeats the authorization's `state`). A parameter
/// already present is left as it is. With `inQuery`, requests to the server's endpoints get the parameters in their query
/// rather than their form body (Twitter documents `x_auth_access_type` as a query parameter).
public struct ExtraParameters: BuildingBlock {
    public static let kind = "extra-parameters"
    public static let purpose = "Adds parameters to the authorization URL, request bodies or protected request queries."
    public static let parameters: [BlockParameter<Self>] = [
        .value("parameters", \.parameters, "names and values; {client_id}, {client_secret}, {state} and the client's endpoint values are filled in", required: true),
        .hookPoints("on", \.hookPoints, allowed: [.authorizationRequest] + HookPoint.requests, "where to add them"),
        .value("inQuery", \.inQuery, "put them in the query of requests to the server's endpoints instead of the form body"),
    ]
    public static let example = ExtraParameters(["access_type": "offline"])

    /// The parameters.
    public var parameters: NameValuePairs = [:]
    /// Where they go.
    public var hookPoints: [HookPoint] = [.authorizationRequest]
    /// Whether requests to the server's endpoints get them in the query.
    public var inQuery = false

    /// Creates the block.
    public init(_ parameters: NameValuePairs, on hookPoints: [HookPoint]) {
        self.parameters = parameters
        self.hookPoints = hookPoints
    }
    /// Creates the block for the authorization URL.
    public init(_ parameters: NameValuePairs) { self.parameters = parameters }
    public init() {}

    public var summary: String {
        "Adds \(parameters.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")) to \(hookPoints.map(\.name).joined(separator: ", ")) requests."
    }

    public func stages() -> [FixStage] {
        let templates = parameters.map { (name: $0.name, value: ValueTemplate($0.value)) }
        let inQuery = inQuery
        @Sendable func add(to list: inout FormParameters, _ context: RequestContext) throws {
            for parameter in templates where list[parameter.name] == nil {
                list.append(parameter.name, try parameter.value.filled(context))
            }
        }
        var stages: [FixStage] = []
        if hookPoints.contains(.authorizationRequest) {
            stages.append(.authorizationRequest { request, context in
                try add(to: &request.parameters, context)
            })
        }
        stages.append(.requests(at: hookPoints) { request, context in
            if inQuery || context.hookPoint == .protectedRequest {
                for parameter in templates {
                    try request.appendQueryParameter(parameter.name) { try parameter.value.filled(context) }
                }
            } else {
                var body = try request.formParameters
                try add(to: &body, context)
                request.setFormParameters(body)
            }
        })
        return stages
    }
}
