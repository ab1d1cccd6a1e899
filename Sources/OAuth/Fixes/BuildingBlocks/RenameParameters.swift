/// Renames standard parameters to the provider's names: in the authorization URL (WeChat's
/// `appid` for `client_id`, Untappd's `redirect_url`) and in the form body of requests to the
/// server's endpoints (TikTok's `client_key`).
public struct RenameParameters: BuildingBlock {
    public static let kind = "rename-parameters"
    public static let purpose = "Renames standard parameters in the authorization URL or request bodies."
    public static let parameters: [BlockParameter<Self>] = [
        .value("renames", \.renames, "each standard name mapped to the provider's", required: true),
        .hookPoints("on", \.hookPoints, allowed: [.authorizationRequest] + HookPoint.serverRequests, "where to rename"),
    ]
    public static let example = RenameParameters(["client_id": "appid"])

    /// Each standard name and the provider's.
    public var renames: NameValuePairs = [:]
    /// Where to rename.
    public var hookPoints: [HookPoint] = [.authorizationRequest]

    /// Creates the block for the authorization URL.
    public init(_ renames: NameValuePairs) { self.renames = renames }
    /// Creates the block.
    public init(_ renames: NameValuePairs, on hookPoints: [HookPoint]) {
        self.renames = renames
        self.hookPoints = hookPoints
    }
    public init() {}

    public var summary: String {
        "Renames " + renames.map { "\($0.name) to \($0.value)" }.joined(separator: ", ") + " in \(hookPoints.map(\.name).joined(separator: ", ")) requests."
    }

    public func stages() -> [FixStage] {
        let renames = renames
        var stages: [FixStage] = []
        if hookPoints.contains(.authorizationRequest) {
            stages.append(.authorizationRequest { request, _ in
                for rename in renames { request.parameters.rename(rename.name, to: rename.value) }
            })
        }
        stages.append(.requests(at: hookPoints) { request, _ in
            var body = try request.formParameters
            for rename in renames { body.rename(rename.name, to: rename.value) }
            request.setFormParameters(body)
        })
        return stages
    }
}
