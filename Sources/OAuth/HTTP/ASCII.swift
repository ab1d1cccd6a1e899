/// The ASCII bytes HTTP's syntax names, and its byte classes: one definition for the loopback
/// server's request reader, media types and raw captures.
package enum ASCII {
    package static let cr: UInt8 = 0x0D
    package static let lf: UInt8 = 0x0A
    package static let space: UInt8 = 0x20
    package static let tab: UInt8 = 0x09
    package static let colon: UInt8 = 0x3A
    package static let percent: UInt8 = 0x25
    package static let slash: UInt8 = 0x2F
    package static let question: UInt8 = 0x3F
    package static let hash: UInt8 = 0x23

    /// `tchar` (RFC 9110 §5.6.2): the bytes of a method or field name.
    @inline(__always)
    package static func isTokenCharacter(_ byte: UInt8) -> Bool { tokenCharacters.contains(byte) }

    /// What may stand in an origin-form request target besides `%HH` (RFC 3986 `pchar`, `/`
    /// and `?`): unreserved, sub-delims, `:` and `@`.
    @inline(__always)
    package static func isTargetCharacter(_ byte: UInt8) -> Bool { targetCharacters.contains(byte) }

    /// The letters and digits with the punctuation `tchar` allows: `!#$%&'*+-.^_`|~`.
    package static let tokenCharacters = ByteSet(low: 0x03FF_6CFA_0000_0000, high: 0x57FF_FFFF_C7FF_FFFE)
    /// The letters and digits with the punctuation a target allows: `-._~!$&'()*+,;=:@/?`.
    package static let targetCharacters = ByteSet(low: 0xAFFF_FFD2_0000_0000, high: 0x47FF_FFFE_87FF_FFFF)

    /// A set of ASCII bytes as two 64-bit masks: a membership test is a shift and an `and`, with
    /// no table to load (the per-byte loops of media types and the loopback reader call it).
    package struct ByteSet: Sendable, Equatable {
        /// Bytes 0 to 63, one bit each.
        package let low: UInt64
        /// Bytes 64 to 127, one bit each.
        package let high: UInt64

        /// The set these masks describe.
        package init(low: UInt64, high: UInt64) {
            self.low = low
            self.high = high
        }

        /// The letters and digits with the bytes of `extra`.
        package init(alphanumericAnd extra: String) {
            var low: UInt64 = 0, high: UInt64 = 0
            for byte in (0...127).map(UInt8.init) where ASCII.isAlphanumeric(byte) || extra.utf8.contains(byte) {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
            self.init(low: low, high: high)
        }

        /// Whether the byte is in the set; never for a byte above 0x7F.
        @inline(__always)
        package func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 &<< UInt64(byte)) != 0 : byte < 128 && high & (1 &<< UInt64(byte &- 64)) != 0
        }
    }

    /// An ASCII letter or digit.
    package static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `HEXDIG`, in either case.
    package static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}
