import Foundation
import OAuth
import OAuthTesting
import Testing

/// Durations and instants from servers (`interval`, `expires_in`, `expires_at`, `Retry-After`)
/// are held to `ServerDurations` before any arithmetic: the inputs here once trapped the client.
@Suite struct ServerDurationsTests {
    let provider = Provider(
        name: "tv", displayName: "TV",
        endpoints: Endpoints(token: "https://as.example/token", deviceAuthorization: "https://as.example/device")
    )

    static func json(_ status: Int, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: all, body: Data(body.utf8))
    }

    /// A device authorization response with `"interval": 9223372036854775807` was accepted, and
    /// the client then died in `Task.sleep` ("Not enough bits to represent the passed value").
    @Test(arguments: ["9223372036854775807", "99999999999999999999999999"])
    func aHugeDeviceIntervalIsClampedAndPollingNeverTraps(interval: String) async throws {
        let body = #"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d","expires_in":9223372036854775807,"interval":"# + interval + "}"
        let clock = ManualClock(Date(timeIntervalSince1970: 0))
        let authorization = try FlowEngine(provider: provider).deviceAuthorization(from: Self.json(200, body), issuedAt: clock.now)
        #expect(authorization.interval == 3600)
        #expect(authorization.expiresIn == ServerDurations.maximumLifetime)
        #expect(authorization.expiresAt == Date(timeIntervalSince1970: TimeInterval(ServerDurations.maximumLifetime)))

        let answers = [
            Self.json(400, #"{"error":"slow_down"}"#), Self.json(400, #"{"error":"slow_down"}"#),
            Self.json(200, #"{"access_token":"tv-token","token_type":"Bearer"}"#),
        ]
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "tv-app"), transport: ReplayTransport(responses: answers), clock: clock)
        let waits = PollTimes()
        let token = try await client.pollDeviceAuthorization(authorization) { seconds in
            // What the default sleeper does with the value: it must be representable.
            _ = Duration.seconds(seconds)
            await waits.record(seconds)
            clock.advance(by: seconds)
        }
        #expect(token.accessToken == "tv-token")
        #expect(await waits.values == [3600, 3600, 3600])
    }

    @Test func deviceIntervalsAndLifetimesAreHeldWhateverTheInitialiserIsGiven() {
        let uri = URL(string: "https://x.example/d")!
        let huge = DeviceAuthorization(deviceCode: "d", userCode: "u", verificationURI: uri, expiresIn: .max, interval: .max, issuedAt: Date(timeIntervalSince1970: 0))
        #expect(huge.interval == 3600)
        #expect(huge.expiresIn == ServerDurations.maximumLifetime)
        let negative = DeviceAuthorization(deviceCode: "d", userCode: "u", verificationURI: uri, expiresIn: .min, interval: .min, issuedAt: Date(timeIntervalSince1970: 0))
        #expect(negative.interval == 5)
        #expect(negative.expiresIn == 0)
    }

    @Test(arguments: [
        (#""expires_in":600,"interval":1e400"#, "interval"), (#""expires_in":600,"interval":-1"#, "interval"),
        (#""expires_in":600,"interval":2.5"#, "interval"), (#""expires_in":-9223372036854775808"#, "expires_in"),
    ])
    func nonIntegerOrNegativeDurationsAreTypedErrors(members: String, name: String) {
        let body = #"{"device_code":"d","user_code":"u","verification_uri":"https://x.example/d","# + members + "}"
        #expect {
            try FlowEngine(provider: provider).deviceAuthorization(from: Self.json(200, body))
        } throws: { error in
            guard case .invalidMember(let member, _, _)? = error as? TokenResponseError else { return false }
            return member == name
        }
    }

    /// A token file whose `expires_at` is 9223372036854775807 trapped when the token was
    /// described or written back ("Double value cannot be converted to Int").
    @Test(arguments: ["9223372036854775807", "-9223372036854775808", "99999999999999999999999999"])
    func aHugeExpiresAtInATokenFileNeitherTrapsNorIsLost(literal: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("server-durations-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("token.json").path
        let file = #"{"access_token":"abc","token_type":"Bearer","expires_in":9223372036854775807,"expires_at":"# + literal + "}"
        try FileTokenStore.writeAtomically(Data(file.utf8), to: path)
        let store = FileTokenStore(path: path)
        let token = try #require(try store.load())
        let seconds = literal.hasPrefix("-") ? ServerDurations.unixSeconds.lowerBound : ServerDurations.unixSeconds.upperBound
        #expect(token.expiresAt == Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(token.expiresIn == ServerDurations.maximumLifetime)
        #expect(token.description.contains("expires_at: \(seconds)"))
        try store.save(token)
        #expect(try store.load() == token)
        _ = try JSONEncoder().encode(token)
    }

    @Test(arguments: [Double.infinity, -Double.infinity, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 9.3e18, -1, Double.nan])
    func anyExpiryDateEncodesAndDescribesWithoutTrapping(seconds: Double) throws {
        let token = Token(accessToken: "abc", expiresIn: .max, expiresAt: Date(timeIntervalSince1970: seconds))
        let object = token.jsonObject()
        let text = JSONWriter.string(.object(object))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any], "written back as valid JSON: \(text)")
        _ = token.description
        let encoded = try JSONEncoder().encode(token)
        let decoded = try JSONDecoder().decode(Token.self, from: encoded)
        if seconds.isNaN {
            #expect(object["expires_at"] == nil)
            #expect(decoded.expiresAt == nil)
        } else {
            let expected = min(max(seconds.rounded(.down), 0), Double(ServerDurations.unixSeconds.upperBound))
            #expect(object["expires_at"] == .number(JSONNumber(Int(expected))))
            #expect(decoded.expiresAt == Date(timeIntervalSince1970: expected))
        }
    }

    @Test(arguments: [
        ("120", 120), ("  7 ", 7), ("0", 0), ("3601", 3600), ("99999999999999999999999999", 3600),
        ("-5", nil), ("+5", nil), ("1.5", nil), ("", nil), ("soon", nil),
    ] as [(String, Int?)])
    func retryAfterDeltaSeconds(value: String, seconds: Int?) {
        #expect(ServerDurations.retryAfter(value, reference: nil) == seconds)
    }

    /// RFC 9110 §5.6.7's three forms of the same instant, counted from a reference a minute
    /// earlier; a date in the past means now, a far one is held to an hour.
    @Test(arguments: ["Sun, 06 Nov 1994 08:50:37 GMT", "Sunday, 06-Nov-94 08:50:37 GMT", "Sun Nov  6 08:50:37 1994"])
    func retryAfterHTTPDate(value: String) throws {
        let instant = try #require(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(instant == Date(timeIntervalSince1970: 784_111_777))
        #expect(ServerDurations.retryAfter(value, reference: instant) == 60)
        #expect(ServerDurations.retryAfter(value, reference: instant.addingTimeInterval(3600)) == 0)
        #expect(ServerDurations.retryAfter(value, reference: instant.addingTimeInterval(-86_400)) == 3600)
        #expect(ServerDurations.retryAfter(value, reference: nil) == nil)
    }

    @Test(arguments: ["Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Mon, 06 Nov 1994 08:49:37 GMTX"])
    func malformedHTTPDatesAreRefused(value: String) {
        #expect(HTTPDate.parse(value) == nil)
    }

    @Test func aServerUnavailableErrorCountsRetryAfterDatesFromTheResponsesDate() throws {
        let engine = FlowEngine(provider: provider)
        let headers: HTTPHeaders = ["Date": "Sun, 06 Nov 1994 08:49:37 GMT", "Retry-After": "Sun, 06 Nov 1994 08:51:07 GMT"]
        #expect(throws: TokenResponseError.serverUnavailable(status: 503, retryAfter: 90, error: nil)) {
            try engine.token(from: Self.json(503, "{}", headers: headers), at: .accessTokenResponse)
        }
        // Without a Date header the date counts from when the response arrived.
        let arrived = try #require(HTTPDate.parse("Sun, 06 Nov 1994 08:51:00 GMT"))
        #expect(throws: TokenResponseError.serverUnavailable(status: 429, retryAfter: 7, error: nil)) {
            try engine.token(from: Self.json(429, "{}", headers: ["Retry-After": "Sun, 06 Nov 1994 08:51:07 GMT"]), at: .accessTokenResponse, issuedAt: arrived)
        }
        #expect(throws: TokenResponseError.serverUnavailable(status: 503, retryAfter: 3600, error: nil)) {
            try engine.token(from: Self.json(503, "{}", headers: ["Retry-After": "9223372036854775808"]), at: .accessTokenResponse)
        }
    }

    @Test func introspectionExpiryIsHeld() {
        let claims: JSONObject = ["active": true, "exp": .number(JSONNumber(validating: "99999999999999999999")!)]
        #expect(TokenIntrospection(claims: claims).expiresAt == Date(timeIntervalSince1970: TimeInterval(ServerDurations.unixSeconds.upperBound)))
    }
}
