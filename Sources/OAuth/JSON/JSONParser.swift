import Foundation

/// A strict RFC 8259 JSON parser for token endpoint bodies.
///
/// It refuses what a lenient parser would guess at: bytes that are not UTF-8, duplicate member
/// names, nesting deeper than a limit, lone surrogates and trailing data. A leading UTF-8 byte
/// order mark is skipped, as RFC 8259 §8.1 allows.
///
/// ```swift
/// let value = try JSONParser().parse(Data(#"{"access_token":"2YotnFZFEjr1zCsicMWpAA"}"#.utf8))
/// ```
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    /// Creates a parser.
    public init(maximumDepth: Int = 32) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON value that fills the whole input.
    ///
    /// - Throws: ``JSONParseError`` saying what was expected, what came and where.
    public func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            var cursor = Cursor(bytes: raw.bindMemory(to: UInt8.self), maximumDepth: maximumDepth)
            do throws(JSONParseError) {
                return .success(try cursor.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// Why bytes are not the JSON the strict parser accepts.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The input ended where more was expected.
        case unexpectedEnd(expected: String)
        /// A byte that cannot start or continue what was expected.
        case unexpectedByte(expected: String, found: UInt8)
        /// A string holds bytes that are not UTF-8.
        case invalidUTF8
        /// A string holds a raw control character (U+0000 to U+001F).
        case controlCharacterInString
        /// A backslash escape that JSON does not define, or a lone UTF-16 surrogate.
        case invalidEscape
        /// An object names the same member twice.
        case duplicateKey(String)
        /// Arrays and objects nest deeper than the limit.
        case nestingTooDeep(limit: Int)
    }

    /// What went wrong.
    public let reason: Reason
    /// The byte offset where it went wrong.
    public let offset: Int

    public var description: String {
        switch reason {
        case .unexpectedEnd(let expected):
            "JSON: expected \(expected) at byte \(offset), got the end of the input"
        case .unexpectedByte(let expected, let found):
            "JSON: expected \(expected) at byte \(offset), got \(Self.describe(found))"
        case .invalidUTF8:
            "JSON: expected UTF-8 text in the string at byte \(offset), got invalid bytes"
        case .controlCharacterInString:
            "JSON: expected an escaped control character in the string at byte \(offset), got a raw one"
        case .invalidEscape:
            "JSON: expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, surrogates paired) at byte \(offset), got something else"
        case .duplicateKey(let key):
            "JSON: expected distinct member names, got \"\(key)\" twice (byte \(offset))"
        case .nestingTooDeep(let limit):
            "JSON: expected at most \(limit) levels of nesting, got more at byte \(offset)"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error(.unexpectedByte(expected: "the end of the input", found: bytes[index])) }
        return value
    }

    func error(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func peek(expecting expected: String) throws(JSONParseError) -> UInt8 {
        guard index < bytes.count else { throw error(.unexpectedEnd(expected: expected)) }
        return bytes[index]
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        let byte = try peek(expecting: "a value")
        switch byte {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(.unexpectedByte(expected: "a value", found: byte))
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = "\"\(literal)\""
        let start = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount {
            let byte = try peek(expecting: expected)
            guard byte == start[offset] else { throw error(.unexpectedByte(expected: expected, found: byte)) }
            index += 1
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw error(.nestingTooDeep(limit: maximumDepth)) }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if try peek(expecting: "a member name or '}'") == UInt8(ascii: "}") {
            index += 1
            return JSONObject(uniqueMembers: members)
        }
        var seen: Set<String>? = nil
        while true {
            skipWhitespace()
            let keyStart = index
            let byte = try peek(expecting: "a member name")
            guard byte == UInt8(ascii: "\"") else { throw error(.unexpectedByte(expected: "a member name", found: byte)) }
            let key = try parseString()
            if members.count >= 16, seen == nil { seen = Set(members.map(\.key)) }
            let duplicate = seen.map { $0.contains(key) } ?? members.contains { $0.key == key }
            if duplicate { throw JSONParseError(reason: .duplicateKey(key), offset: keyStart) }
            seen?.insert(key)
            skipWhitespace()
            let colon = try peek(expecting: "':'")
            guard colon == UInt8(ascii: ":") else { throw error(.unexpectedByte(expected: "':'", found: colon)) }
            index += 1
            skipWhitespace()
            members.append(JSONObject.Member(key: key, value: try parseValue()))
            skipWhitespace()
            let next = try peek(expecting: "',' or '}'")
            index += 1
            if next == UInt8(ascii: "}") { return JSONObject(uniqueMembers: members) }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw error(.unexpectedByte(expected: "',' or '}'", found: next))
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> [JSONValue] {
        try enterContainer()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek(expecting: "a value or ']'") == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            let next = try peek(expecting: "',' or ']'")
            index += 1
            if next == UInt8(ascii: "]") { return elements }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw error(.unexpectedByte(expected: "',' or ']'", found: next))
            }
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the string is the bytes between the quotes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                guard let string = String.validatingUTF8(slice) else {
                    throw JSONParseError(reason: .invalidUTF8, offset: start)
                }
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            index += 1
        }
        var decoded = Array(bytes[start..<index])
        while true {
            let byte = try peek(expecting: "'\"' to close the string")
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String.validatingUTF8(decoded) else {
                    throw JSONParseError(reason: .invalidUTF8, offset: start)
                }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape(into: &decoded)
            case 0x00..<0x20:
                throw error(.controlCharacterInString)
            default:
                decoded.append(byte)
                index += 1
            }
        }
    }

    mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        index += 1
        let byte = try peek(expecting: "an escape character")
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4())
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error(.invalidEscape)
                }
                index += 2
                let low = UInt32(try parseHex4())
                guard (0xDC00..<0xE000).contains(low) else { throw error(.invalidEscape) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw error(.invalidEscape)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error(.invalidEscape) }
            decoded.append(contentsOf: UTF8.encode(unicode)!)
        default:
            index -= 1
            throw error(.invalidEscape)
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = try peek(expecting: "a hexadecimal digit")
            guard let digit = byte.hexValue else { throw error(.invalidEscape) }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let first = try peek(expecting: "a digit")
        if first == UInt8(ascii: "0") {
            index += 1
        } else if first.isDigit {
            skipDigits()
        } else {
            throw error(.unexpectedByte(expected: "a digit", found: first))
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digit = try peek(expecting: "a digit after '.'")
            guard digit.isDigit else { throw error(.unexpectedByte(expected: "a digit after '.'", found: digit)) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digit = try peek(expecting: "a digit in the exponent")
            guard digit.isDigit else { throw error(.unexpectedByte(expected: "a digit in the exponent", found: digit)) }
            skipDigits()
        }
        return JSONNumber(literal: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    mutating func skipDigits() {
        while index < bytes.count, bytes[index].isDigit { index += 1 }
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
