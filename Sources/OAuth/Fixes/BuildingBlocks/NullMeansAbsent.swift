/// Removes the listed members when their value is `null`, such as Mailchimp's
/// `"scope": null`: RFC 6749 §5.1 has them absent, not null.
public struct NullMeansAbsent: BuildingBlock {
    public static let kind = "null-means-absent"
    public static let purpose = "Treats the listed members as absent when they are null."
    public static let parameters: [BlockParameter<Self>] = [.value("members", \.members, "the member names", required: true)]
    public static let example = NullMeansAbsent(members: ["scope"])

    /// The member names.
    public var members: [String] = []

    /// Creates the block.
    public init(members: [String]) { self.members = members }
    public init() {}

    public var summary: String { "Treats null " + members.joined(separator: ", ") + " as absent." }

    public func stages() -> [FixStage] {
        let members = members
        return [.tokenResponse { response in
            response.editJSONObject { object in
                var removed = false
                for member in members where object[member] == JSONValue.null {
                    object[member] = nil
                    removed = true
                }
                return removed
            }
        }]
    }
}
