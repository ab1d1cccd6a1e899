extension Fix {
    /// Drops an `expires_in` of `0` for providers, such as Mailchimp, whose tokens never expire
    /// and who say so with a zero: the token gets no expiry instead of expiring at once.
    public static func zeroExpiresInMeansNoExpiry(id: FixID, summary: String? = nil) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Reads expires_in 0 as \"never expires\" and drops it.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    if case .number(let number)? = object["expires_in"], number.intValue == 0 { object["expires_in"] = nil }
                }
            }],
            recipe: FixRecipe(kind: "zero-expires-in-means-no-expiry")
        )
    }
}

extension FixKind {
    /// ``Fix/zeroExpiresInMeansNoExpiry(id:summary:)``.
    public static let zeroExpiresInMeansNoExpiry = FixKind(
        name: "zero-expires-in-means-no-expiry",
        summary: "Reads expires_in 0 as \"never expires\"."
    ) { id, summary, _ throws(FixDefinitionError) in
        .zeroExpiresInMeansNoExpiry(id: id, summary: summary)
    }
}
