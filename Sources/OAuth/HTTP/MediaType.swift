/// Reading and naming the media types the token endpoint cares about.
public enum MediaType {
    /// `application/json`, what RFC 6749 §5.1 requires of a token response.
    public static let json = "application/json"
    /// `application/x-www-form-urlencoded`, the body of token requests (RFC 6749 §4.1.3).
    public static let formURLEncoded = "application/x-www-form-urlencoded"

    /// The type and subtype of a `Content-Type` value, lowercased, without parameters:
    /// `"application/json"` for `"Application/JSON; charset=UTF-8"`. `nil` when the value does
    /// not start with `type "/" subtype`, each an RFC 9110 §5.6.2 token (no control
    /// characters, spaces or separators inside).
    public static func essence(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let bytes = essenceBytes(contentType)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ !($0 >= 0x41 && $0 <= 0x5A) }) { return String(Substring(bytes)) }
        return String(decoding: bytes.map(\.asciiLowercased), as: UTF8.self)
    }

    /// Whether a `Content-Type` value's type and subtype are one of `types` (given in lowercase),
    /// compared in place without building strings.
    public static func essence(of contentType: String?, isOneOf types: [String]) -> Bool {
        guard let contentType else { return false }
        let essence = essenceBytes(contentType)
        guard !essence.isEmpty else { return false }
        return types.contains { type in
            type.utf8.count == essence.count && zip(type.utf8, essence).allSatisfy { expected, actual in expected == actual.asciiLowercased }
        }
    }

    /// The bytes of the type and subtype, without parameters or surrounding spaces; empty when
    /// they are not `token "/" token`. One pass over the bytes: it runs for every response fix.
    private static func essenceBytes(_ contentType: String) -> Substring.UTF8View {
        let utf8 = contentType.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8[index] == 0x20 || utf8[index] == 0x09 { index = utf8.index(after: index) }
        let start = index
        var end = start
        var slash: String.Index?
        var valid = true
        var trailingSpace = false
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ";") { break }
            if byte == 0x20 || byte == 0x09 {
                trailingSpace = true
            } else if trailingSpace {
                valid = false
            } else if byte == UInt8(ascii: "/") {
                if slash != nil { valid = false }
                slash = index
            } else if !ASCII.isTokenCharacter(byte) {
                valid = false
            }
            index = utf8.index(after: index)
            if !trailingSpace { end = index }
        }
        let whole = Substring(contentType).utf8
        guard valid, let slash, slash != start, utf8.index(after: slash) != end else { return whole[start..<start] }
        return whole[start..<end]
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or a `+json` suffix type.
    /// Reads the bytes in place: it runs for every response fix.
    public static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let essence = essenceBytes(contentType)
        func hasSuffix(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard essence.count >= count else { return false }
            let tail = essence.suffix(count)
            return zip(tail, UnsafeBufferPointer(start: suffix.utf8Start, count: count)).allSatisfy { actual, expected in actual.asciiLowercased == expected }
        }
        return (essence.count == 16 && hasSuffix("application/json")) || hasSuffix("+json")
    }
}

extension UInt8 {
    /// An ASCII capital letter made lowercase; every other byte as it is.
    var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self | 0x20 : self }
}

extension String {
    /// This string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
