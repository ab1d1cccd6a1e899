import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// `oauthctl request` as `curl` and `gh api` behave: the body alone on standard output, exit 1
/// for HTTP 400 and more, `-i`, `-v` on standard error, `--json`.
@Suite struct OAuthCtlRequestTests {
    let cli = CLI()
    static let accessToken = "gho_16C7e42F292c6912E7710c838347Ae178B4a"

    /// A resource server: /ok answers JSON, /text plain text, /unauthorized 401 with an OAuth
    /// error, /broken 500; /echo repeats the request's method and body.
    static func respond(_ request: LoopbackRequest) -> HTTPResponse {
        switch request.path {
        case "/ok":
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json", "X-Request-Id": "r-1"], body: Data(#"{"login":"octocat","id":1}"#.utf8))
        case "/text":
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("plain words".utf8))
        case "/unauthorized":
            return HTTPResponse(
                status: 401, headers: ["Content-Type": "application/json", "WWW-Authenticate": #"Bearer error="invalid_token""#],
                body: Data(#"{"message":"Bad credentials"}"#.utf8)
            )
        case "/scope":
            return HTTPResponse(
                status: 403,
                headers: ["WWW-Authenticate": #"Bearer realm="api", error="insufficient_scope", error_description="needs the repo scope""#],
                body: Data()
            )
        case "/broken":
            return HTTPResponse(status: 500, headers: ["Content-Type": "text/html"], body: Data("<h1>oops</h1>".utf8))
        default:
            let echo: JSONValue = ["method": .string(request.method), "body": .string(String(decoding: request.body, as: UTF8.self)),
                                   "content_type": .string(request.headers["Content-Type"] ?? "")]
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: JSONWriter.data(echo))
        }
    }

    func withTokenFile(_ body: (_ base: String, _ tokenFile: String) async throws -> Void) async throws {
        try await CLI.withServer(Self.respond) { base in
            let directory = try CLI.temporaryDirectory()
            let tokenFile = directory + "/token.json"
            try FileTokenStore(path: tokenFile).save(Token(accessToken: Self.accessToken))
            try await body(base, tokenFile)
        }
    }

    @Test func theBodyAloneGoesToStandardOutput() async throws {
        try await withTokenFile { base, tokenFile in
            let json = await cli.run(["request", "--token-file", tokenFile, base + "/ok"])
            #expect(json.status == 0, "\(json.error)")
            #expect(json.out == #"{"login":"octocat","id":1}"#, "exactly the body, as jq wants it")
            #expect(json.error.isEmpty)
            let text = await cli.run(["request", "--token-file", tokenFile, base + "/text"])
            #expect(text.out == "plain words")
            // On a terminal, a body without a final line break gets one.
            #expect(await CLI(outputIsTerminal: true).run(["request", "--token-file", tokenFile, base + "/text"]).out == "plain words\n")
        }
    }

    @Test func httpErrorsExitWithOneAfterTheBody() async throws {
        try await withTokenFile { base, tokenFile in
            let unauthorized = await cli.run(["request", "--token-file", tokenFile, base + "/unauthorized"])
            #expect(unauthorized.status == 1)
            #expect(unauthorized.out == #"{"message":"Bad credentials"}"#)
            // The RFC 6750 §3 error the server put in WWW-Authenticate says why.
            #expect(unauthorized.error == "error: the server answered HTTP 401 Unauthorized: invalid_token\n")
            let scope = await cli.run(["request", "--token-file", tokenFile, base + "/scope"])
            #expect(scope.status == 1)
            #expect(scope.error == "error: the server answered HTTP 403 Forbidden: insufficient_scope (needs the repo scope)\n", "\(scope.error)")
            let broken = await cli.run(["request", "--token-file", tokenFile, base + "/broken"])
            #expect(broken.status == 1)
            #expect(broken.out == "<h1>oops</h1>")
            #expect(broken.error == "error: the server answered HTTP 500 Internal Server Error\n")
        }
    }

    @Test func includePrintsTheStatusLineAndHeadersFirst() async throws {
        try await withTokenFile { base, tokenFile in
            let result = await cli.run(["request", "--token-file", tokenFile, "-i", base + "/ok"])
            #expect(result.status == 0)
            let (head, body) = try #require(result.out.range(of: "\n\n").map { (result.out[..<$0.lowerBound], result.out[$0.upperBound...]) })
            #expect(head.hasPrefix("HTTP 200 OK\n"))
            #expect(head.contains("X-Request-Id: r-1"))
            #expect(body == #"{"login":"octocat","id":1}"#)
            let failed = await cli.run(["request", "--token-file", tokenFile, "--include", base + "/broken"])
            #expect(failed.status == 1)
            #expect(failed.out.hasPrefix("HTTP 500 Internal Server Error\n"))
        }
    }

    @Test func verboseShowsTheExchangeOnStandardErrorWithTheTokenRedacted() async throws {
        try await withTokenFile { base, tokenFile in
            let result = await cli.run(["request", "--token-file", tokenFile, "-v", base + "/ok"])
            #expect(result.status == 0)
            #expect(result.out == #"{"login":"octocat","id":1}"#)
            #expect(result.error.contains("> GET \(base)/ok\n"))
            #expect(result.error.contains("> Authorization: Bearer gho_16...[redacted]\n"))
            #expect(result.error.contains("< HTTP 200 OK\n"))
            #expect(result.error.contains("< X-Request-Id: r-1\n"))
            #expect(!result.both.contains(Self.accessToken))
        }
    }

    @Test func jsonWrapsTheStatusHeadersAndParsedBody() async throws {
        try await withTokenFile { base, tokenFile in
            let ok = await cli.run(["request", "--token-file", tokenFile, "--json", base + "/ok"])
            let object = try JSONParser().parse(Data(ok.out.utf8))
            #expect(object[path: ["status"]] == 200)
            #expect(object[path: ["headers", "x-request-id"]] == "r-1")
            #expect(object[path: ["body", "login"]] == "octocat", "a JSON body is parsed")
            let text = try JSONParser().parse(Data(await cli.run(["request", "--token-file", tokenFile, "--json", base + "/text"]).out.utf8))
            #expect(text[path: ["body"]] == "plain words", "another body is a string")

            let unauthorized = await cli.run(["request", "--token-file", tokenFile, "--json", base + "/unauthorized"])
            #expect(unauthorized.status == 1)
            #expect(try JSONParser().parse(Data(unauthorized.out.utf8))[path: ["body", "message"]] == "Bad credentials")
            let error = try JSONParser().parse(Data(unauthorized.error.utf8))
            #expect(error[path: ["error"]] == "http_401")
            #expect(error[path: ["exit_status"]] == 1)
        }
    }

    @Test func dataComesFromTheCommandLineAFileOrStandardInput() async throws {
        try await withTokenFile { base, tokenFile in
            let inline = try JSONParser().parse(Data(await cli.run(["request", "--token-file", tokenFile, "-d", "a=1", base + "/echo"]).out.utf8))
            #expect(inline[path: ["method"]] == "POST")
            #expect(inline[path: ["body"]] == "a=1")
            #expect(inline[path: ["content_type"]] == "application/x-www-form-urlencoded")
            let file = try CLI.temporaryDirectory() + "/body.json"
            try CLI.write(#"{"name":"demo"}"#, to: file)
            let fromFile = try JSONParser().parse(Data(await cli.run([
                "request", "--token-file", tokenFile, "-X", "PUT", "-H", "Content-Type: application/json", "-d", "@" + file, base + "/echo",
            ]).out.utf8))
            #expect(fromFile[path: ["method"]] == "PUT")
            #expect(fromFile[path: ["body"]] == #"{"name":"demo"}"#)
            let piped = try JSONParser().parse(Data(await CLI(input: "from=stdin").run(["request", "--token-file", tokenFile, "-d", "@-", base + "/echo"]).out.utf8))
            #expect(piped[path: ["body"]] == "from=stdin")
            let missing = await cli.run(["request", "--token-file", tokenFile, "-d", "@/nonexistent/body", base + "/echo"])
            #expect(missing.status == 3)
            #expect(missing.error.contains("request body file /nonexistent/body: missing"))
        }
    }

    @Test func aNetworkFailureIsALocalFailure() async throws {
        let directory = try CLI.temporaryDirectory()
        let tokenFile = directory + "/token.json"
        try FileTokenStore(path: tokenFile).save(Token(accessToken: Self.accessToken))
        // A port nothing listens on: bound, then closed.
        let server = LoopbackHTTPServer(handler: { _ in HTTPResponse(status: 200) })
        try server.start()
        let base = server.baseURL.absoluteString
        server.stop()
        let result = await cli.run(["request", "--token-file", tokenFile, base + "/ok"])
        #expect(result.status == 3, "\(result.error)")
        #expect(result.error.hasPrefix("error: transport: "), "\(result.error)")
    }
}
