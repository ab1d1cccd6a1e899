import OAuth
import Testing

/// The one constant-time comparison every secret goes through: `state`, passwords, PKCE,
/// OAuth 1.0a tokens, verifiers and signatures.
@Suite struct ConstantTimeEqualityTests {
    @Test func equalBytesAreEqualAndAnyDifferenceIsNot() {
        #expect(constantTimeEquals("é".utf8, "é".utf8))
        #expect(!constantTimeEquals("é".utf8, "e\u{301}".utf8), "canonically equal strings are different bytes")
        #expect(!constantTimeEquals("abc".utf8, "abd".utf8))
        #expect(!constantTimeEquals("abc".utf8, "Abc".utf8))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
        for position in 0..<64 {
            var changed = [UInt8](repeating: 0x41, count: 64)
            changed[position] ^= 0x01
            #expect(!constantTimeEquals([UInt8](repeating: 0x41, count: 64), changed), "a difference at \(position)")
        }
    }

    @Test func differentLengthsAreUnequal() {
        #expect(!constantTimeEquals("abc".utf8, "abcd".utf8))
        // Lengths that differ by a multiple of 256, padded with NUL bytes, are still different.
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abc".utf8) + [UInt8](repeating: 0, count: 256)))
        #expect(!constantTimeEquals([], [UInt8](repeating: 0, count: 512)))
    }

    @Test func comparesAnyCollectionsOfBytes() {
        let bytes: [UInt8] = Array("secret".utf8)
        #expect(constantTimeEquals(bytes[...], "secret".utf8))
        #expect(constantTimeEquals(Substring("a secret").utf8.dropFirst(2), bytes))
    }
}
