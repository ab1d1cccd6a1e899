import Foundation
import OAuth
import Testing

/// Tokens encode with RFC names, keep extras, and never print secrets.
@Suite struct TokenTests {
    @Test func codableRoundTripKeepsExtrasAndExpiry() throws {
        let token = Token(
            accessToken: "2YotnFZFEjr1zCsicMWpAA", expiresIn: 3600, expiresAt: Date(timeIntervalSince1970: 1_700_003_600),
            refreshToken: "tGzv3JOkF0XG5Qx2TlKWIA", scope: ["read", "write"], extras: ["id_token": "eyJ.a.b", "team": ["id": "T1"]]
        )
        let data = try JSONEncoder().encode(token)
        let object = try JSONParser().parse(data)
        #expect(object[path: ["scope"]] == "read write")
        #expect(object[path: ["expires_at"]] == 1_700_003_600)
        #expect(object[path: ["extras", "team", "id"]] == "T1")
        #expect(try JSONDecoder().decode(Token.self, from: data) == token)
    }

    @Test func aProvidersOwnExpiresAtIsNeverTheTokensExpiry() throws {
        // Strava sends expires_at (seconds) beside expires_in; Epic Games an ISO 8601 date.
        let strava = Token(accessToken: "a", expiresIn: 21600, expiresAt: Date(timeIntervalSince1970: 1_700_021_600), extras: ["expires_at": 1_568_775_134])
        let stored = strava.jsonObject()
        #expect(stored["expires_at"] == 1_700_021_600)
        #expect(JSONValue.object(stored)[path: ["extras", "expires_at"]] == 1_568_775_134)
        let again = try Token(jsonObject: stored)
        #expect(again.expiresAt == Date(timeIntervalSince1970: 1_700_021_600))
        #expect(again.extras["expires_at"] == 1_568_775_134)
        // Without an expiry of its own, the provider's member is still not read as one.
        let noExpiry = try Token(jsonObject: Token(accessToken: "a", extras: ["expires_at": 1_568_775_134]).jsonObject())
        #expect(noExpiry.expiresAt == nil)
        #expect(noExpiry.extras["expires_at"] == 1_568_775_134)
        // A file of the older, flat form: a numeric expires_at is the expiry, a date is an extra.
        let epic = try Token(jsonObject: ["access_token": "a", "expires_at": "2026-11-28T20:00:00.000Z", "account_id": "x"])
        #expect(epic.expiresAt == nil)
        #expect(epic.extras == ["expires_at": "2026-11-28T20:00:00.000Z", "account_id": "x"])
        #expect(try Token(jsonObject: ["access_token": "a", "expires_at": 1_700_000_000]).expiresAt == Date(timeIntervalSince1970: 1_700_000_000))
        // The response's own shape keeps the members side by side, without the client's expiry.
        #expect(strava.jsonObject(includingExpiresAt: false) == ["access_token": "a", "token_type": "Bearer", "expires_in": 21600, "expires_at": 1_568_775_134])
    }

    @Test func decodingRefusesATokenWithoutAccessToken() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Token.self, from: Data(#"{"token_type":"Bearer"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Token.self, from: Data(#"{"access_token":"a","expires_in":"1"}"#.utf8)) }
    }

    @Test func descriptionRedactsEverySecret() {
        let token = Token(accessToken: "0123456789", refreshToken: "01234", extras: ["id_token": "eyJhbGciOiJSUzI1NiJ9.payload.sig", "user": "bob"])
        let text = token.description
        #expect(text.contains("012345...[redacted]"))
        #expect(text.contains("refresh_token: [redacted]"))
        #expect(!text.contains("payload"))
        #expect(text.contains("bob"))
    }
}

/// The redaction rules (reference §1.4 K8).
@Suite struct RedactionTests {
    @Test func appAuthVectors() {
        #expect(Redaction.secret("0123456789") == "012345...[redacted]")
        #expect(Redaction.secret("01234") == "[redacted]")
        #expect(Redaction.secret("") == "")
    }

