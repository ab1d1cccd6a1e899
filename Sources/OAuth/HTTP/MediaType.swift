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
        guard var contentType else { return nil }
        return contentType.withUTF8 { bytes in
            guard let range = essenceRange(bytes) else { return nil }
            let essence = UnsafeBufferPointer(rebasing: bytes[range])
            guard essence.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(decoding: essence, as: UTF8.self) }
            return String(decoding: essence.lazy.map(\.asciiLowercased), as: UTF8.self)
        }
    }

    /// Whether a `Content-Type` value's type and subtype are one of `types` (given in lowercase),
    /// compared in place without building strings.
    public static func essence(of contentType: String?, isOneOf types: [String]) -> Bool {
        guard var contentType else { return false }
        return contentType.withUTF8 { bytes in
            guard let range = essenceRange(bytes) else { return false }
            let essence = UnsafeBufferPointer(rebasing: bytes[range])
            return types.contains { type in essence.equalsLowercase(type) }
        }
    }

    /// Where the type and subtype sit in a `Content-Type` value's bytes, without parameters or
    /// surrounding spaces; `nil` when they are not `token "/" token`. One pass over the bytes:
    /// it runs for every response fix.
    static func essenceRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = 0
        let count = bytes.count
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 { index &+= 1 }
        let start = index
        var end = start
        var slash = -1
        var trailingSpace = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";") { break }
            if byte == 0x20 || byte == 0x09 {
                trailingSpace = true
            } else if trailingSpace {
                return nil
            } else if byte == UInt8(ascii: "/") {
                if slash >= 0 { return nil }
                slash = index
            } else if !ASCII.isTokenCharacter(byte) {
                return nil
            }
            index &+= 1
            if !trailingSpace { end = index }
        }
        guard slash > start, slash &+ 1 < end else { return nil }
        return start..<end
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or a `+json` suffix type.
    /// Reads the bytes in place: it runs for every response fix.
    public static func isJSON(_ contentType: String?) -> Bool {
        classify(contentType).isJSON
    }

    /// Whether a `Content-Type` value names JSON (see ``isJSON(_:)``), and where its type and
    /// subtype sit in its bytes (see ``essenceRange(_:)``), in one reading: what a response
    /// keeps so that its fixes need not find the essence again.
    static func classify(_ contentType: String?) -> (isJSON: Bool, essence: Range<Int>?) {
        guard let contentType else { return (false, nil) }
        return contentType.withUTF8Bytes { bytes in
            // Most JSON responses say `application/json`, alone or before `;` and parameters:
            // those are settled from the first seventeen bytes.
            if bytes.count >= 16, bytes.count == 16 || bytes[16] == UInt8(ascii: ";"),
               UnsafeBufferPointer(rebasing: bytes[..<16]).equalsLowercase("application/json") {
                return (true, 0..<16)
            }
            guard let range = essenceRange(bytes) else { return (false, nil) }
            let essence = UnsafeBufferPointer(rebasing: bytes[range])
            let isJSON = essence.equalsLowercase("application/json")
                || (essence.count > 5 && UnsafeBufferPointer(rebasing: essence[(essence.count - 5)...]).equalsLowercase("+json"))
            return (isJSON, range)
        }
    }

    /// Whether the type and subtype at `range` in a `Content-Type` value (as ``classify(_:)``
    /// found them) are one of `types` (given in lowercase).
    static func essence(of contentType: String, at range: Range<Int>, isOneOf types: [String]) -> Bool {
        contentType.withUTF8Bytes { bytes in
            guard range.upperBound <= bytes.count else { return false }
            let essence = UnsafeBufferPointer(rebasing: bytes[range])
            return types.contains { type in essence.equalsLowercase(type) }
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes, read without regard to ASCII case, are `lowercase` (given in lowercase).
    @inline(__always)
    func equalsLowercase(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        let expected = lowercase.utf8Start
        for offset in 0..<count where self[offset].asciiLowercased != expected[offset] { return false }
        return true
    }

    /// Whether these bytes, read without regard to ASCII case, are `lowercase` (given in lowercase).
    @inline(__always)
    func equalsLowercase(_ lowercase: String) -> Bool {
        guard count == lowercase.utf8.count else { return false }
        let compared = lowercase.utf8.withContiguousStorageIfAvailable { expected in
            for offset in 0..<count where self[offset].asciiLowercased != expected[offset] { return false }
            return true
        }
        return compared ?? zip(self, lowercase.utf8).allSatisfy { actual, expected in actual.asciiLowercased == expected }
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
