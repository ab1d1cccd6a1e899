import Foundation
import OAuth
import Testing

/// The callback parser against the bad inputs of reference §4.2.
@Suite struct AuthorizationCallbackTests {
    let pending = PendingAuthorization(state: "xyz", codeVerifier: nil, redirectURI: "https://client.example.com/cb", createdAt: Date())

    func code(_ url: String, pending: PendingAuthorization? = nil) throws(AuthorizationCallbackError) -> String {
        try AuthorizationCallback.code(from: url, for: pending ?? self.pending)
    }

    @Test func rfc6749Section4_1_2Response() throws {
        #expect(try code("https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz") == "SplxlOBeZQQYbYS6WxSbIA")
        #expect(try code("https://CLIENT.example.com:443/cb?state=xyz&code=a&unknown=1") == "a", "host case, default port and unknown parameters")
    }

    @Test(arguments: ["https://client.example.com/cb?code=a", "https://client.example.com/cb?code=a&state=", "https://client.example.com/cb?code=a&state=xyZ"])
    func row1StateMissingEmptyOrDifferent(url: String) {
        #expect(throws: AuthorizationCallbackError.self) { try code(url) }
        do { _ = try code(url) } catch {
            #expect(error == .missingState || error == .stateMismatch)
        }
    }

    @Test(arguments: ["https://client.example.com/cb?code=a&state=xyz&state=xyz", "https://client.example.com/cb?code=a&code=b&state=xyz"])
    func row2DuplicateParameters(url: String) {
        #expect(throws: AuthorizationCallbackError.self) { try code(url) }
    }

    @Test func row3ResponseInTheFragmentIsRefused() {
        #expect(throws: AuthorizationCallbackError.responseInFragment) { try code("https://client.example.com/cb#code=a&state=xyz") }
    }

    @Test func row4QueryWinsOverFragment() throws {
        #expect(try code("https://client.example.com/cb?code=a&state=xyz#code=b&state=evil") == "a")
    }