    @Test func requestsHideCredentialsInHeadersQueryAndBody() {
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.example/x?access_token=mF_9.B5f-4.1JqM&page=2")!)
        request.headers["Authorization"] = "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"
        request.setFormParameters(["grant_type": "refresh_token", "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA", "client_secret": "gX1fBat3bV"])
        let text = request.description
        for secret in ["mF_9.B5f-4.1JqM", "czZCaGRSa3F0MzpnWDFmQmF0M2JW", "tGzv3JOkF0XG5Qx2TlKWIA", "gX1fBat3bV"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
        #expect(text.contains("page=2"))
        #expect(text.contains("Basic czZCaG...[redacted]"))
    }

    @Test func responsesHideTokensInJSONAndSnippets() {
        let json = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","nested":{"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}}"#.utf8))
        #expect(!json.description.contains("2YotnFZFEjr1zCsicMWpAA"))
        #expect(!json.description.contains("tGzv3JOkF0XG5Qx2TlKWIA"))
        let html = Redaction.snippet(Data(("<p>token: " + String(repeating: "Z", count: 30) + "</p>").utf8))
        #expect(html == "<p>token: ZZZZZZ...[redacted]</p>")
    }

    /// A token response whose content type is not JSON is quoted in the error, with its secret
    /// members hidden however short they are, and a form with secrets is read as a form
    /// whatever its content type says.
    @Test func anErrorQuotesABodyOfTheWrongContentTypeWithoutItsSecrets() throws {
        let body = Data(#"{"accessToken":"short-tok-13","token_type":"Bearer"}"#.utf8)
        let error = #expect(throws: TokenResponseError.self) {
            try TokenResponseParser().parse(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: body), issuedAt: Date())
        }
        let text = try #require(error).description
        #expect(text.contains("Bearer") && !text.contains("short-tok-13"), "\(text)")
        let form = Redaction.body(Data("oauth_token=abc123tok&oauth_token_secret=s3cr3t-value".utf8), contentType: "text/html")
        #expect(!form.contains("s3cr3t-value") && !form.contains("abc123tok") && form.contains("oauth_token_secret="), "\(form)")
        let long = Redaction.excerpt(Data(("{\"a\":\"" + String(repeating: "x ", count: 400) + "\"}").utf8), contentType: nil)
        #expect(long.count == 257 && long.hasSuffix("…"))
    }

    /// A provider that repeats a token or secret under a name of its own does not get it shown.
    @Test func descriptionsHideATokenRepeatedUnderAnotherName() throws {
        let oauth1 = OAuth1Token(token: "tok-1", secret: "TOKEN_SECRET", extras: [.init(name: "oauth_token_secr)t", value: "TOKEN_SECRET")])
        #expect(!oauth1.description.contains("TOKEN_SECRET"), "\(oauth1)")
        let inAName = OAuth1Token(token: "tok-1", secret: "TOKEN_SECRET", extras: [.init(name: "oauth_token_ceerst\u{11}TOKEN_SECRET", value: "")])
        #expect(!inAName.description.contains("TOKEN_SECRET"), "\(inAName)")
        var token = Token(accessToken: "access-value-12", refreshToken: "refresh-value-12")
        token.extras = ["copy": .string("access-value-12"), "list": .array([.string("refresh-value-12")])]
        #expect(!token.description.contains("access-value-12") && !token.description.contains("refresh-value-12"), "\(token)")
    }

    /// A PLAINTEXT signature is `client_secret&token_secret` itself: no prefix of it is shown.
    @Test func anOAuth1SignatureIsHiddenWhole() throws {
        let signer = OAuth1Signer(client: ClientCredentials(id: "key", secret: "ja893SD9-client-secret"), token: OAuth1Token(token: "tok", secret: "tokensecret"),
                                  method: .plaintext, placement: .query)
        let signed = try signer.sign(HTTPRequest(url: URL(string: "https://photos.example.net/photos?size=original")!))
        #expect(signed.url.absoluteString.contains("ja893SD9"))
        let shown = Redaction.url(signed.url)
        #expect(!shown.contains("ja893"))
        #expect(!shown.contains("tokens"))
        #expect(shown.contains("oauth_signature=%5Bredacted%5D") || shown.contains("oauth_signature=[redacted]"))
        #expect(shown.contains("size=original"))
        #expect(!signed.description.contains("ja893"))
    }
}
