/// Unwraps an envelope with a success flag, such as Slack's `"ok": true|false`: the flag is
/// removed, and when it is `false` the response becomes the 400 error response RFC 6749 §5.2
/// describes.
public struct SuccessFlag: BuildingBlock {
    public static let kind = "success-flag"
    public static let purpose = "Reads a success-flag envelope such as Slack's ok."
    public static let parameters: [BlockParameter<Self>] = [.value("member", \.member, "the flag's name")]
    public static let example = SuccessFlag()

    /// The flag's name.
    public var member = "ok"

    /// Creates the block.
    public init(member: String) { self.member = member }
    public init() {}

    public var summary: String { "Reads the \"\(member)\" envelope: drops \(member): true, and treats \(member): false as an error response." }

    public func stages() -> [FixStage] {
        let member = member
        return [.tokenResponse { response in
            var failed = false
            response.modifyJSONObject { object in
                guard case .bool(let ok)? = object[member] else { return }
                object[member] = nil
                failed = !ok
            }
            if failed, (200...299).contains(response.status) { response.status = 400 }
        }]
    }
}
