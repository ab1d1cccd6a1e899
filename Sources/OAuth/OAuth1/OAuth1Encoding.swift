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
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte.isUnreserved {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Decodes `%XX` sequences (and nothing else: a `+` stays a `+`), as RFC 5849 §3.5.1 reads
    /// the values of the `Authorization` header; `nil` for a malformed or non-UTF-8 escape.
    public static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String.validatingUTF8(bytes)
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
