/// A header or parameter value in which `{client_id}` stands for the client's id, split once
/// so that filling it in costs a join.
struct ClientIDTemplate: Sendable {
    private let parts: [String]

    init(_ template: String) {
        parts = template.components(separatedBy: "{client_id}")
    }

    /// The value with the client's id in place; with no id known (`nil` or empty), the template
    /// as written.
    func filled(with clientID: String?) -> String {
        guard let clientID, !clientID.isEmpty else { return parts.joined(separator: "{client_id}") }
        return parts.joined(separator: clientID)
    }
}
