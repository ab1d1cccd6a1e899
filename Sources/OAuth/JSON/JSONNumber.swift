import Foundation

/// A JSON number kept as the literal text it was written with, so that `3600`, `3600.0` and
/// `3.6e3` stay distinguishable.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written, for example `"3600"` or `"-1.5e3"`.
    public let literal: String

    /// Creates a number from text that is already a valid JSON number.
    init(literal: String) {
        self.literal = literal
    }

    /// Creates a number from its literal text, or `nil` when the text is not a JSON number.
    public init?(validating literal: String) {
        guard case .number(let number)? = try? JSONParser().parse(Data(literal.utf8)) else { return nil }
        self = number
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// Whether the literal is an integer: an optional minus and digits only (RFC 6749's
    /// `1*DIGIT`, with a sign).
    public var isInteger: Bool {
        var bytes = literal.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether the literal starts with a minus sign.
    public var isNegative: Bool { literal.utf8.first == UInt8(ascii: "-") }

    /// The value as an `Int` when the literal is an integer that fits.
    public var intValue: Int? { isInteger ? Int(literal) : nil }

    /// The value as a `Double` (infinite when out of range).
    public var doubleValue: Double { Double(literal) ?? .nan }

    public var description: String { literal }
}
