/// Reading and naming the media types the token endpoint cares about.
public enum MediaType {
    /// `application/json`, what RFC 6749 §5.1 requires of a token response.
    public static let json = "application/json"
    /// `application/x-www-form-urlencoded`, the body of token requests (RFC 6749 §4.1.3).
    public static let formURLEncoded = "application/x-www-form-urlencoded"

    /// The type and subtype of a `Content-Type` value, lowercased, without parameters:
    /// `"application/json"` for `"Application/JSON; charset=UTF-8"`.
    public static func essence(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let bytes = essenceBytes(contentType)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ !($0 >= 0x41 && $0 <= 0x5A) }) { return String(Substring(bytes)) }
        return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether a `Content-Type` value's type and subtype are one of `types` (given in lowercase),
    /// compared in place without building strings.
    public static func essence(of contentType: String?, isOneOf types: [String]) -> Bool {
        guard let contentType else { return false }
        let essence = essenceBytes(contentType)
        return types.contains { type in
            type.utf8.count == essence.count && zip(type.utf8, essence).allSatisfy { expected, actual in
                expected == (actual >= 0x41 && actual <= 0x5A ? actual | 0x20 : actual)
            }
        }
    }

    /// The bytes of the type and subtype, without parameters or surrounding spaces.
    private static func essenceBytes(_ contentType: String) -> Substring.UTF8View {
        var utf8 = Substring(contentType).utf8
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8 = utf8.dropFirst() }
        let end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
        var essence = utf8[..<end]
        while let last = essence.last, last == 0x20 || last == 0x09 { essence = essence.dropLast() }
        return essence
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
            return zip(tail, UnsafeBufferPointer(start: suffix.utf8Start, count: count)).allSatisfy { a, b in a | 0x20 == b | 0x20 }
        }
        return (essence.count == 16 && hasSuffix("application/json")) || hasSuffix("+json")
    }
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
