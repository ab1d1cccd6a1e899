/// Treats a 2xx response whose body carries an `error` member, as GitHub sends, as the 400
/// error response RFC 6749 §5.2 describes.
public struct ErrorInSuccessBody: BuildingBlock {
    public static let kind = "error-in-success-body"
    public static let purpose = "Reads an error body sent with HTTP 200 as an error response."
    public static let parameters: [BlockParameter<Self>] = [
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]
    public static let example = ErrorInSuccessBody()

    /// The responses it reads.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block.
    public init(on hookPoints: [HookPoint]) { self.hookPoints = hookPoints }
    public init() {}

    public var summary: String { "Reads an error body sent with HTTP 200 as the 400 error response RFC 6749 §5.2 describes." }

    public func stages() -> [FixStage] {
        [.responses(at: hookPoints) { response in
            guard (200...299).contains(response.status), case .string? = response.jsonObject()?["error"] else { return }
            response.status = 400
        }]
    }
}
