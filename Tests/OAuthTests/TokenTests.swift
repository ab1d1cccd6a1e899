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
        #expect(object[path: ["team", "id"]] == "T1")
        #expect(try JSONDecoder().decode(Token.self, from: data) == token)
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
