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
    package static func isTokenCharacter(_ byte: UInt8) -> Bool { tokenCharacters[Int(byte)] }

    /// What may stand in an origin-form request target besides `%HH` (RFC 3986 `pchar`, `/`
    /// and `?`): unreserved, sub-delims, `:` and `@`.
    package static func isTargetCharacter(_ byte: UInt8) -> Bool { targetCharacters[Int(byte)] }

    private static let tokenCharacters = table(alphanumericAnd: "!#$%&'*+-.^_`|~")
    private static let targetCharacters = table(alphanumericAnd: "-._~!$&'()*+,;=:@/?")

    private static func table(alphanumericAnd extra: String) -> [Bool] {
        var table = (0...255).map { isAlphanumeric(UInt8($0)) }
        for byte in extra.utf8 { table[Int(byte)] = true }
        return table
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
