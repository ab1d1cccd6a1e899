import Foundation
import OAuth
import OAuthTesting
import Testing

/// Recording files and captured HTTP responses are read strictly.
@Suite struct RecordingTests {
    /// A token's provider members keep the order the file gives them, so a recording written
    /// back is byte for byte the file it was read from.
    @Test func aTokensMembersKeepTheirOrder() throws {
        let names = ["zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta"]
        let members = names.map { "\"\($0)\": \"\($0)-value\"" }.joined(separator: ", ")
        let recording = try Recording.decode(Data("""
            {"title": "t", "source": "s", "hookPoint": "protected-request",
             "request": {"method": "GET", "url": "https://api.example/me"},
             "token": {"access_token": "a", \(members)},
             "expect": {"request": {"method": "GET", "url": "https://api.example/me", "headers": {"Authorization": "Bearer a"}}}}
            """.utf8))
        let written = String(decoding: recording.jsonData(), as: UTF8.self)
        let positions = names.compactMap { written.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.count == names.count && positions == positions.sorted(), "\(written)")
        #expect(try Recording.decode(recording.jsonData()).jsonData() == recording.jsonData())
    }

    /// A building block writes its required parameters even at their defaults, so a provider
    /// written back reads again.
    @Test func aRequiredParameterAtItsDefaultIsWritten() throws {
        let block = try NullMeansAbsent(parameters: ["members": []])
        #expect(block.parameterValues == ["members": []])
        #expect(try NullMeansAbsent(parameters: block.parameterValues).members == [])
    }

    @Test func readsARecording() throws {
        let recording = try Recording.decode(Data("""
            {"title": "t", "source": "s", "hookPoint": "refresh-response",
             "previousToken": {"access_token": "a", "refresh_token": "r"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json", "X-A": "1"}, "body": "{}"},
             "expect": {"error": {"error": "invalid_grant"}}}
            """.utf8))
        #expect(recording.hookPoint == .refreshResponse)
        guard case .response(let response, let previous) = recording.input else {
            Issue.record("expected a response input")
            return
        }
        #expect(response.headers.fields.map(\.name) == ["Content-Type", "X-A"])
        #expect(previous?.refreshToken == "r")
        #expect(recording.expected == .error(code: "invalid_grant", description: nil))
        #expect(Outcome.error(code: "invalid_grant", description: "any").matches(recording.expected))
    }

