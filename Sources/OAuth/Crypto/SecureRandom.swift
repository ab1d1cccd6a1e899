/// Random bytes from the system's cryptographically secure generator.
///
/// `SystemRandomNumberGenerator` reads `getrandom(2)` on Linux and `arc4random_buf` on Apple
/// platforms; both are CSPRNGs, which is what `state` and PKCE verifiers need.
public enum SecureRandom {
    /// `count` random bytes, drawn eight at a time.
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            var word = generator.next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
