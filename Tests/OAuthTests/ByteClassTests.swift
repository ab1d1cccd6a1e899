import Foundation
@testable import OAuth
import Testing

/// The byte classes and the UTF-8 check the parsers run on every byte, against the definitions
/// they stand for.
@Suite struct ByteClassTests {
    /// The masks written as constants are the sets their RFCs spell out.
    @Test func asciiMasksAreTheirDefinitions() {
        #expect(ASCII.tokenCharacters == ASCII.ByteSet(alphanumericAnd: "!#$%&'*+-.^_`|~"))
        #expect(ASCII.targetCharacters == ASCII.ByteSet(alphanumericAnd: "-._~!$&'()*+,;=:@/?"))
        let separators = Array("\"(),/:;<=>?@[\\]{} \t".utf8)
        for byte in UInt8.min...UInt8.max {
            let token = byte > 0x20 && byte < 0x7F && !separators.contains(byte)
            #expect(ASCII.isTokenCharacter(byte) == token, "byte \(byte)")
        }
    }

    /// Every sequence of up to three bytes drawn from the bytes where UTF-8's rules change, and
    /// four-byte ones around U+10FFFF, judged as the standard library's decoder judges them.
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var sequences: [[UInt8]] = []
        for a in edges {
            sequences.append([a])
            for b in edges {
                sequences.append([a, b])
                for c in edges { sequences.append([a, b, c]) }
            }
        }
        for lead: UInt8 in [0xF0, 0xF3, 0xF4] {
            for second: UInt8 in [0x8F, 0x90, 0xBF] { sequences.append([lead, second, 0x80, 0xBF]) }
        }
        var disagreements = 0
        for bytes in sequences {
            // Padded with ASCII on both sides, so that the word-at-a-time path runs too.
            let padded = Array("abcdefghij".utf8) + bytes + Array("klmnopqrstu".utf8)
            let expected = !transcode(padded.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
            if padded.withUnsafeBufferPointer(UTF8Validation.isValid) != expected { disagreements += 1 }
        }
        #expect(disagreements == 0)
        #expect(sequences.count > 15_000)
    }

    /// Strings with quotes, backslashes and control characters at every offset of a word: the
    /// parser's word-at-a-time scan stops for each.
    @Test func jsonStringScanStopsAtEveryOffset() throws {
        for offset in 0..<17 {
            let prefix = String(repeating: "a", count: offset)
            let escaped = try JSONParser().parse(Data("\"\(prefix)\\n\(prefix)\"".utf8))
            #expect(escaped == .string(prefix + "\n" + prefix))
            let quoted = try JSONParser().parse(Data("[\"\(prefix)\",\"é\(prefix)\"]".utf8))
            #expect(quoted == .array([.string(prefix), .string("é" + prefix)]))
            #expect(throws: JSONParseError.self) { try JSONParser().parse(Data("\"\(prefix)\u{01}\(prefix)\"".utf8)) }
            #expect(throws: JSONParseError.self) { try JSONParser().parse(Data("\"\(prefix)".utf8) + Data([0xC3, 0x28]) + Data("\"".utf8)) }
        }
    }
}
