import Foundation
import OAuth
import Testing

/// The strict JSON parser and writer.
@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(Data(text.utf8))
    }

    @Test func keepsNumberLiteralsAndMemberOrder() throws {
        let value = try parse(#"{"b":3600,"a":3600.0,"c":3.6e3,"d":-0,"e":17841405793187218}"#)
        guard case .object(let object) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["b", "a", "c", "d", "e"])
        #expect(object["a"] == .number(JSONNumber(validating: "3600.0")!))
        #expect(object["c"] != object["b"])
        #expect(JSONWriter.string(value) == #"{"b":3600,"a":3600.0,"c":3.6e3,"d":-0,"e":17841405793187218}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "caf\u00E9"]"#)
        #expect(value == ["\"\\/\u{08}\u{0C}\n\r\t", "é😀", "café"])
        #expect(try parse(JSONWriter.string(value)) == value)
    }

    @Test(arguments: [
        (#"["\ud83d"]"#, JSONParseError.Reason.invalidEscape),
        (#"["\ude00"]"#, .invalidEscape),
        (#"["\x"]"#, .invalidEscape),
        ("[\"a\u{01}\"]", .controlCharacterInString),
        ("01", .unexpectedByte(expected: "the end of the input", found: UInt8(ascii: "1"))),
        ("1.", .unexpectedEnd(expected: "a digit after '.'")),
        ("-", .unexpectedEnd(expected: "a digit")),
        ("1e", .unexpectedEnd(expected: "a digit in the exponent")),
        ("{} x", .unexpectedByte(expected: "the end of the input", found: UInt8(ascii: "x"))),
        ("[1,]", .unexpectedByte(expected: "a value", found: UInt8(ascii: "]"))),
        (#"{"a" 1}"#, .unexpectedByte(expected: "':'", found: UInt8(ascii: "1"))),
        ("tru", .unexpectedEnd(expected: "\"true\"")),
        ("", .unexpectedEnd(expected: "a value")),
    ])
    func refusesWhatRFC8259Forbids(text: String, reason: JSONParseError.Reason) {
        #expect(throws: JSONParseError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test func detectsDuplicatesInLargeObjectsToo() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(throws: JSONParseError.self) { try parse("{\(members),\"k7\":1}") }
        #expect((try? parse("{\(members)}")) != nil)
    }

    @Test func depthLimitIsConfigurable() {
        #expect((try? JSONParser(maximumDepth: 2).parse(Data("[[1]]".utf8))) != nil)
        #expect(throws: JSONParseError.self) { try JSONParser(maximumDepth: 2).parse(Data("[[[1]]]".utf8)) }
    }

    @Test func objectEqualityIgnoresOrderAndPathsFindValues() throws {
        let a = try parse(#"{"x":1,"y":[{"z":"deep"}]}"#)
        let b = try parse(#"{"y":[{"z":"deep"}],"x":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a[path: ["y", 0, "z"]] == "deep")
        #expect(a[path: ["y", 1]] == nil)
        #expect(a[path: ["x", "z"]] == nil)
    }

    @Test func errorsSayWhatWasExpectedAndWhere() {
        do {
            _ = try parse(#"{"a":1 "b":2}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "JSON: expected ',' or '}' at byte 7, got '\"'")
        }
    }
}
