/// Base64url without padding (RFC 4648 §5), the alphabet of PKCE verifiers and challenges.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes bytes as base64url with no `=` padding.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int((chunk >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        let remaining = input.count - index
        if remaining > 0 {
            var chunk = UInt32(input[index]) << 16
            if remaining == 2 { chunk |= UInt32(input[index + 1]) << 8 }
            let characters = remaining == 1 ? 2 : 3
            for position in 0..<characters { output.append(alphabet[Int((chunk >> UInt32(18 - 6 * position)) & 0x3F)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
