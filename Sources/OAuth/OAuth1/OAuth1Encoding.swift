/// Percent-encoding as OAuth 1.0a signs it (RFC 5849 §3.6): every byte of the UTF-8 form
/// outside `ALPHA DIGIT - . _ ~` becomes `%XX` with uppercase hex. A space is `%20`, never `+`,
/// and nothing is normalised first.
///
/// ```swift
/// OAuth1Encoding.encode("Hello Ladies + Gentlemen")   // "Hello%20Ladies%20%2B%20Gentlemen"
/// ```
public enum OAuth1Encoding {
    /// `text` percent-encoded over the unreserved set.
    public static func encode(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            let count = encodedCount(bytes)
            if count == bytes.count { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: count) { buffer in
                var cursor = buffer.baseAddress!
                writeEncoded(bytes, to: &cursor)
                return count
            }
        }
    }

    /// Decodes `%XX` sequences (and nothing else: a `+` stays a `+`), as RFC 5849 §3.5.1 reads
    /// the values of the `Authorization` header; `nil` for a malformed or non-UTF-8 escape.
    public static func decode(_ text: String) -> String? {
        decodedOctets(Array(text.utf8)[...], plusIsSpace: false).flatMap { String.validatingUTF8($0) }
    }

    /// Octets with each `%XX` replaced by the byte it names, and `+` by a space when
    /// `plusIsSpace` (as in a form); `nil` for a `%` not followed by two hex digits.
    static func decodedOctets(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> [UInt8]? {
        guard !bytes.isEmpty else { return [] }
        var valid = true
        let decoded = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            let written = bytes.withUnsafeBufferPointer { decode($0, plusIsSpace: plusIsSpace, to: buffer.baseAddress!) }
            valid = written != nil
            count = written ?? 0
        }
        return valid ? decoded : nil
    }

    // MARK: Octets in place

    /// Whether a byte is `ALPHA DIGIT - . _ ~`: a bit in one of two masks over ASCII.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        let mask: UInt64 = byte < 64 ? 0x03FF_6000_0000_0000 : 0x47FF_FFFE_87FF_FFFE
        return byte < 128 && mask >> UInt64(byte & 63) & 1 == 1
    }

    /// The length of `bytes` percent-encoded once.
    @inline(__always)
    static func encodedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = bytes.count
        for byte in bytes where !isUnreserved(byte) { count += 2 }
        return count
    }

    /// Writes `bytes` percent-encoded at `cursor`, which has room for ``encodedCount(_:)``
    /// bytes, and moves it past them.
    @inline(__always)
    static func writeEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to cursor: inout UnsafeMutablePointer<UInt8>) {
        let hex = hexDigits.utf8Start
        var out = cursor
        for byte in bytes {
            if isUnreserved(byte) {
                out.pointee = byte
                out += 1
            } else {
                out[0] = UInt8(ascii: "%")
                out[1] = hex[Int(byte >> 4)]
                out[2] = hex[Int(byte & 0x0F)]
                out += 3
            }
        }
        cursor = out
    }

    /// Decodes `bytes` (each `%XX` a byte, `+` a space when `plusIsSpace`) to `output`, which
    /// has room for `bytes.count`; the number written, or `nil` for a malformed escape.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool, to output: UnsafeMutablePointer<UInt8>) -> Int? {
        var written = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                output[written] = high << 4 | low
                index += 3
            } else {
                output[written] = plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte
                index += 1
            }
            written += 1
        }
        return written
    }

    static let hexDigits: StaticString = "0123456789ABCDEF"

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }
}