    @Test(arguments: [
        (#"{"title":"t","source":"s","hookPoint":"token-response","expect":{"url":"x"}}"#, "hookPoint: expected one of"),
        (#"{"title":"t","source":"s","hookPoint":"access-token-response","response":{"status":"200"},"expect":{"url":"x"}}"#, "response.status: expected an integer, got a string"),
        (#"{"title":"t","source":"s","hookPoint":"protected-request","request":{"url":"https://a"},"token":{"access_token":"a"},"expect":{"token":{},"url":"x"}}"#, "expect: expected exactly one of"),
        (#"{"title":"t","hookPoint":"protected-request","expect":{"url":"x"},"sauce":1}"#, "expected members among"),
    ])
    func malformedRecordingsSayWhatIsWrong(json: String, fragment: String) {
        do {
            _ = try Recording.decode(Data(json.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func readsACapturedRawResponse() throws {
        let raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Empty:\r\n\r\naccess_token=abc\r\n"
        let response = try HTTPResponse(rawHTTP: Data(raw.utf8))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers["X-Empty"] == "")
        // The file's final line break, which an editor adds, is not the body's.
        #expect(response.body == Data("access_token=abc".utf8))
        let lf = try HTTPResponse(rawHTTP: Data("HTTP/2 400\nContent-Type: application/json\n\n{}".utf8))
        #expect(lf.status == 400)
        #expect(lf.body == Data("{}".utf8))
        // Content-Length says exactly where the body ends, line breaks included.
        let sized = try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: 5\n\nab\r\n\nmore".utf8))
        #expect(sized.body == Data("ab\r\n\n".utf8))
        #expect(try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\n\nline one\nline two\n\n".utf8)).body == Data("line one\nline two\n".utf8))
    }

    @Test func aCapturedFormBodySavedWithAFinalNewlineStillParses() throws {
        let saved = "HTTP/1.1 200 OK\nContent-Type: text/plain; charset=UTF-8\n\naccess_token=foobar&expires=5183814\n"
        let response = try HTTPResponse(rawHTTP: Data(saved.utf8))
        #expect(try FormParameters(decoding: response.body)["expires"] == "5183814")
    }

    @Test func malformedRawResponses() {
        #expect(throws: RawHTTPResponseError.missingStatusLine) { try HTTPResponse(rawHTTP: Data()) }
        #expect(throws: RawHTTPResponseError.malformedStatusLine("{\"access_token\":\"x\"}")) { try HTTPResponse(rawHTTP: Data(#"{"access_token":"x"}"#.utf8)) }
        #expect(throws: RawHTTPResponseError.malformedHeader("no colon here")) { try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nno colon here\n\n".utf8)) }
        #expect(throws: RawHTTPResponseError.bodyShorterThanContentLength(declared: 10, got: 3)) {
            try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: 10\n\nabc".utf8))
        }
        #expect(throws: RawHTTPResponseError.malformedHeader("Content-Length: ten")) {
            try HTTPResponse(rawHTTP: Data("HTTP/1.1 200 OK\nContent-Length: ten\n\nabc".utf8))
        }
    }

    @Test func readsAndReplaysARevocationRequest() throws {
        let provider = Provider(
            name: "acme", displayName: "Acme", endpoints: Endpoints(token: "https://acme.example/token", revocation: "https://acme.example/revoke"),
            fixes: [Fix(id: "acme.token-as-access-token", RenameParameters(["token": "access_token"], on: [.revocationRequest]))]
        )
        let json = """
            {"title": "t", "source": "s", "hookPoint": "revocation-request",
             "revocationRequest": {"token": "tok-1", "hint": "refresh_token", "clientID": "c", "clientSecret": "s3"},
             "expect": {"request": {"method": "POST", "url": "https://acme.example/revoke",
                        "headers": {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic YzpzMw=="},
                        "body": "access_token=tok-1&token_type_hint=refresh_token"}}}
            """
        let recording = try Recording.decode(Data(json.utf8))
        guard case .revocationRequest(let token, let hint, let client) = recording.input else {
            Issue.record("expected a revocation request input, got \(recording.input)")
            return
        }
        #expect(token == "tok-1")
        #expect(hint == .refreshToken)
        #expect(client == ClientCredentials(id: "c", secret: "s3"))
        #expect(recording.replay(with: provider).matches(recording.expected), "\(recording.replay(with: provider))")
        // The strict core sends RFC 7009's `token`, so the outcome differs without the fix.
        #expect(!recording.replay(with: provider.strictCore).matches(recording.expected))
        let again = try Recording.decode(recording.jsonData())
        #expect(again.jsonValue == recording.jsonValue)
        for (member, fragment) in [
            (#""revocationRequest": {"token": "t", "hint": "id_token", "clientID": "c"}"#, "revocationRequest.hint: expected access_token or refresh_token, got \"id_token\""),
            (#""revocationRequest": {"hint": "access_token", "clientID": "c"}"#, "revocationRequest.token: expected a string"),
            (#""tokenRequest": {"token": "t", "clientID": "c"}"#, "revocationRequest: expected an object"),
        ] {
            let broken = #"{"title": "t", "source": "s", "hookPoint": "revocation-request", "# + member + #", "expect": {"failure": "x"}}"#
            #expect(throws: RecordingError.self, "\(broken)") { try Recording.decode(Data(broken.utf8)) }
            do {
                _ = try Recording.decode(Data(broken.utf8))
            } catch {
                #expect(error.description.contains(fragment), "\(error)")
            }
        }
    }

    @Test func aCodeExchangeRecordingCarriesTheAuthorizationsState() throws {
        let provider = Provider(
            name: "acme", displayName: "Acme", endpoints: Endpoints(token: "https://acme.example/token"),
            fixes: [Fix(id: "acme.state-in-exchange", ExtraParameters(["state": "{state}"], on: [.accessTokenRequest]))]
        )
        let json = """
            {"title": "t", "source": "s", "hookPoint": "access-token-request",
             "tokenRequest": {"grantType": "authorization_code", "parameters": {"code": "c-1"}, "clientID": "c", "state": "st-9"},
             "expect": {"request": {"method": "POST", "url": "https://acme.example/token",
                        "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "body": "grant_type=authorization_code&code=c-1&client_id=c&state=st-9"}}}
            """
        let recording = try Recording.decode(Data(json.utf8))
        #expect(recording.replay(with: provider).matches(recording.expected), "\(recording.replay(with: provider))")
        #expect(try Recording.decode(recording.jsonData()).jsonValue == recording.jsonValue)
        let stateless = try Recording.decode(Data(json.replacingOccurrences(of: #", "state": "st-9""#, with: "").utf8))
        guard case .failure(let reason) = stateless.replay(with: provider) else {
            Issue.record("expected a failure without the authorization's state")
            return
        }
        #expect(reason.contains("{state}"), "\(reason)")
    }

    @Test func endpointValuesFillTheProvidersPlaceholders() throws {
        let provider = Provider(name: "tenanted", displayName: "Tenanted", endpoints: Endpoints(token: "https://login.example/{tenant}/token"))
        let json = """
            {"title": "t", "source": "s", "hookPoint": "access-token-request", "endpointValues": {"tenant": "contoso"},
             "tokenRequest": {"grantType": "client_credentials", "clientID": "c"},
             "expect": {"request": {"method": "POST", "url": "https://login.example/contoso/token",
                        "headers": {"Content-Type": "application/x-www-form-urlencoded"}, "body": "grant_type=client_credentials&client_id=c"}}}
            """
        let recording = try Recording.decode(Data(json.utf8))
        #expect(recording.endpointValues == ["tenant": "contoso"])
        #expect(recording.replay(with: provider).matches(recording.expected))
        let unfilled = Recording(title: "t", source: "s", hookPoint: recording.hookPoint, input: recording.input, expected: recording.expected)
        guard case .failure(let reason) = unfilled.replay(with: provider) else {
            Issue.record("expected a failure without a value for {tenant}")
            return
        }
        #expect(reason.contains("{tenant}"), "\(reason)")
    }
}
