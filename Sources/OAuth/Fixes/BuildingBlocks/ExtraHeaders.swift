/// Adds headers to requests at the given hook points, such as GitHub's
/// `Accept: application/json` on token requests or Twitch's `Client-Id` on API calls.
///
/// `{client_id}`, `{client_secret}`, `{state}` and `{name}` for any of the client's endpoint
/// values are filled in (Reddit wants the app's own `User-Agent`: `{"User-Agent": "{user_agent}"}`).
/// A header the request already has is left as it is.
public struct ExtraHeaders: BuildingBlock {
    public static let kind = "extra-headers"
    public static let purpose = "Adds headers to requests to the server's endpoints or to protected resources."
    public static let parameters: [BlockParameter<Self>] = [
        .value("headers", \.headers, "header names and values; {client_id}, {client_secret}, {state} and the client's endpoint values are filled in", required: true),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.requests, "the requests to add them to"),
    ]
    public static let example = ExtraHeaders(["Accept": "application/json"])

    /// The headers.
    public var headers: NameValuePairs = [:]
    /// The requests they go on.
    public var hookPoints = HookPoint.tokenRequests

    /// Creates the block.
    public init(_ headers: NameValuePairs, on hookPoints: [HookPoint]) {
        self.headers = headers
        self.hookPoints = hookPoints
    }
    /// Creates the block for token and refresh requests.
    public init(_ headers: NameValuePairs) { self.headers = headers }
    public init() {}

    public var summary: String {
        "Adds \(headers.pairs.map { "\($0.name): \($0.value)" }.joined(separator: ", ")) to \(hookPoints.map(\.name).joined(separator: ", ")) requests."
    }

    public func stages() -> [FixStage] {
        let templates = headers.map { (name: $0.name, value: ValueTemplate($0.value)) }
        return [.requests(at: hookPoints) { request, context in
            for header in templates where !request.headers.contains(header.name) {
                request.headers[header.name] = try header.value.filled(context)
            }
        }]
    }
}
