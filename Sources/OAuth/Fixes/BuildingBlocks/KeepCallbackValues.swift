/// Keeps parameters of the authorization callback with the token, as extra members, for a
/// provider that sends there a value the client needs later: QuickBooks' `realmId` (the company
/// every API call names), Zoho's `location` and `accounts-server`.
public struct KeepCallbackValues: BuildingBlock {
    public static let kind = "keep-callback-values"
    public static let purpose = "Keeps parameters of the authorization callback with the token."
    public static let parameters: [BlockParameter<Self>] = [.value("names", \.names, "the callback parameters to keep", required: true)]
    public static let example = KeepCallbackValues(names: ["realmId"])

    /// The callback parameters to keep.
    public var names: [String] = []

    /// Creates the block.
    public init(names: [String]) { self.names = names }
    public init() {}

    public var summary: String { "Keeps " + names.joined(separator: ", ") + " from the authorization callback with the token." }

    public func validate() throws(FixDefinitionError) {
        let reserved: Set<String> = ["code", "state", "iss", "access_token", "token_type", "expires_in", "refresh_token", "scope"]
        if let name = names.first(where: reserved.contains) {
            throw .invalidParameter(kind: Self.kind, name: "names", expected: "names other than the RFC's own", found: "\"\(name)\"")
        }
    }

    public func stages() -> [FixStage] {
        let names = names
        return [.authorizationResponse { response, _ in
            for name in names {
                if let value = response.parameters[name] { response.kept[name] = .string(value) }
            }
        }]
    }
}
