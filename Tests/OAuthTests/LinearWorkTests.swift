import Foundation
import OAuth
import OAuthTesting
import Testing

/// Every parser that reads outside input does work in proportion to its input. Each case runs
/// on a 16 KiB and a 1 MiB input and compares the steps `ParseWork` counted (bytes scanned,
/// values built, members looked up, inserted, moved and re-indexed), never wall time: 64 times
/// the input must cost about 64 times the steps, where a quadratic path would cost 4,096.
@Suite struct LinearWorkTests {
    static let small = 16 * 1024
    static let large = 1024 * 1024

    /// Limits wide enough for the 1 MiB inputs, so the work measured is the parsing itself.
    static let wide = TokenResponseLimits(maximumBodyBytes: 2 * large, maximumDepth: JSONParser.depthCeiling)

    /// Repeats `piece(i)` joined by `separator` until the text has about `size` bytes.
    static func text(size: Int, prefix: String = "", separator: String = ",", suffix: String = "", _ piece: (Int) -> String) -> String {
        var parts: [String] = []
        var length = prefix.utf8.count + suffix.utf8.count
        var index = 0
        while length < size {
            let part = piece(index)
            length += part.utf8.count + separator.utf8.count
            parts.append(part)
            index += 1
        }
        return prefix + parts.joined(separator: separator) + suffix
    }

    static func jsonResponse(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
    }

    static func formResponse(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": MediaType.formURLEncoded], body: Data(text.utf8))
    }

    /// The inputs, by name, for a given size.
    static let cases: [String: @Sendable (Int) throws -> Void] = [
        "JSON: many members": { size in
            _ = try JSONParser().parse(Data(text(size: size, prefix: "{", suffix: "}") { #""member\#($0)":\#($0)"# }.utf8))
        },
        "JSON: long values": { size in
            _ = try JSONParser().parse(Data((#"{"access_token":""# + String(repeating: "a\\u00e9", count: size / 7) + #""}"#).utf8))
        },
        "JSON: deep but allowed nesting": { size in
            let depth = JSONParser.depthCeiling - 1
            let nested = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            _ = try JSONParser(maximumDepth: .max).parse(Data(text(size: size, prefix: "[", suffix: "]") { _ in nested }.utf8))
        },
        "form decoding": { size in
            let form = try FormParameters(decoding: Data(text(size: size, separator: "&") { "name\($0)=value+%C3%A9\($0)" }.utf8))
            _ = form["name1"]
            _ = form.firstRepeatedName
        },
        "JSONObject: lookup, insert, rename, remove": { size in
            var object = JSONObject()
            let count = size / 16
            for index in 0..<count { object["member\(index)"] = .number(JSONNumber(index)) }
            for index in 0..<count { _ = object["member\(index)"] }
            for index in 0..<count { object.renameMember("member\(index)", to: "renamed\(index)") }
            for index in 0..<8 { object.removeValue(forKey: "renamed\(index * 7)") }
            _ = object == object
        },
        "form-encoded body fix and token parser": { size in
            let body = text(size: size, prefix: "access_token=abc&token_type=bearer&expires=007&", separator: "&") { "extra\($0)=value\($0)" }
            let engine = FlowEngine(provider: provider(fixes: [
                Fix(id: "t.form", FormEncodedBody()), Fix(id: "t.rename", RenameMembers(["expires": "expires_in"])),
            ]), limits: wide)
            _ = try engine.token(from: formResponse(body), at: .accessTokenResponse)
        },
        "camelCase fix and token parser": { size in
            let body = text(size: size, prefix: #"{"accessToken":"abc","tokenType":"Bearer","expiresIn":3600,"#, suffix: "}") { #""extraMember\#($0)":\#($0)"# }
            let engine = FlowEngine(provider: provider(fixes: [Fix(id: "t.camel", SnakeCaseMembers())]), limits: wide)
            _ = try engine.token(from: jsonResponse(body), at: .accessTokenResponse)
        },
        "generic profile and token parser": { size in
            let body = text(size: size, prefix: "access_token=abc&expires_in=0042&scope=a+b&", separator: "&") { "extra\($0)=value\($0)" }
            let engine = FlowEngine(provider: provider(fixes: Fix.genericProfile), limits: wide)
            _ = try engine.token(from: formResponse(body), at: .accessTokenResponse)
        },
        "raw-response reader": { size in
            let headers = text(size: size / 2, separator: "\r\n") { "X-Header-\($0): value \($0)" }
            let raw = "HTTP/1.1 200 OK\r\n" + headers + "\r\nContent-Type: application/json\r\n\r\n" + String(repeating: "x", count: size / 2)
            _ = try HTTPResponse(rawHTTP: Data(raw.utf8))
        },
        "OAuth 1.0a credentials parser": { size in
            let body = text(size: size, prefix: "oauth_token=t&oauth_token_secret=s&", separator: "&") { "extra\($0)=value\($0)" }
            let response = TokenEndpointResponse(formResponse(body), limits: wide)
            _ = try OAuth1CredentialsParser().tokenCredentials(from: response)
        },
    ]

    static func provider(fixes: [Fix]) -> Provider {
        Provider(name: "linear", displayName: "Linear", endpoints: Endpoints(token: "https://as.example/token"), fixes: fixes)
    }

    @Test(arguments: cases.keys.sorted())
    func workGrowsLinearlyWithTheInput(name: String) async throws {
        let run = try #require(Self.cases[name])
        // On a thread of its own: a second of parsing must not hold a thread of the shared pool
        // that the loopback tests running beside it wait on.
        let (smallSteps, largeSteps) = try await onOwnThread {
            (try ParseWork.measure { try run(Self.small) }.steps, try ParseWork.measure { try run(Self.large) }.steps)
        }
        #expect(smallSteps >= Self.small / 4, "\(name): the counter must see the work (\(smallSteps) steps for 16 KiB)")
        let ratio = Double(largeSteps) / Double(smallSteps)
        #expect(ratio > 32 && ratio < 96, "\(name): 1 MiB took \(largeSteps) steps, 16 KiB \(smallSteps): ratio \(ratio), expected about 64")
    }

    /// The counter catches quadratic work: removing every member from the front, one at a time,
    /// moves the members behind it each time.
    @Test func theCounterSeesQuadraticWork() {
        func removeAllFromTheFront(_ count: Int) -> Int {
            ParseWork.measure {
                var object = JSONObject()
                for index in 0..<count { object["m\(index)"] = .null }
                for index in 0..<count { object.removeValue(forKey: "m\(index)") }
            }.steps
        }
        let ratio = Double(removeAllFromTheFront(4096)) / Double(removeAllFromTheFront(256))
        #expect(ratio > 128, "16 times the members should cost about 256 times the steps, got \(ratio)")
    }
}

/// Runs `body` on a new thread with `stackSize` bytes of stack and waits for it without holding
/// a thread of Swift's shared pool.
func onOwnThread<T: Sendable>(stackSize: Int = 8 << 20, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = stackSize
        thread.start()
    }
}
