import Foundation

/// A JSON number kept as the literal text it was written with, so that `3600`, `3600.0` and
/// `3.6e3` stay distinguishable.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as written, for example `"3600"` or `"-1.5e3"`.
    public let literal: String

    /// Creates a number from text that is already a valid JSON number.
    init(literal: String) {
        assert(Self.isValidLiteral(literal.utf8), "not a JSON number: \(literal)")
        self.literal = literal
    }

    /// Creates a whole number from a string of ASCII digits, dropping the leading zeros JSON
    /// does not allow (RFC 8259 §6): `"007"` becomes `7`, `"000"` becomes `0`. `nil` when the
    /// text is empty or holds anything but digits.
    public init?(digits: String) {
        guard !digits.isEmpty, digits.utf8.allSatisfy(\.isDigit) else { return nil }
        let significant = digits.utf8.drop { $0 == UInt8(ascii: "0") }
        self.literal = significant.isEmpty ? "0" : String(Substring(significant))
    }

    /// Whether bytes are a number as RFC 8259 §6 writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
    /// ([eE] [+-]? [0-9]+)?`. No leading `+`, no leading zeros, no `Infinity` or `NaN`.
    static func isValidLiteral<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index < bytes.endIndex, bytes[index].isDigit { index = bytes.index(after: index); count += 1 }
            return count
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
        guard index < bytes.endIndex, bytes[index].isDigit else { return false }
        if bytes[index] == UInt8(ascii: "0") { index = bytes.index(after: index) } else { _ = digits() }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            guard digits() > 0 else { return false }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
            guard digits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }

    /// Creates a number from its literal text, or `nil` when the text is not a JSON number
    /// (white space around it included).
    public init?(validating literal: String) {
        guard Self.isValidLiteral(literal.utf8) else { return nil }
        self.literal = literal
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
