import Foundation
@testable import OAuth
import Testing

/// The XML reader behind `xml-token-body`: what it reads, what it refuses on purpose, its
/// limits, and a deterministic fuzz run that must end in an element or a typed error.
@Suite struct XMLReaderTests {
    func read(_ text: String, _ configure: (inout XMLReader) -> Void = { _ in }) throws(XMLReadError) -> XMLElement {
        var reader = XMLReader()
        configure(&reader)
        return try reader.read(Data(text.utf8))
    }

    @Test func readsElementsTextAttributesAndCDATA() throws {
        let root = try read("""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a comment -->
            <Access_Token kind='user' id="1">
              <Token>abc&amp;def</Token>
              <Empty/>
              <Data><![CDATA[<not a tag> & raw]]></Data>
              <Ref>&#65;&#x42;&lt;&gt;&quot;&apos;</Ref>
            </Access_Token>
            """)
        #expect(root.name == "Access_Token")
        #expect(root.attributes.map(\.name) == ["kind", "id"])
        #expect(root.attributes.map(\.value) == ["user", "1"])
        #expect(root.children.map(\.name) == ["Token", "Empty", "Data", "Ref"])
        #expect(root.children.map(\.text) == ["abc&def", "", "<not a tag> & raw", "AB<>\"'"])
    }

    @Test func readsNestingWithoutRecursionUpToTheDepthLimit() throws {
        let deep = String(repeating: "<a>", count: 32) + "x" + String(repeating: "</a>", count: 32)
        var element = try read(deep)
        var depth = 1
        while let child = element.children.first {
            element = child
            depth += 1
        }
        #expect(depth == 32)
        #expect(element.text == "x")
        let tooDeep = String(repeating: "<a>", count: 33) + String(repeating: "</a>", count: 33)
        #expect(throws: XMLReadError.tooDeep(limit: 32, offset: 96)) { try read(tooDeep) }
    }

    @Test func refusesDocumentTypesAndEntitiesOnPurpose() {
        let billionLaughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>
            """
        #expect(throws: XMLReadError.unsupported("a document type declaration", offset: 21)) { try read(billionLaughs) }
        #expect(throws: XMLReadError.unsupported("the entity &xxe;", offset: 3)) { try read("<a>&xxe;</a>") }
        #expect(throws: XMLReadError.self) { try read("<a>&#0;</a>") }
        #expect(throws: XMLReadError.self) { try read("<a>&#xD800;</a>") }
    }

    @Test(arguments: [
        ("", "a root element"),
        ("text", "a root element"),
        ("<a>", "</a>"),
        ("<a></b>", "</a>"),
        ("<a><b></a>", "</b>"),
        ("<a></a><b/>", "the end of the document after the root element"),
        ("<a x=1/>", "a quoted attribute value"),
        ("<a x='1' x='2'/>", "each attribute once"),
        ("<a x='1'y='2'/>", "white space, \">\" or \"/>\" in the start tag of <a>"),
        ("<1a/>", "a name starting with a letter, \"_\" or \":\""),
        ("<a>&amp</a>", "a reference ending with \";\""),
        ("<a><!-- open</a>", "\"-->\" ending the comment"),
        ("<a><![CDATA[ open</a>", "\"]]>\" ending the CDATA section"),
    ])
    func malformedDocumentsSayWhatWasExpected(text: String, expected: String) {
        do {
            _ = try read(text)
            Issue.record("\(text) was read")
        } catch {
            guard case .unexpected(let said, _, _) = error else {
                Issue.record("\(text): \(error)")
                return
            }
            #expect(said == expected, "\(text)")
        }
    }

    @Test func limitsOnSizeAndElementCount() {
        #expect(throws: XMLReadError.tooLarge(limit: 10, found: 14)) { try read("<a>0123456</a>") { $0.maximumBytes = 10 } }
        #expect(throws: XMLReadError.tooManyElements(limit: 3, offset: 11)) { try read("<a><b/><c/><d/></a>") { $0.maximumElements = 3 } }
        #expect(throws: XMLReadError.invalidUTF8) { try XMLReader().read(Data([0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E])) }
    }

    /// Mutations of token-response documents from a fixed seed: every one is read or refused
    /// with a typed error, never a crash or a hang.
    @Test func fuzzedDocumentsEndInAnElementOrATypedError() {
        let seeds = [
            "<Access_Token><Instance_URL>https://www.concursolutions.com/</Instance_URL><Token>1_abc</Token><Refresh_Token>r</Refresh_Token></Access_Token>",
            "<?xml version=\"1.0\"?><a x='1'><b><![CDATA[x]]></b><!-- c --><d>&amp;&#65;</d></a>",
            "<Error><Message>Invalid code</Message></Error>",
        ].map { Array($0.utf8) }
        let alphabet = Array("<>/!?-[]&;#x='\" abAZ\u{0}\n".utf8) + [0xC3, 0xFF]
        var generator = SplitMix64(seed: 0x5EED_0F_C0DE)
        var read = 0, refused = 0
        for round in 0..<3000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 4 {
                case 0 where !bytes.isEmpty: bytes.remove(at: position)
                case 1: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                case 2 where !bytes.isEmpty: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                default: bytes = Array(bytes[..<position]) + Array(bytes[position...]) + Array(bytes[position...].prefix(8))
                }
            }
            do {
                let element = try XMLReader().read(Data(bytes))
                #expect(!element.name.isEmpty)
                read += 1
            } catch {
                #expect(!error.description.isEmpty)
                refused += 1
            }
        }
        #expect(read > 100 && refused > 100, "read \(read), refused \(refused)")
    }

    /// A document of as many elements as the limit reads; one element more is refused at the
    /// place it starts, so the reader never holds more than the limit.
    @Test func elementLimitHoldsForWideDocuments() throws {
        let wide = "<r>" + String(repeating: "<t>v</t>", count: 4095) + "</r>"
        #expect(try read(wide).children.count == 4095)
        #expect(throws: XMLReadError.tooManyElements(limit: 4096, offset: 3 + 4095 * 8)) {
            try read("<r>" + String(repeating: "<t>v</t>", count: 4096) + "</r>")
        }
    }
}

/// A small deterministic generator (SplitMix64) for the fuzz rounds.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
