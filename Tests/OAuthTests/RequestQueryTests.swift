import Foundation
@testable import OAuth
import Testing

/// Query parameters set on a request one at a time: appended to the query's text without
/// parsing the URL, replacing a parameter of the same name, and read back as a URL, as query
/// parameters and as the sorted parameters a signature signs.
@Suite struct RequestQueryTests {
    private func request(_ url: String) -> HTTPRequest {
        HTTPRequest(url: URL(string: url)!)
    }

    @Test(arguments: [
        ("https://a.example/p", "https://a.example/p?k=v%2B1"),
        ("https://a.example/p?", "https://a.example/p?k=v%2B1"),
        ("https://a.example/p?x=a,b", "https://a.example/p?x=a,b&k=v%2B1"),
        ("https://a.example/p?x=1&", "https://a.example/p?x=1&k=v%2B1"),
        ("https://a.example/p#part", "https://a.example/p?k=v%2B1#part"),
        ("https://a.example/p?x=%20#part", "https://a.example/p?x=%20&k=v%2B1#part"),
    ])
    func anAddedParameterGoesAtTheEndOfTheQueryAsWritten(url: String, expected: String) throws {
        var request = request(url)
        try request.setQueryParameter("k", to: "v+1")
        #expect(request.url.absoluteString == expected)
        #expect(try request.queryParameters["k"] == "v+1")
    }

    @Test func parametersAddedOneAfterAnotherKeepTheirOrder() throws {
        var request = request("https://a.example/p?x=1")
        try request.setQueryParameter("a b", to: "é")
        try request.setQueryParameter("c", to: "")
        #expect(request.url.absoluteString == "https://a.example/p?x=1&a+b=%C3%A9&c=")
        #expect(try request.queryParameters.parameters.map(\.name) == ["x", "a b", "c"])
    }

    @Test func aParameterOfTheSameNameIsReplacedWhereverItIs() throws {
        var request = request("https://a.example/p?access_token=old&x=1&access_token=older")
        try request.setQueryParameter("access_token", to: "new")
        #expect(try request.queryParameters.parameters.map { "\($0.name)=\($0.value)" } == ["access_token=new", "x=1"])

        var added = self.request("https://a.example/p")
        try added.setQueryParameter("k", to: "1")
        try added.setQueryParameter("k", to: "2")
        #expect(added.url.absoluteString == "https://a.example/p?k=2")
    }

    @Test func namesAreComparedDecoded() throws {
        let request = request("https://a.example/p?access%5Ftoken=t&a+b=1&x")
        #expect(request.hasQueryParameter(named: "access_token"))
        #expect(request.hasQueryParameter(named: "a b"))
        #expect(request.hasQueryParameter(named: "x"))
        #expect(!request.hasQueryParameter(named: "access"))
        #expect(!request.hasQueryParameter(named: "token"))
        var added = request
        try added.setQueryParameter("y z", to: "1")
        #expect(added.hasQueryParameter(named: "y z"))
        #expect(!request.hasQueryParameter(named: "y z"))
    }

    @Test func settingTheURLDropsWhatWasAdded() throws {
        var request = request("https://a.example/p")
        try request.setQueryParameter("k", to: "v")
        request.url = URL(string: "https://b.example/q")!
        #expect(request.url.absoluteString == "https://b.example/q")
        #expect(!request.hasQueryParameter(named: "k"))
    }

    @Test func aRequestWithAddedParametersEqualsOneWithTheWholeURL() throws {
        var added = request("https://a.example/p?x=1")
        try added.setQueryParameter("k", to: "v")
        let whole = request("https://a.example/p?x=1&k=v")
        #expect(added == whole)
        #expect(added.hashValue == whole.hashValue)
        #expect(added != request("https://a.example/p?x=1"))
    }

