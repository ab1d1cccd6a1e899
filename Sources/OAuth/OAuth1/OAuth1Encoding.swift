/// Percent-encoding as OAuth 1.0a signs it (RFC 5849 §3.6): every byte of the UTF-8 form
/// outside `ALPHA DIGIT - . _ ~` becomes `%XX` with uppercase hex. A space is `%20`, never `+`,
/// and nothing is normalised first.
///
/// ```swift
/// OAuth1Encoding.encode("Hello Ladies + Gentlemen")   // "Hello%20Ladies%20%2B%20Gentlemen"
/// ```
public enum OAuth1Encoding {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// `text` percent-encoded over the unreserved set.
    public static func encode(_ text: String) -> String {
        if text.utf8.allSatisfy(\.isUnreserved) { return text }
        return String(decoding: encodedBytes(text), as: UTF8.self)
    }

    /// The UTF-8 bytes of `text`, percent-encoded over the unreserved set.
    static func encodedBytes(_ text: String) -> [UInt8] {
        encodedBytes(Array(text.utf8))
    }

    /// Octets percent-encoded over the unreserved set.
    static func encodedBytes(_ bytes: [UInt8]) -> [UInt8] {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            if byte.isUnreserved {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hex[Int(byte >> 4)])
                encoded.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    /// Decodes `%XX` sequences (and nothing else: a `+` stays a `+`), as RFC 5849 §3.5.1 reads
    /// the values of the `Authorization` header; `nil` for a malformed or non-UTF-8 escape.
    public static func decode(_ text: String) -> String? {
        decodedOctets(Array(text.utf8)[...], plusIsSpace: false).flatMap { String.validatingUTF8($0) }
    }

    /// Octets with each `%XX` replaced by the byte it names, and `+` by a space when
    /// `plusIsSpace` (as in a form); `nil` for a `%` not followed by two hex digits.
    static func decodedOctets(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                decoded.append(high << 4 | low)
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
            }
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
