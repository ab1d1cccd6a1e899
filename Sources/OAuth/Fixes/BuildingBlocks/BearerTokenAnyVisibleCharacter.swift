/// Sends an access token that holds characters RFC 6750 §2.1's `b64token` leaves out in the
/// `Bearer` header all the same, as the provider issues and reads it: Salesforce's tokens hold
/// `!` (`00D…!AQ…`), Amazon's `|` (`Atza|…`), eBay's `^` and `#`, Pipedrive's `:`.
///
/// The strict core refuses such a token rather than send a header a server may read another
/// way; with this block any visible ASCII but the space goes. A token that is a `b64token`
/// goes as it would without the block, and the block is then not traced as acting.
public struct BearerTokenAnyVisibleCharacter: BuildingBlock {
    public static let kind = "bearer-token-any-visible-character"
    public static let purpose = "Sends a Bearer token that holds characters outside RFC 6750's b64token, as the provider issues it."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = BearerTokenAnyVisibleCharacter()

    public init() {}

    public var summary: String { Self.purpose }

    public func stages() -> [FixStage] { [.setting(TokenPlacementSetting.self, .bearerHeaderWithAnyVisibleCharacter)] }
}
