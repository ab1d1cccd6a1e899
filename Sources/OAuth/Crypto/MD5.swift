/// MD5 (RFC 1321), for the request signatures of providers that still ask for it
/// (Odnoklassniki's and Mail.ru's `sig`). MD5 is broken for collision resistance and is never
/// used here for anything of the package's own: it only computes what those providers check.
///
/// ```swift
/// let digest = MD5.hash(Array("abc".utf8))   // 16 bytes, 900150983cd24fb0…
/// ```
package typealias MD5 = BlockHash<MD5Compression>

extension BlockHash where Compression == MD5Compression {
    /// The MD5 of `first`'s bytes followed by `second`'s, in lowercase hex: a request
    /// signature's value. Compiled here, for MD5, so that a provider module calling it runs
    /// specialised code rather than the generic hash through metadata lookups.
    package static func lowercaseHex(_ first: UnsafeRawBufferPointer, _ second: String) -> String {
        var hash = MD5()
        hash.update(first)
        second.withUTF8Bytes { hash.update(UnsafeRawBufferPointer($0)) }
        return hash.finalize { Hex.lowercase($0) }
    }

    /// The MD5 of `first`'s UTF-8 followed by `second`'s, in lowercase hex.
    package static func lowercaseHex(_ first: String, _ second: String) -> String {
        first.withUTF8Bytes { lowercaseHex(UnsafeRawBufferPointer($0), second) }
    }
}

