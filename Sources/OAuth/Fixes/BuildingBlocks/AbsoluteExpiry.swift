import Foundation

/// Turns an absolute expiry, such as Medium's `expires_at` (milliseconds since 1970), into the
/// `expires_in` lifetime RFC 6749 §5.1 defines, counted from when the response arrived by the
/// client's clock (``TokenEndpointResponse/receivedAt``), so that the token's expiry is the
/// moment the provider named and a replayed recording always gives the same lifetime.
///
/// The member is removed once read: the token's own expiry now carries it. A response that
/// already has `expires_in` is left alone, and so is a member that is not a number or a string
/// of digits. A moment in the past gives `0` (expired); one further away than the strict
/// parser keeps is clamped to ``TokenResponseParser/maximumExpiresIn``'s default.
///
/// ```swift
/// let fix = Fix(id: "medium.absolute-expiry", AbsoluteExpiry(member: "expires_at", unit: .milliseconds))
/// ```
public struct AbsoluteExpiry: BuildingBlock {
    public static let kind = "absolute-expiry"
    public static let purpose = "Reads an absolute expiry time (seconds or milliseconds since 1970) as expires_in."
    public static let parameters: [BlockParameter<Self>] = [
        .value("member", \.member, "the member holding the expiry time"),
        .value("unit", \.unit, "\"seconds\" or \"milliseconds\" since 1970-01-01T00:00:00Z"),
    ]
    public static let example = AbsoluteExpiry(unit: Unit.milliseconds)

    /// Each unit an expiry time may be counted in, and how many make a second.
    static let units: [String: Double] = [Unit.seconds: 1, Unit.milliseconds: 1000]

    /// The names of the units, as written in provider JSON.
    public enum Unit {
        /// Seconds since 1970 (Unix time).
        public static let seconds = "seconds"
        /// Milliseconds since 1970.
        public static let milliseconds = "milliseconds"
    }

    /// The member holding the expiry time.
    public var member = "expires_at"
    /// What the time is counted in: ``Unit/seconds`` or ``Unit/milliseconds``.
    public var unit = Unit.seconds

    /// Creates the block.
    public init(member: String = "expires_at", unit: String = Unit.seconds) {
        self.member = member
        self.unit = unit
    }
    public init() {}

    public var summary: String { "Reads \(member) (\(unit) since 1970) as expires_in, counted from when the response arrived." }

    public func validate() throws(FixDefinitionError) {
        if member.isEmpty { throw .invalidParameter(kind: Self.kind, name: "member", expected: "a member name", found: "an empty string") }
        if Self.units[unit] == nil {
            throw .invalidParameter(kind: Self.kind, name: "unit", expected: "\"seconds\" or \"milliseconds\"", found: "\"\(unit)\"")
        }
    }

    public func stages() -> [FixStage] {
        let member = member, perSecond = Self.units[unit] ?? 1
        return [.tokenResponse { response in
            let receivedAt = response.receivedAt.timeIntervalSince1970
            response.modifyJSONObject { object in
                guard object["expires_in"] == nil || object["expires_in"] == .null,
                      let value = object[member], let moment = Self.number(value)
                else { return }
                object[member] = nil
                object["expires_in"] = .number(JSONNumber(Self.lifetime(until: moment / perSecond, from: receivedAt)))
            }
        }]
    }

    /// The number a member holds: a JSON number, or a string of digits (an expiry sent quoted).
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number):
            let double = number.doubleValue
            return double.isNaN ? nil : double
        case .string(let text) where !text.isEmpty && text.utf8.count <= 20 && text.utf8.allSatisfy(\.isDigit):
            return Double(text)
        default:
            return nil
        }
    }

    /// Whole seconds from `now` to `moment` (both seconds since 1970), at least 0 and at most
    /// what the strict parser keeps; computed in `Double` so that no value can trap.
    static func lifetime(until moment: Double, from now: Double) -> Int {
        let seconds = (moment - now).rounded(.down)
        let maximum = Double(TokenResponseParser().maximumExpiresIn)
        if !(seconds > 0) { return 0 }
        if seconds >= maximum { return Int(maximum) }
        return Int(seconds)
    }
}
