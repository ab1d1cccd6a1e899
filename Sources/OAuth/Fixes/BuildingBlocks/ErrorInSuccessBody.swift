extension Fix {
    /// Treats a 2xx response whose body carries an `error` member, as GitHub sends, as the
    /// 400 error response RFC 6749 §5.2 describes.
    public static func errorInSuccessBody(id: FixID, summary: String? = nil) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Reads an error body sent with HTTP 200 as the 400 error response RFC 6749 §5.2 describes.",
            stages: [.tokenResponse { response in
                guard (200...299).contains(response.status), case .string? = response.jsonObject()?["error"] else { return }
                response.status = 400
            }],
            recipe: FixRecipe(kind: "error-in-success-body")
        )
    }
}

extension FixKind {
    /// ``Fix/errorInSuccessBody(id:summary:)``.
    public static let errorInSuccessBody = FixKind(
        name: "error-in-success-body",
        summary: "Reads an error body sent with HTTP 200 as an error response."
    ) { id, summary, _ throws(FixDefinitionError) in
        .errorInSuccessBody(id: id, summary: summary)
    }
}
