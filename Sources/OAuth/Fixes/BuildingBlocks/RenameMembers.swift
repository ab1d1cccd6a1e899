/// Renames response members to their RFC names, such as Facebook's legacy `expires` to
/// `expires_in`, or Google's device `verification_url` to `verification_uri`. A member is
/// renamed only when the new name is not already present.
public struct RenameMembers: BuildingBlock {
    public static let kind = "rename-members"
    public static let purpose = "Renames response members to their RFC names."
    public static let parameters: [BlockParameter<Self>] = [
        .value("renames", \.renames, "each provider name mapped to its RFC name", required: true),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]
    public static let example = RenameMembers(["expires": "expires_in"])

    /// Each provider name and its RFC name.
    public var renames: NameValuePairs = [:]
    /// The responses read.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block for token and refresh responses.
    public init(_ renames: NameValuePairs) { self.renames = renames }
    /// Creates the block.
    public init(_ renames: NameValuePairs, on hookPoints: [HookPoint]) {
        self.renames = renames
        self.hookPoints = hookPoints
    }
    public init() {}

    public var summary: String {
        "Renames " + renames.map { "\($0.name) to \($0.value)" }.joined(separator: ", ") + " in \(hookPoints.map(\.name).joined(separator: ", "))."
    }

    public func stages() -> [FixStage] {
        let renames = renames
        return [.responses(at: hookPoints) { response in
            response.editJSONObject { object in
                var renamed = false
                for rename in renames where object.contains(rename.name) && !object.contains(rename.value) {
                    object.renameMember(rename.name, to: rename.value)
                    renamed = true
                }
                return renamed
            }
        }]
    }
}