/// MD5's state and compression function (RFC 1321 §3.4), its 64 steps written out so that the
/// four working variables stay in registers: each step renames them instead of moving them.
package struct MD5Compression: BlockCompression {
    package static let digestLength = 16
    /// MD5 ends its padding with the length little-endian (RFC 1321 §3.2).
    package static let lengthIsLittleEndian = true

    private var h0: UInt32 = 0x6745_2301, h1: UInt32 = 0xEFCD_AB89, h2: UInt32 = 0x98BA_DCFE, h3: UInt32 = 0x1032_5476

    package init() {}

    /// Writes the state words little-endian (RFC 1321 §3.5).
    package func write(to digest: UnsafeMutableRawPointer) {
        digest.storeBytes(of: h0.littleEndian, toByteOffset: 0, as: UInt32.self)
        digest.storeBytes(of: h1.littleEndian, toByteOffset: 4, as: UInt32.self)
        digest.storeBytes(of: h2.littleEndian, toByteOffset: 8, as: UInt32.self)
        digest.storeBytes(of: h3.littleEndian, toByteOffset: 12, as: UInt32.self)
    }

    /// One block: the step constants are RFC 1321's T[i], the integer part of 2^32 × |sin(i + 1)|,
    /// written out so that no platform's `sin` can change a bit.
    package mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { words in
            let x = words.baseAddress!
            for t in 0..<16 { x[t] = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
            var (a, b, c, d) = (h0, h1, h2, h3)
            Self.f(&a, b, c, d, x[0] &+ 0xD76AA478, 7)
            Self.f(&d, a, b, c, x[1] &+ 0xE8C7B756, 12)
            Self.f(&c, d, a, b, x[2] &+ 0x242070DB, 17)
            Self.f(&b, c, d, a, x[3] &+ 0xC1BDCEEE, 22)
            Self.f(&a, b, c, d, x[4] &+ 0xF57C0FAF, 7)
            Self.f(&d, a, b, c, x[5] &+ 0x4787C62A, 12)
            Self.f(&c, d, a, b, x[6] &+ 0xA8304613, 17)
            Self.f(&b, c, d, a, x[7] &+ 0xFD469501, 22)
            Self.f(&a, b, c, d, x[8] &+ 0x698098D8, 7)
            Self.f(&d, a, b, c, x[9] &+ 0x8B44F7AF, 12)
            Self.f(&c, d, a, b, x[10] &+ 0xFFFF5BB1, 17)
            Self.f(&b, c, d, a, x[11] &+ 0x895CD7BE, 22)
            Self.f(&a, b, c, d, x[12] &+ 0x6B901122, 7)
            Self.f(&d, a, b, c, x[13] &+ 0xFD987193, 12)
            Self.f(&c, d, a, b, x[14] &+ 0xA679438E, 17)
            Self.f(&b, c, d, a, x[15] &+ 0x49B40821, 22)
            Self.g(&a, b, c, d, x[1] &+ 0xF61E2562, 5)
            Self.g(&d, a, b, c, x[6] &+ 0xC040B340, 9)
            Self.g(&c, d, a, b, x[11] &+ 0x265E5A51, 14)
            Self.g(&b, c, d, a, x[0] &+ 0xE9B6C7AA, 20)
            Self.g(&a, b, c, d, x[5] &+ 0xD62F105D, 5)
            Self.g(&d, a, b, c, x[10] &+ 0x02441453, 9)
            Self.g(&c, d, a, b, x[15] &+ 0xD8A1E681, 14)
            Self.g(&b, c, d, a, x[4] &+ 0xE7D3FBC8, 20)
            Self.g(&a, b, c, d, x[9] &+ 0x21E1CDE6, 5)
            Self.g(&d, a, b, c, x[14] &+ 0xC33707D6, 9)
            Self.g(&c, d, a, b, x[3] &+ 0xF4D50D87, 14)
            Self.g(&b, c, d, a, x[8] &+ 0x455A14ED, 20)
            Self.g(&a, b, c, d, x[13] &+ 0xA9E3E905, 5)
            Self.g(&d, a, b, c, x[2] &+ 0xFCEFA3F8, 9)
            Self.g(&c, d, a, b, x[7] &+ 0x676F02D9, 14)
            Self.g(&b, c, d, a, x[12] &+ 0x8D2A4C8A, 20)
            Self.h(&a, b, c, d, x[5] &+ 0xFFFA3942, 4)
            Self.h(&d, a, b, c, x[8] &+ 0x8771F681, 11)
            Self.h(&c, d, a, b, x[11] &+ 0x6D9D6122, 16)
            Self.h(&b, c, d, a, x[14] &+ 0xFDE5380C, 23)
            Self.h(&a, b, c, d, x[1] &+ 0xA4BEEA44, 4)
            Self.h(&d, a, b, c, x[4] &+ 0x4BDECFA9, 11)
            Self.h(&c, d, a, b, x[7] &+ 0xF6BB4B60, 16)
            Self.h(&b, c, d, a, x[10] &+ 0xBEBFBC70, 23)
            Self.h(&a, b, c, d, x[13] &+ 0x289B7EC6, 4)
            Self.h(&d, a, b, c, x[0] &+ 0xEAA127FA, 11)
            Self.h(&c, d, a, b, x[3] &+ 0xD4EF3085, 16)
            Self.h(&b, c, d, a, x[6] &+ 0x04881D05, 23)
            Self.h(&a, b, c, d, x[9] &+ 0xD9D4D039, 4)
            Self.h(&d, a, b, c, x[12] &+ 0xE6DB99E5, 11)
            Self.h(&c, d, a, b, x[15] &+ 0x1FA27CF8, 16)
            Self.h(&b, c, d, a, x[2] &+ 0xC4AC5665, 23)
            Self.i(&a, b, c, d, x[0] &+ 0xF4292244, 6)
            Self.i(&d, a, b, c, x[7] &+ 0x432AFF97, 10)
            Self.i(&c, d, a, b, x[14] &+ 0xAB9423A7, 15)
            Self.i(&b, c, d, a, x[5] &+ 0xFC93A039, 21)
            Self.i(&a, b, c, d, x[12] &+ 0x655B59C3, 6)
            Self.i(&d, a, b, c, x[3] &+ 0x8F0CCC92, 10)
            Self.i(&c, d, a, b, x[10] &+ 0xFFEFF47D, 15)
            Self.i(&b, c, d, a, x[1] &+ 0x85845DD1, 21)
            Self.i(&a, b, c, d, x[8] &+ 0x6FA87E4F, 6)
            Self.i(&d, a, b, c, x[15] &+ 0xFE2CE6E0, 10)
            Self.i(&c, d, a, b, x[6] &+ 0xA3014314, 15)
            Self.i(&b, c, d, a, x[13] &+ 0x4E0811A1, 21)
            Self.i(&a, b, c, d, x[4] &+ 0xF7537E82, 6)
            Self.i(&d, a, b, c, x[11] &+ 0xBD3AF235, 10)
            Self.i(&c, d, a, b, x[2] &+ 0x2AD7D2BB, 15)
            Self.i(&b, c, d, a, x[9] &+ 0xEB86D391, 21)
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
        }
    }

    /// One step: `a = b + ((a + mix(b, c, d) + input) <<< shift)`, `input` being the block's word
    /// plus the step's constant.
    @inline(__always)
    private static func step(_ a: inout UInt32, _ b: UInt32, _ mixed: UInt32, _ input: UInt32, _ shift: UInt32) {
        a = b &+ (a &+ mixed &+ input).rotatedLeft(shift)
    }

    /// Round 1: F(b, c, d) = (b ∧ c) ∨ (¬b ∧ d).
    @inline(__always)
    private static func f(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ shift: UInt32) {
        step(&a, b, d ^ (b & (c ^ d)), input, shift)
    }

    /// Round 2: G(b, c, d) = (b ∧ d) ∨ (c ∧ ¬d).
    @inline(__always)
    private static func g(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ shift: UInt32) {
        step(&a, b, c ^ (d & (b ^ c)), input, shift)
    }

    /// Round 3: H(b, c, d) = b ⊕ c ⊕ d.
    @inline(__always)
    private static func h(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ shift: UInt32) {
        step(&a, b, b ^ c ^ d, input, shift)
    }

    /// Round 4: I(b, c, d) = c ⊕ (b ∨ ¬d).
    @inline(__always)
    private static func i(_ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ shift: UInt32) {
        step(&a, b, c ^ (b | ~d), input, shift)
    }
}
