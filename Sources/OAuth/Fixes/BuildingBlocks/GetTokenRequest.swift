/// Sends token requests as `GET` with the parameters in the query instead of a `POST` form (QQ
/// and WeChat document this; for OAuth 1.0a, Tumblr's and Goodreads' token calls).
public struct GetTokenRequest: BuildingBlock {
    public static let kind = "get-token-request"
    public static let purpose = "Sends token requests as GET with the parameters in the query."
    public static let parameters: [BlockParameter<Self>] = [
        .hookPoints("on", \.hookPoints, allowed: HookPoint.serverRequests, "the requests to send as GET"),
    ]
    public static let example = GetTokenRequest()

    /// The requests sent as GET.
    public var hookPoints = HookPoint.tokenRequests

    /// Creates the block.
    public init(on hookPoints: [HookPoint]) { self.hookPoints = hookPoints }
    public init() {}

    public var summary: String { "Sends token requests as GET with the parameters in the query." }

    public func stages() -> [FixStage] {
        [.requests(at: hookPoints) { request, _ in
            var query = try request.queryParameters
            for parameter in try request.formParameters { query.append(parameter.name, parameter.value) }
            request.setQueryParameters(query)
            request.method = "GET"
            request.body = nil
            request.headers["Content-Type"] = nil
        }]
    }
}
