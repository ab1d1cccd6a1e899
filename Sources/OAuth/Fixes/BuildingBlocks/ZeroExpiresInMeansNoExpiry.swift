/// Drops an `expires_in` of `0` for providers, such as Mailchimp, whose tokens never expire and
/// who say so with a zero: the token gets no expiry instead of expiring at once.
public struct ZeroExpiresInMeansNoExpiry: BuildingBlock {
    public static let kind = "zero-expires-in-means-no-expiry"
    public static let purpose = "Reads expires_in 0 as \"never expires\"."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = ZeroExpiresInMeansNoExpiry()

    public init() {}

    public var summary: String { "Reads expires_in 0 as \"never expires\" and drops it." }

    public func stages() -> [FixStage] {
        [.tokenResponse { response in
            response.editJSONObject { object in
                guard case .number(let number)? = object["expires_in"], number.intValue == 0 else { return false }
                object["expires_in"] = nil
                return true
            }
        }]
    }
}
