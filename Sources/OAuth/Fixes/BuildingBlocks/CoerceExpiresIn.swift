extension Fix {
    /// Turns an `expires_in` sent as a string of digits (PayPal's `"28800"`) into a number, and,
    /// when `floorFractions` is set, a positive fraction (`3600.9`) into its whole seconds.
    public static func coerceExpiresIn(id: FixID, summary: String? = nil, floorFractions: Bool = false) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Reads an expires_in sent as a string of digits" + (floorFractions ? " or as a fraction" : "") + " as a number of seconds.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    switch object["expires_in"] {
                    case .string(let text)? where !text.isEmpty && text.utf8.allSatisfy(\.isDigit):
                        object["expires_in"] = .number(JSONNumber(literal: text))
                    case .number(let number)? where floorFractions && !number.isInteger && !number.isNegative && number.doubleValue.isFinite && number.doubleValue < Double(Int32.max):
                        object["expires_in"] = .number(JSONNumber(Int(number.doubleValue.rounded(.down))))
                    default:
                        break
                    }
                }
            }],
            recipe: FixRecipe(kind: "coerce-expires-in", parameters: ["floorFractions": .bool(floorFractions)])
        )
    }
}

extension FixKind {
    /// ``Fix/coerceExpiresIn(id:summary:floorFractions:)``.
    public static let coerceExpiresIn = FixKind(
        name: "coerce-expires-in",
        summary: "Reads an expires_in sent as a string of digits (or a fraction) as a number.",
        parameters: [.init("floorFractions", "also floor a fractional expires_in (default false)")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .coerceExpiresIn(id: id, summary: summary, floorFractions: try parameters.bool("floorFractions", default: false))
    }
}
