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
    /// The deepest nesting of arrays and objects accepted; values above ``depthCeiling`` act
    /// as ``depthCeiling``.
    public var maximumDepth: Int

    /// The deepest nesting any parser accepts, however ``maximumDepth`` is set.
    ///
    /// The parser itself keeps open containers on an explicit stack, so any depth is safe while
    /// parsing. The values it returns are not: releasing, comparing, hashing, writing and
    /// redacting a ``JSONValue`` recurse once per level, and a secondary thread on Apple
    /// platforms has 512 KiB of stack. 256 levels keep all of those far inside it; token
    /// responses nest two or three.
    public static let depthCeiling = 256

    /// The limit in force: ``maximumDepth`` held between 0 and ``depthCeiling``.
    public var effectiveMaximumDepth: Int { min(max(maximumDepth, 0), Self.depthCeiling) }

    /// Creates a parser.
    public init(maximumDepth: Int = 32) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON value that fills the whole input.
    ///
    /// - Throws: ``JSONParseError`` saying what was expected, what came and where.
    public func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { raw in
            var cursor = Cursor(bytes: raw.bindMemory(to: UInt8.self), maximumDepth: effectiveMaximumDepth)
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
    /// Values read, for ``ParseWork``.
    var values = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// An array or object still open, with what has been read of it so far.
    struct OpenContainer {
        var isObject: Bool
        var elements: [JSONValue] = []
        var object = JSONObject()
        /// The member name whose value is being read, in an object.
        var key = ""
    }

    /// Reads the document without recursion: the innermost open array or object is `current`,
    /// the ones around it wait on an explicit stack, so no nesting limit can exhaust the
    /// thread's stack (and a flat document allocates no stack at all).
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        defer { ParseWork.add(index + values) }
        var outer: [OpenContainer] = []
        var current: OpenContainer?
        var depth = 0
        while true {
            // Read a value, or open a container and go on to read its first value.
            skipWhitespace()
            let byte = try peek(expecting: "a value")
            values += 1
            var value: JSONValue
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                guard depth < maximumDepth else { throw error(.nestingTooDeep(limit: maximumDepth)) }
                index += 1
                skipWhitespace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if try peek(expecting: isObject ? "a member name or '}'" : "a value or ']'") == close {
                    index += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else {
                    if let open = current { outer.append(open) }
                    depth += 1
                    current = OpenContainer(isObject: isObject)
                    // Token objects hold a handful of members: room for them up front.
                    if isObject { current!.object.reserveCapacity(8) }
                    if isObject { try readMemberName(into: &current!) }
                    continue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); value = .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); value = .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
            default: throw error(.unexpectedByte(expected: "a value", found: byte))
            }
            // Hand the finished value to the container it belongs to, closing containers as
            // they end.
            while true {
                guard current != nil else {
                    skipWhitespace()
                    if index < bytes.count { throw error(.unexpectedByte(expected: "the end of the input", found: bytes[index])) }
                    return value
                }
                let isObject = current!.isObject
                if isObject {
                    // readMemberName has refused a repeated name already.
                    current!.object.appendNew(current!.key, value)
                } else {
                    current!.elements.append(value)
                }
                skipWhitespace()
                let expected = isObject ? "',' or '}'" : "',' or ']'"
                let next = try peek(expecting: expected)
                if next == UInt8(ascii: ",") {
                    index += 1
                    if isObject { try readMemberName(into: &current!) }
                    break
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw error(.unexpectedByte(expected: expected, found: next))
                }
                index += 1
                let closed = current!
                current = outer.popLast()
                value = isObject ? .object(closed.object) : .array(closed.elements)
                depth -= 1
            }
        }
    }

    /// Reads `"name" :` inside an object, refusing a name the object already has (compared by
    /// bytes, RFC 8259 §8.3).
    mutating func readMemberName(into container: inout OpenContainer) throws(JSONParseError) {
        skipWhitespace()
        let keyStart = index
        let byte = try peek(expecting: "a member name")
        guard byte == UInt8(ascii: "\"") else { throw error(.unexpectedByte(expected: "a member name", found: byte)) }
        let key = try parseString()
        if container.object.contains(key) { throw JSONParseError(reason: .duplicateKey(key), offset: keyStart) }
        skipWhitespace()
        let colon = try peek(expecting: "':'")
        guard colon == UInt8(ascii: ":") else { throw error(.unexpectedByte(expected: "':'", found: colon)) }
        index += 1
        container.key = key
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

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        // The expectation is put into words only when the literal is not there.
        let start = literal.utf8Start
        for offset in 0..<literal.utf8CodeUnitCount {
            guard index < bytes.count else { throw error(.unexpectedEnd(expected: "\"\(literal)\"")) }
            let byte = bytes[index]
            guard byte == start[offset] else { throw error(.unexpectedByte(expected: "\"\(literal)\"", found: byte)) }
            index += 1
        }
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the string is the bytes between the quotes. Runs of plain
        // ASCII (no quote, backslash, control character or byte above 0x7F) are skipped a word
        // at a time; the bytes are checked for UTF-8 only when one above 0x7F came.
        var ascii = true
        if let base = bytes.baseAddress {
            let count = bytes.count
            while true {
                while index &+ 8 <= count, !Self.endsPlainRun(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index &+= 8
                }
                guard index < count else { break }
                let byte = base[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(start: base + start, count: index - start)
                    guard ascii || UTF8Validation.isValid(slice) else {
                        throw JSONParseError(reason: .invalidUTF8, offset: start)
                    }
                    index += 1
                    return String(decoding: slice, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error(.controlCharacterInString) }
                if byte >= 0x80 { ascii = false }
                index &+= 1
            }
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

    /// Whether a word of eight input bytes holds a quote, a backslash, a control character or a
    /// byte above 0x7F: one that ends a run of plain string bytes. Exact as to whether there is
    /// one, not as to where.
    @inline(__always)
    static func endsPlainRun(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // With every byte below 0x80 (otherwise `word` itself has a high bit set), subtracting
        // from each byte borrows, and so sets a high bit, only where the byte is below the
        // amount subtracted: a control character, or a zero where the quote or backslash was.
        let control = word &- (ones &* 0x20)
        let quote = (word ^ (ones &* 0x22)) &- ones
        let backslash = (word ^ (ones &* 0x5C)) &- ones
        return (control | quote | backslash | word) & highs != 0
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
