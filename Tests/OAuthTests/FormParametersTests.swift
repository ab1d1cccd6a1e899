import Foundation
import OAuth
import Testing

/// `application/x-www-form-urlencoded` (RFC 6749 Appendix B).
@Suite struct FormParametersTests {
    @Test func appendixBRoundTrip() throws {
        let decoded = try FormParameters(decoding: Data("value=+%25%26%2B%C2%A3%E2%82%AC".utf8))
        #expect(decoded["value"] == " %&+£€")
        #expect(Array(decoded["value"]!.utf8) == [0x20, 0x25, 0x26, 0x2B, 0xC2, 0xA3, 0xE2, 0x82, 0xAC])
        let form: FormParameters = ["value": " %&+£€"]
        #expect(form.encoded() == "value=+%25%26%2B%C2%A3%E2%82%AC")
    }

    @Test(arguments: ["a=%R", "a=%RA", "a=%AR", "a=%RR", "a=%"])
    func malformedEscapesAreRejected(text: String) {
        #expect(throws: FormDecodingError.self) { try FormParameters(decoding: Data(text.utf8)) }
    }

    @Test func brokenUTF8IsRejected() {
        #expect(throws: FormDecodingError.notUTF8(offset: 2)) { try FormParameters(decoding: Data("a=%E2%82".utf8)) }
    }

    @Test func encodingFollowsTheWHATWGSerializer() {
        #expect(FormParameters.encodeComponent("a-b_c.d*e~f g/h:i") == "a-b_c.d*e%7Ef+g%2Fh%3Ai")
        #expect(FormParameters.encodeComponent("☃") == "%E2%98%83")
    }

    @Test func keepsOrderDuplicatesAndEmptyValues() throws {
        var form = try FormParameters(decoding: Data("b=2&a=1&b=3&c=&d".utf8))
        #expect(form.map(\.name) == ["b", "a", "b", "c", "d"])
        #expect(form.values(for: "b") == ["2", "3"])
        #expect(form["c"] == "")
        #expect(form["d"] == "")
        form["b"] = "9"
        #expect(form.encoded() == "b=9&a=1&c=&d=")
        form.rename("a", to: "z")
        #expect(form.encoded() == "b=9&z=1&c=&d=")
        form["b"] = nil
        #expect(form.encoded() == "z=1&c=&d=")
    }
}
