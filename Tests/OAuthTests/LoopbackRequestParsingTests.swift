import Foundation
@testable import OAuth
import Testing

/// The loopback server reads requests strictly by RFC 9112: each refusal below is an input
/// that a lenient reader accepted.
@Suite struct LoopbackRequestParsingTests {
    typealias Outcome = LoopbackRequestReader.Outcome

    func read(_ text: String, chunkSize: Int = 8192, limits: LoopbackHTTPServer.Limits = .init()) -> Outcome {
        LoopbackRequestReader.fuzz(Array(text.utf8), chunkSize: chunkSize, limits: limits).outcome
    }

    func read(_ bytes: [UInt8]) -> Outcome {
        LoopbackRequestReader.fuzz(bytes).outcome
    }

    @Test func aWellFormedRequestIsReadWhateverTheReadsItArrivesIn() {
        let request = "POST /token?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\ncode=abcd"
        for chunkSize in [1, 2, 3, 7, 64, 8192] {
            #expect(read(request, chunkSize: chunkSize) == .request(method: "POST", target: "/token?x=1", bodyBytes: 9), "chunks of \(chunkSize)")
        }
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == .request(method: "GET", target: "/", bodyBytes: 0))
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\n") == .incomplete)
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabc") == .incomplete)
    }

    @Test func fieldsAreTrimmedAndKeptInOrder() throws {
        var reader = LoopbackRequestReader(limits: .init())
        let request = try #require(try reader.append(Array("GET /a%2Fb?q=%C3%A9 HTTP/1.1\r\nHost: x\r\nX-One:  a b \t\r\nx-one:c\r\n\r\n".utf8)))
        #expect(request.headers.values(for: "X-One") == ["a b", "c"])
        #expect(request.path == "/a%2Fb")
        #expect(request.queryParameters["q"] == "é")
    }

    // MARK: Field names and lines

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",      // a space in a field name
        "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n",              // an empty field name
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n", // obs-fold
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tfolded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",                    // a space before the colon
        "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-(A): v\r\n\r\n",         // "(" is a delimiter, not a tchar
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n",      // a control character in a value
        "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\n\n",                            // bare LF line endings
        "GET / HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n",              // a bare CR
        "GET / HTTP/1.1\r\n\r\n",                                 // no Host
        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",           // two Hosts
        "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",                  // an empty line before the request line
        "\r\n\r\n",
    ])
    func malformedFieldLinesAreRefused(request: String) {
        #expect(read(request) == .refused(status: 400))
    }

    @Test func aNULInAFieldValueIsRefused() {
        #expect(read(Array("GET / HTTP/1.1\r\nHost: x\r\nX-A: a".utf8) + [0] + Array("b\r\n\r\n".utf8)) == .refused(status: 400))
    }

    // MARK: The request line

    @Test(arguments: [
        "GET /callback#\u{301}?code=y&state=s HTTP/1.1\r\nHost: x\r\n\r\n", // the query a URL parser sees in the fragment
        "GET /callback#frag HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",                // a raw space in the target
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",                   // two spaces
        "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
        "GET /?code=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",           // not hex
        "GET /?code=%4 HTTP/1.1\r\nHost: x\r\n\r\n",            // a truncated escape
        "GET /% HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n",           // a raw non-ASCII byte
        "GET /a\"b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a<b> HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n",            // absolute form
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",                // asterisk form
        "GET HTTP/1.1\r\nHost: x\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",                    // a method that is not a token
        " / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / http/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1.1\r\nHost: x\r\n\r\n",
    ])
    func malformedRequestLinesAreRefused(request: String) {
        #expect(read(request) == .refused(status: 400))
    }

    @Test func targetsWithNULAreRefused() {
        #expect(read(Array("GET /a".utf8) + [0] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == .refused(status: 400))
        #expect(read(Array("GET /?code=".utf8) + [0] + Array("&state=s HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) == .refused(status: 400))
    }

    @Test func everyRFC3986CharacterIsAccepted() {
        let target = "/azAZ09-._~!$&'()*+,;=:@/%41%e9?q=/?:@-._~!$&'()*+,;="
        #expect(read("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n") == .request(method: "GET", target: target, bodyBytes: 0))
    }

    @Test func otherHTTPVersionsAre505() {
        #expect(read("GET / HTTP/1.0\r\nHost: x\r\n\r\n") == .refused(status: 505))
        #expect(read("GET / HTTP/2.0\r\nHost: x\r\n\r\n") == .refused(status: 505))
    }

    // MARK: Bodies

    @Test(arguments: ["+3", "-3", "3 3", "0x3", "3.0", "", "3,", "3, 4", " ,3"])
    func contentLengthIsDigitsOnlyAndOneValue(value: String) {
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nabcd") == .refused(status: 400))
    }

    @Test func identicalContentLengthsAreOneValue() {
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc") == .request(method: "POST", target: "/", bodyBytes: 3))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 003\r\n\r\nabc") == .request(method: "POST", target: "/", bodyBytes: 3))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") == .refused(status: 400))
    }

    @Test func transferEncodingIsNotImplemented() {
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") == .refused(status: 501))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: identity\r\n\r\nabc") == .refused(status: 501))
    }

    @Test func oversizeRequestsAreRefusedBeforeTheyArriveWhole() {
        var limits = LoopbackHTTPServer.Limits()
        limits.maximumHeaderBytes = 64
        limits.maximumHeaderCount = 3
        limits.maximumBodyBytes = 10
        // The refusal comes as soon as the limit is passed, not when the head ends.
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\nX-A: " + String(repeating: "a", count: 100), limits: limits) == .refused(status: 431))
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n", limits: limits) == .refused(status: 431))
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits) == .request(method: "GET", target: "/", bodyBytes: 0))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", limits: limits) == .refused(status: 413))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n") == .refused(status: 413))
        #expect(read("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits) == .request(method: "POST", target: "/", bodyBytes: 10))
        // A head of exactly the limit is accepted.
        let exact = "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 64 - 32) + "\r\n\r\n"
        #expect(exact.utf8.count == 64)
        #expect(read(exact, limits: limits) == .request(method: "GET", target: "/", bodyBytes: 0))
        #expect(read("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 64 - 31) + "\r\n\r\n", limits: limits) == .refused(status: 431))
    }

    @Test func pathAndQuerySplitOnBytesNotCharacters() {
        let request = LoopbackRequest(method: "GET", target: "/callback#\u{301}?code=y&state=s")
        #expect(request.path == "/callback")
        #expect(request.query == nil)
        #expect(request.queryParameters.isEmpty)
        #expect(LoopbackRequest(method: "GET", target: "/cb?\u{301}code=y").query == "\u{301}code=y")
    }

    // MARK: Over a socket: refused and closed

    @Test func theServerAnswersRefusalsAndCloses() async throws {
        let calls = Counter()
        let server = LoopbackHTTPServer { _ in
            calls.increment()
            return HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let cases: [(String, String)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", "HTTP/1.1 400 Bad Request"),
            ("GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", "HTTP/1.1 400 Bad Request"),
            ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", "HTTP/1.1 400 Bad Request"),
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", "HTTP/1.1 400 Bad Request"),
            ("GET /callback#\u{301}?code=y&state=s HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request"),
            ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 501 Not Implemented"),
            ("GET / HTTP/1.0\r\nHost: x\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported"),
            ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", "HTTP/1.1 413 Content Too Large"),
        ]
        for (request, expected) in cases {
            let answer = await LoopbackClient.onThread { () -> String in
                guard let client = LoopbackClient(port: port) else { return "no connection" }
                client.send(request)
                return String(decoding: client.readToEnd(), as: UTF8.self)
            }
            #expect(answer.hasPrefix(expected + "\r\n"), "\(request.debugDescription)")
            #expect(answer.contains("\r\nConnection: close\r\n"))
        }
        #expect(calls.value == 0, "no refused request reaches the handler")
    }
}
