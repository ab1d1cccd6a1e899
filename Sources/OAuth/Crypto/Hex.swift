/// Lowercase hexadecimal text for bytes: how digests are written in signatures such as Mail.ru's
/// and OK.ru's `sig` and Facebook's `appsecret_proof`.
public enum Hex {
    /// The bytes as lowercase hex, two digits each.
    ///
    /// ```swift
    /// Hex.lowercase([0x0f, 0xa0])   // "0fa0"
    /// ```
    public static func lowercase(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
