extension Fix {
    /// Unwraps an envelope with a success flag, such as Slack's `"ok": true|false`: the flag is
    /// removed, and when it is `false` the response becomes the 400 error response RFC 6749 §5.2
    /// describes.
    public static func successFlag(id: FixID, summary: String? = nil, member: String = "ok") -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Reads the \"\(member)\" envelope: drops \(member): true, and treats \(member): false as an error response.",
            stages: [.tokenResponse { response in
                var failed = false
                response.modifyJSONObject { object in
                    guard case .bool(let ok)? = object[member] else { return }
                    object[member] = nil
                    failed = !ok
                }
                if failed, (200...299).contains(response.status) { response.status = 400 }
            }],
            recipe: FixRecipe(kind: "success-flag", parameters: ["member": .string(member)])
        )
    }
}

extension FixKind {
    /// ``Fix/successFlag(id:summary:member:)``.
    public static let successFlag = FixKind(
        name: "success-flag",
        summary: "Reads a success-flag envelope such as Slack's ok.",
        parameters: [.init("member", "the flag's name (default ok)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .successFlag(id: id, summary: summary, member: try parameters.string("member", default: "ok"))
    }
}