    @Test func sortedParametersTakeTheQueryTheAddedAndAFormBody() throws {
        var request = request("https://a.example/call?method=users.get&b=2&sig=old")
        try request.setQueryParameter("app_id", to: "42")
        request.setFormParameters(["b": "1", "z": "é"])
        request.method = "POST"
        let signed = try request.sortedParameterBytes(excluding: ["sig"])
        // Names by bytes; the two b's keep their order (query before body).
        #expect(String(decoding: signed, as: UTF8.self) == "app_id=42b=2b=1method=users.getz=é")
        // A body that is not a form is not signed.
        request.headers["Content-Type"] = "application/json"
        #expect(String(decoding: try request.sortedParameterBytes(excluding: ["sig", "method"]), as: UTF8.self) == "app_id=42b=2")
        var malformed = self.request("https://a.example/p")
        malformed.method = "POST"
        malformed.headers["Content-Type"] = "application/x-www-form-urlencoded"
        malformed.body = Data("a=%Z".utf8)
        #expect(throws: FormDecodingError.self) { try malformed.sortedParameterBytes(excluding: []) }
    }

    @Test func namesSortByTheirBytesPastTheirFirstEight() throws {
        let request = request("https://a.example/p?abcdefghZ=1&%C3%A9=7&abcdefghA=2&abcdefgh=3&ab=4&b=5&ab=6&z=8&ab%00=9")
        let signed = String(decoding: try request.sortedParameterBytes(excluding: []), as: UTF8.self)
        #expect(signed == "ab=4ab=6ab\u{0}=9abcdefgh=3abcdefghA=2abcdefghZ=1b=5z=8é=7")
    }

