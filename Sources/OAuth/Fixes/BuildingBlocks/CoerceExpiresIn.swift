/// Turns an `expires_in` sent as a string of digits (PayPal's `"28800"`) into a number, and,
/// when `floorFractions` is set, a positive fraction (`3600.9`) into its whole seconds.
public struct CoerceExpiresIn: BuildingBlock {
    public static let kind = "coerce-expires-in"
    public static let purpose = "Reads an expires_in sent as a string of digits (or a fraction) as a number."
    public static let parameters: [BlockParameter<Self>] = [.value("floorFractions", \.floorFractions, "also floor a fractional expires_in")]
    public static let example = CoerceExpiresIn()

    /// Whether a fractional `expires_in` is floored too.
    public var floorFractions = false

    /// Creates the block.
    public init(floorFractions: Bool) { self.floorFractions = floorFractions }
    public init() {}

    public var summary: String {
        "Reads an expires_in sent as a string of digits" + (floorFractions ? " or as a fraction" : "") + " as a number of seconds."
    }

    public func stages() -> [FixStage] {
        let floorFractions = floorFractions
        return [.tokenResponse { response in
            response.editJSONObject { object in
                switch object["expires_in"] {
                case .string(let text)?:
                    guard let number = JSONNumber(digits: text) else { return false }
                    object["expires_in"] = .number(number)
                    return true
                case .number(let number)? where floorFractions && !number.isInteger && !number.isNegative && number.doubleValue.isFinite && number.doubleValue < Double(Int32.max):
                    object["expires_in"] = .number(JSONNumber(Int(number.doubleValue.rounded(.down))))
                    return true
                default:
                    return false
                }
            }
        }]
    }
}