    @Test func row5ErrorIsCheckedForStateFirst() {
        #expect(throws: AuthorizationCallbackError.authorizationDenied(OAuthError(code: .accessDenied, status: 0))) {
            try code("https://client.example.com/cb?error=access_denied&state=xyz")
        }
        #expect(throws: AuthorizationCallbackError.missingState) { try code("https://client.example.com/cb?error=access_denied") }
    }

    @Test func row6ErrorWinsOverCode() {
        #expect(throws: AuthorizationCallbackError.authorizationDenied(OAuthError(code: "server_error", status: 0))) {
            try code("https://client.example.com/cb?code=a&error=server_error&state=xyz")
        }
    }

    @Test func row7DescriptionSanitisedAndNonHTTPSURIDropped() throws {
        do {
            _ = try code("https://client.example.com/cb?error=access_denied&error_description=%3Cscript%3E%22x%22&error_uri=http%3A%2F%2Fevil&state=xyz")
            Issue.record("expected an error")
        } catch {
            guard case .authorizationDenied(let oauth) = error else {
                Issue.record("expected authorizationDenied, got \(error)")
                return
            }
            #expect(oauth.errorDescription == "<script>x")
            #expect(oauth.uri == nil)
        }
    }

    @Test func row8FormDecoding() throws {
        #expect(try code("https://client.example.com/cb?code=a+b%20c&state=xyz") == "a b c")
        let appendixB = PendingAuthorization(state: " %&+£€", codeVerifier: nil, redirectURI: "https://client.example.com/cb", createdAt: Date())
        #expect(try code("https://client.example.com/cb?code=a&state=+%25%26%2B%C2%A3%E2%82%AC", pending: appendixB) == "a")
    }

    @Test(arguments: ["code=%ZZ&state=xyz", "code=%E2%82&state=xyz", "code=a%00&state=xyz", "code=a b&state=xyz"])
    func row9BrokenEscapesUTF8AndNUL(query: String) {
        #expect(throws: AuthorizationCallbackError.self) { try code("https://client.example.com/cb?" + query) }
    }

    @Test func aQueryIsNeverReadOutOfTheFragment() {
        // "#" then a combining mark is one Character: split on Characters, the "?" after it
        // looked like the start of the query.
        #expect(throws: AuthorizationCallbackError.responseInFragment) { try code("https://client.example.com/cb#\u{301}?code=y&state=xyz") }
        #expect(throws: AuthorizationCallbackError.responseInFragment) { try code(URL(string: "https://client.example.com/cb#%CC%81?code=y&state=xyz")!) }
        #expect(throws: AuthorizationCallbackError.missingState) { try code("https://client.example.com/cb?code=a#\u{301}&state=xyz") }
    }

    func code(_ url: URL) throws(AuthorizationCallbackError) -> String {
        try AuthorizationCallback.code(from: url, for: pending)
    }

    @Test(arguments: [
        ("https://client.example.com/cb?code=a b&state=xyz", 0x20, 36),
        ("https://client.example.com/cb?code=a\u{0}&state=xyz", 0x00, 36),
        ("https://client.example.com/cb?code=a&state=xyz\u{0}", 0x00, 46),
        ("https://client.example.com/cb?code=a\tb&state=xyz", 0x09, 36),
        ("https://client.example.com/cb?code=a\nb&state=xyz", 0x0A, 36),
        ("https://client.example.com/cb?code=a\u{7F}&state=xyz", 0x7F, 36),
        ("https://client.example.com/cb?code=a&state=xyz#a b", 0x20, 48),
    ])
    func rawSpacesAndControlCharactersAreRefused(url: String, byte: Int, offset: Int) {
        #expect(throws: AuthorizationCallbackError.disallowedCharacter(byte: UInt8(byte), offset: offset)) { try code(url) }
    }

    @Test(arguments: [
        ("https://client.example.com/cb?code=%ZZ&state=xyz", 35),
        ("https://client.example.com/cb?code=a%4&state=xyz", 36),
        ("https://client.example.com/cb?code=a&state=xyz%", 46),
        ("https://client.example.com/cb?code=a&state=xyz%2", 46),
        ("https://client.example.com/c%Gb?code=a&state=xyz", 28),
    ])
    func undecodablePercentSequencesAreRefused(url: String, offset: Int) {
        #expect(throws: AuthorizationCallbackError.invalidPercentEncoding(offset: offset)) { try code(url) }
    }

    @Test func refusalsNameTheByteNotTheValue() {
        #expect(AuthorizationCallbackError.disallowedCharacter(byte: 0x20, offset: 3).description == "callback: expected only URI characters, got a raw space at byte 3")
        #expect(AuthorizationCallbackError.disallowedCharacter(byte: 0x0A, offset: 9).description == "callback: expected only URI characters, got control character 0x0A at byte 9")
    }

    @Test(arguments: ["https://client.example.com/cb2?code=a&state=xyz", "https://client.example.com/cb/../x?code=a&state=xyz",
                      "https://client.example.com:8443/cb?code=a&state=xyz", "https://other.example.com/cb?code=a&state=xyz",
                      "http://client.example.com/cb?code=a&state=xyz"])
    func row10NotOurRedirect(url: String) {
        #expect(throws: AuthorizationCallbackError.self) { try code(url) }
        do { _ = try code(url) } catch {
            if case .redirectMismatch = error {} else { Issue.record("expected redirectMismatch, got \(error)") }
        }
    }

    @Test func row11IssuerRequiredExactAndDecoded() throws {
        let strict = PendingAuthorization(state: "xyz", codeVerifier: nil, redirectURI: "https://client.example/cb", issuer: "https://honest.as.example", requiresIssuer: true, createdAt: Date())
        #expect(try code("https://client.example/cb?code=x&state=xyz&iss=https%3A%2F%2Fhonest.as.example", pending: strict) == "x")
        #expect(throws: AuthorizationCallbackError.missingIssuer) { try code("https://client.example/cb?code=x&state=xyz", pending: strict) }
        #expect(throws: AuthorizationCallbackError.issuerMismatch(expected: "https://honest.as.example", got: "https://honest.as.example/")) {
            try code("https://client.example/cb?code=x&state=xyz&iss=https%3A%2F%2Fhonest.as.example%2F", pending: strict)
        }
        #expect(throws: AuthorizationCallbackError.issuerMismatch(expected: "https://honest.as.example", got: "https://attacker.example")) {
            try code("https://client.example/cb?error=access_denied&state=xyz&iss=https%3A%2F%2Fattacker.example", pending: strict)
        }
        #expect(try code("https://client.example.com/cb?code=x&state=xyz&iss=https%3A%2F%2Fanyone.example") == "x", "an unadvertised iss is ignored")
    }

    @Test func rfc9207Section2_1Example() throws {
        let pending = PendingAuthorization(state: "ZWVlNDBlYzA1NjdkMDNhYjg3ZjUxZjAyNGQzMTM2NzI", codeVerifier: nil, redirectURI: "https://client.example/cb",
                                           issuer: "https://honest.as.example", requiresIssuer: true, createdAt: Date())
        #expect(try code("https://client.example/cb?code=x1848ZT64p4IirMPT0R-X3141MFPTuBX-VFL_cvaplMH58&state=ZWVlNDBlYzA1NjdkMDNhYjg3ZjUxZjAyNGQzMTM2NzI&iss=https%3A%2F%2Fhonest.as.example", pending: pending)
            == "x1848ZT64p4IirMPT0R-X3141MFPTuBX-VFL_cvaplMH58")
    }

    @Test func row14LongURLsAreRefused() {
        let long = "https://client.example.com/cb?code=a&state=xyz&pad=" + String(repeating: "a", count: 8200)
        #expect(throws: AuthorizationCallbackError.tooLong(long.utf8.count)) { try code(long) }
    }

    @Test func pendingAuthorizationHidesItsSecretsAndRoundTrips() throws {
        let pending = PendingAuthorization(state: PendingAuthorization.randomState(), codeVerifier: PKCE().verifier, redirectURI: "http://127.0.0.1:9/cb", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(!pending.description.contains(pending.state))
        #expect(!pending.description.contains(pending.codeVerifier!))
        #expect(try JSONDecoder().decode(PendingAuthorization.self, from: JSONEncoder().encode(pending)) == pending)
    }
}

