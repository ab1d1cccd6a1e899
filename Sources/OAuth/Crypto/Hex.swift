/// Lowercase hexadecimal text for bytes: how digests are written in signatures such as Mail.ru's
/// and OK.ru's `sig` and Facebook's `appsecret_proof`.
public enum Hex {
    /// The bytes as lowercase hex, two digits each.
    ///
    /// ```swift
    /// Hex.lowercase([0x0f, 0xa0])   // "0fa0"
    /// ```
    public static func lowercase(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { lowercase($0) }
    }

    /// The bytes at `bytes` as lowercase hex: for a digest that lives on the stack.
    public static func lowercase(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            let digits = Self.digits.utf8Start
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    private static let digits: StaticString = "0123456789abcdef"
}