    /// Any name and value, added to any of these URLs, reads back the same from the URL built
    /// once at the end, after the parameters that were there.
    @Test func anyParameterReadsBackFromTheBuiltURL() throws {
        var generator = OAuth1SigningReferenceTests.Generator(state: 0x5EED_0F_A11)
        let alphabet = Array("aZ09-._~!$&'()*+,;=:@/?#[]% \"<>\\^`{|}é€😀\u{7F}\u{0}\u{1}".unicodeScalars)
        func text() -> String {
            String(String.UnicodeScalarView((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        let bases = ["https://a.example", "https://a.example/p", "https://a.example/p?", "https://a.example/p?x=1&", "https://a.example/p?x=%2B#f?g", "http://127.0.0.1:8080/a/b;c?x=a,b&y"]
        for _ in 0..<500 {
            let base = bases.randomElement(using: &generator)!
            var request = request(base)
            let before = try request.queryParameters.parameters
            var added: [(String, String)] = []
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let name = "n" + text(), value = text()
                guard !added.contains(where: { $0.0 == name }) else { continue }
                try request.setQueryParameter(name, to: value)
                added.append((name, value))
            }
            let rebuilt = HTTPRequest(url: request.url)
            let expected = before.map { "\($0.name)=\($0.value)" } + added.map { "\($0.0)=\($0.1)" }
            #expect(try rebuilt.queryParameters.parameters.map { "\($0.name)=\($0.value)" } == expected)
            #expect(rebuilt.url.fragment == URL(string: base)!.fragment)
            #expect(rebuilt.url.path == URL(string: base)!.path)
        }
    }

    /// Random queries, added parameters and form bodies, with escaped and repeated names, `=`
    /// inside names, empty components and more than sixteen parameters: the sorted bytes are
    /// what decoding every parameter and sorting them stably by name gives, and malformed bytes
    /// throw whichever parameter holds them.
    @Test func sortedParametersAgreeWithAPlainSortOfTheDecodedParameters() throws {
        var generator = OAuth1SigningReferenceTests.Generator(state: 0x50_47_7ED)
        let pieces = ["a", "b", "ab", "a_b", "sig", "%3D", "%41", "+", "%C3%A9", "%00", "z", "", "=", "%2", "%FF", "~"]
        func component() -> String {
            (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        func form(_ count: Int) -> String {
            (0..<count).map { _ in Bool.random(using: &generator) ? component() + "=" + component() : component() }.joined(separator: "&")
        }
        func reference(_ query: String, _ added: [(String, String)], _ body: String?, excluding excluded: [String]) throws -> [UInt8] {
            var all = try FormParameters(decoding: query).parameters.map { (Array($0.name.utf8), Array($0.value.utf8)) }
            all += added.map { (Array($0.0.utf8), Array($0.1.utf8)) }
            if let body { all += try FormParameters(decoding: Data(body.utf8)).parameters.map { (Array($0.name.utf8), Array($0.value.utf8)) } }
            let kept = all.enumerated().filter { entry in !excluded.contains { Array($0.utf8) == entry.element.0 } }
            let sorted = kept.sorted { $0.element.0.lexicographicallyPrecedes($1.element.0) || ($0.element.0 == $1.element.0 && $0.offset < $1.offset) }
            return sorted.flatMap { $0.element.0 + [UInt8(ascii: "=")] + $0.element.1 }
        }
        var compared = 0, refused = 0
        for _ in 0..<1_000 {
            let query = form(Int.random(in: 0...20, using: &generator))
            guard let url = URL(string: "https://a.example/p" + (query.isEmpty && Bool.random(using: &generator) ? "" : "?" + query)) else { continue }
            var request = HTTPRequest(url: url)
            var added: [(String, String)] = []
            for index in 0..<Int.random(in: 0...3, using: &generator) {
                let name = "n\(index)" + ["", "=", "é", "sig"].randomElement(using: &generator)!
                let value = ["", "v", "a&b=c", "é"].randomElement(using: &generator)!
                try request.setQueryParameter(name, to: value)
                added.append((name, value))
            }
            var body: String? = nil
            if Bool.random(using: &generator) {
                body = form(Int.random(in: 0...12, using: &generator))
                request.setFormParameters([])
                request.body = Data(body!.utf8)
            }
            let excluded = ["sig", "a", "n0"].filter { _ in Bool.random(using: &generator) }
            let expected = Result { try reference(request.target.baseQuery ?? "", added, body, excluding: excluded) }
            let actual = Result { try request.sortedParameterBytes(excluding: excluded) }
            switch (expected, actual) {
            case (.success(let expected), .success(let actual)):
                #expect(actual == expected, "query \(query), body \(body ?? "none")")
                compared += 1
            case (.failure, .failure):
                refused += 1
            default:
                Issue.record("query \(query), body \(body ?? "none"): reference \(expected), sorted \(actual)")
            }
        }
        // Both kinds of case came up often enough to mean something.
        #expect(compared > 300 && refused > 100)
    }

    /// After a parameter is added (when the query's names are summarised), asking for any name
    /// gives what the decoded query says: escaped names, empty names and absent ones alike.
    @Test func hasQueryParameterAgreesWithTheDecodedQuery() throws {
        var generator = OAuth1SigningReferenceTests.Generator(state: 0x4A5_9A3E)
        let names = ["a", "b", "ab", "ba", "fields", "%61", "a%62", "+", "%20", "", "é", "%C3%A9", "key", "k"]
        for _ in 0..<500 {
            let query = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                let name = names.randomElement(using: &generator)!
                return Bool.random(using: &generator) ? name + "=1" : name
            }.joined(separator: "&")
            guard let url = URL(string: "https://a.example/p?" + query) else { continue }
            var request = HTTPRequest(url: url)
            try request.setQueryParameter("added", to: "1")
            let decoded = try FormParameters(decoding: url.query(percentEncoded: true) ?? "").parameters.map(\.name) + ["added"]
            for candidate in ["a", "b", "ab", "ba", "fields", "", " ", "é", "key", "k", "added", "missing"] {
                #expect(request.hasQueryParameter(named: candidate) == decoded.contains(candidate), "query \(query), name \(candidate)")
            }
        }
    }

    @Test func hexIsLowercaseWithTwoDigitsAByte() {
        #expect(Hex.lowercase([]) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.lowercase(MD5.hash(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
    }
}