/// https everywhere but loopback; origins compared after parsing.
@Suite struct EndpointSecurityTests {
    @Test(arguments: ["https://as.example/token", "http://127.0.0.1:8080/token", "http://[::1]:8080/cb", "http://localhost/cb", "http://127.10.0.1/x"])
    func accepted(url: String) throws {
        try EndpointSecurity.check(URL(string: url)!, role: "endpoint")
    }

    @Test(arguments: ["http://as.example/token", "http://localhost:@evil.example/cb", "ftp://as.example/x", "http://127.0.0.1.evil.example/x", "https:///nohost"])
    func refused(url: String) {
        guard let parsed = URL(string: url) else { return }
        #expect(throws: InsecureEndpointError.self) { try EndpointSecurity.check(parsed, role: "endpoint") }
    }

    @Test func origins() {
        #expect(EndpointSecurity.origin(of: URL(string: "HTTPS://API.Example:443/x?y")!) == "https://api.example")
        #expect(EndpointSecurity.origin(of: URL(string: "http://127.0.0.1:8080/")!) == "http://127.0.0.1:8080")
    }
}

/// The file store: JSON, atomic replace, mode 0600.
@Suite struct FileTokenStoreTests {
    @Test func roundTripsWithMode0600AndNoTemporaryFilesLeft() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        let store = FileTokenStore(path: directory.appendingPathComponent("token.json").path)
        #expect(try store.load() == nil)
        let token = Token(accessToken: "a", expiresIn: 60, expiresAt: Date(timeIntervalSince1970: 1_700_000_060), refreshToken: "r", scope: ["x"], extras: ["user_id": "u"])
        try store.save(token)
        #expect(try store.load() == token)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        try store.save(Token(accessToken: "b"))
        #expect(try store.load()?.accessToken == "b")
        // The write lock's file stays beside the token (it is how processes take turns); no
        // temporary file is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["token.json", "token.json.lock"])
        try store.clear()
        #expect(try store.load() == nil)
    }

    @Test func aMalformedFileIsATypedError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json").path
        try Data("{\"token_type\":\"Bearer\"}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: TokenStoreError.self) { try FileTokenStore(path: path).load() }
    }
}
