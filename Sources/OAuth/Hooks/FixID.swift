/// The stable identifier of a fix: the provider name, a dot, and the quirk in kebab case, as in
/// `facebook.form-encoded-token-body`.
public struct FixID: Sendable, Hashable, Comparable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The identifier.
    public let rawValue: String

    /// Creates an identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The part before the first dot: the provider the fix belongs to.
    public var provider: Substring { rawValue.prefix { $0 != "." } }

    public static func < (lhs: FixID, rhs: FixID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
