/// Base64url without padding (RFC 4648 §5), the alphabet of PKCE verifiers and challenges.
public enum Base64URL {
    /// Encodes bytes as base64url with no `=` padding.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let encoded = bytes.withContiguousStorageIfAvailable({ Base64.string(UnsafeRawBufferPointer($0), alphabet: .url) }) {
            return encoded
        }
        return Array(bytes).withUnsafeBytes { Base64.string($0, alphabet: .url) }
    }
}

/// Base64 (RFC 4648 §4, padded) and base64url (§5, unpadded), written straight into the
/// caller's buffer: OAuth 1.0a signatures use the first, PKCE the second.
enum Base64 {
    enum Alphabet {
        /// `A-Z a-z 0-9 + /` with `=` padding.
        case standard
        /// `A-Z a-z 0-9 - _` without padding.
        case url

        var characters: StaticString {
            switch self {
            case .standard: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            case .url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            }
        }
    }

    /// The number of characters `count` bytes encode to.
    static func encodedCount(_ count: Int, alphabet: Alphabet) -> Int {
        alphabet == .standard ? (count + 2) / 3 * 4 : (count * 4 + 2) / 3
    }

    /// Writes the encoding of `input` at `output`, which has room for
    /// ``encodedCount(_:alphabet:)`` bytes, and returns that count.
    @discardableResult
    static func write(_ input: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<UInt8>, alphabet: Alphabet) -> Int {
        let table = alphabet.characters.utf8Start
        var out = output
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out[0] = table[Int(chunk >> 18)]
            out[1] = table[Int(chunk >> 12 & 0x3F)]
            out[2] = table[Int(chunk >> 6 & 0x3F)]
            out[3] = table[Int(chunk & 0x3F)]
            out += 4
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            var chunk = UInt32(input[index]) << 16
            if remaining == 2 { chunk |= UInt32(input[index + 1]) << 8 }
            out[0] = table[Int(chunk >> 18)]
            out[1] = table[Int(chunk >> 12 & 0x3F)]
            out += 2
            if remaining == 2 {
                out[0] = table[Int(chunk >> 6 & 0x3F)]
                out += 1
            }
            if alphabet == .standard {
                for _ in remaining..<3 {
                    out[0] = UInt8(ascii: "=")
                    out += 1
                }
            }
        }
        return out - output
    }

    /// The encoding of `input` as a string, built in one allocation.
    static func string(_ input: UnsafeRawBufferPointer, alphabet: Alphabet) -> String {
        guard !input.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: encodedCount(input.count, alphabet: alphabet)) { buffer in
            write(input, to: buffer.baseAddress!, alphabet: alphabet)
        }
    }
}
