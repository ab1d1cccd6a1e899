/// Sends token requests as a JSON object instead of a form (Notion, Atlassian and Cronofy
/// document JSON bodies): the same parameters, as strings, with `Content-Type: application/json`.
public struct JSONTokenRequest: BuildingBlock {
    public static let kind = "json-token-request"
    public static let purpose = "Sends token requests as a JSON body."
    public static let parameters: [BlockParameter<Self>] = [
        .hookPoints("on", \.hookPoints, allowed: HookPoint.serverRequests.filter { $0 != .requestTokenRequest }, "the requests to send as JSON"),
    ]
    public static let example = JSONTokenRequest()

    /// The requests sent as JSON.
    public var hookPoints = HookPoint.tokenRequests

    /// Creates the block.
    public init(on hookPoints: [HookPoint]) { self.hookPoints = hookPoints }
    public init() {}

    public var summary: String { "Sends token requests as a JSON body instead of a form." }

    public func stages() -> [FixStage] {
        [.requests(at: hookPoints) { request, _ in
            let form = try request.formParameters
            var object = JSONObject()
            for parameter in form { object[parameter.name] = .string(parameter.value) }
            request.body = JSONWriter.data(.object(object))
            request.headers["Content-Type"] = MediaType.json
        }]
    }
}
