import Foundation
import OAuth
import Testing

/// OAuth 1.0a signing against the published vectors (reference §3.1-3.5): RFC 5849's examples,
/// Twitter's "Creating a signature", and oauthlib's client tests.
@Suite struct OAuth1SigningTests {
    /// The `Authorization: OAuth` parameters, decoded.
    func headerParameters(_ request: HTTPRequest) throws -> [String: String] {
        let header = try #require(request.headers["Authorization"])
        #expect(header.hasPrefix("OAuth "))
        var parameters: [String: String] = [:]
        for field in header.dropFirst("OAuth ".count).components(separatedBy: ", ") {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            #expect(parts.count == 2 && parts[1].hasPrefix("\"") && parts[1].hasSuffix("\""))
            parameters[parts[0]] = OAuth1Encoding.decode(String(parts[1].dropFirst().dropLast()))
        }
        return parameters
    }

    // MARK: Percent-encoding (§3.5)

    @Test(arguments: [
        (" ", "%20"), ("+", "%2B"), ("*", "%2A"), ("%", "%25"), ("!'()", "%21%27%28%29"),
        ("/?#[]@", "%2F%3F%23%5B%5D%40"), (":&=;,$", "%3A%26%3D%3B%2C%24"), ("é", "%C3%A9"), ("e\u{301}", "e%CC%81"),
        ("☃", "%E2%98%83"), ("😀", "%F0%9F%98%80"), ("\u{0}", "%00"), ("\n", "%0A"), ("=%3D", "%3D%253D"),
        ("AZaz09-._~", "AZaz09-._~"),
        ("Hello Ladies + Gentlemen, a signed OAuth request!", "Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21"),
    ])
    func percentEncoding(text: String, encoded: String) {
        #expect(OAuth1Encoding.encode(text) == encoded)
        #expect(OAuth1Encoding.decode(encoded) == text)
    }

    @Test func decodingComparesBytesNotCharacters() {
        // "é" precomposed and "e" + combining acute are equal Strings in Swift but different octets.
        #expect(OAuth1Encoding.decode("%C3%A9")?.utf8.elementsEqual("\u{E9}".utf8) == true)
        #expect(OAuth1Encoding.decode("e%CC%81")?.utf8.elementsEqual("\u{E9}".utf8) == false)
        #expect(OAuth1Encoding.encode("e\u{301}") != OAuth1Encoding.encode("\u{E9}"))
    }

    @Test func headerDecodingRejectsBadEscapesAndKeepsPlus() {
        #expect(OAuth1Encoding.decode("a+b") == "a+b")
        for bad in ["%R", "%RA", "%AR", "%RR", "%", "%C3"] { #expect(OAuth1Encoding.decode(bad) == nil, "\(bad)") }
    }

    // MARK: §3.1: RFC 5849 §3.4.1

    static let rfcRequest: HTTPRequest = {
        var request = HTTPRequest(method: "POST", url: URL(string: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")!)
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request.body = Data("c2&a3=2+q".utf8)
        return request
    }()

    static let rfcOAuthParameters = [
        ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"), ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a"),
    ]

    @Test func rfc5849NormalizedParametersAndBaseString() throws {
        let parameters = try OAuth1SignatureBase.requestParameters(of: Self.rfcRequest) + Self.rfcOAuthParameters
        #expect(OAuth1SignatureBase.normalizedParameters(parameters) == "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7")
        #expect(try OAuth1SignatureBase.baseString(for: Self.rfcRequest, oauthParameters: Self.rfcOAuthParameters) == "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7")
    }

    /// The RFC gives no secrets; oauthlib's signature tests supply them.
    @Test func rfc5849BaseStringSignedWithOauthlibsSecrets() throws {
        let base = try OAuth1SignatureBase.baseString(for: Self.rfcRequest, oauthParameters: Self.rfcOAuthParameters)
        let client = "ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ", token = "just-a-string    asdasd"
        #expect(try OAuth1SignatureMethod.hmacSHA1.signature(baseString: base, clientSecret: client, tokenSecret: token) == "wsdNmjGB7lvis0UJuPAmjvX/PXw=")
        #expect(try OAuth1SignatureMethod.hmacSHA256.signature(baseString: base, clientSecret: client, tokenSecret: token) == "wdfdHUKXHbOnOGZP8WFAWMSAmWzN3EVBWWgXGlC/Eo4=")
        #expect(try OAuth1SignatureMethod.plaintext.signature(baseString: base, clientSecret: client, tokenSecret: token) == "ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ&just-a-string%20%20%20%20asdasd")
    }

    @Test(arguments: [
        ("http://EXAMPLE.COM:80/r%20v/X?id=123", "http://example.com/r%20v/X"),
        ("https://www.example.net:8080/?q=1", "https://www.example.net:8080/"),
        ("HTTPS://Example.com:443", "https://example.com/"),
        ("http://example.com:8080/a#fragment", "http://example.com:8080/a"),
        ("https://example.com:80/", "https://example.com:80/"),
    ])
    func baseStringURIs(url: String, base: String) throws {
        #expect(try OAuth1SignatureBase.baseStringURI(URL(string: url)!) == base)
    }

    @Test func baseStringURIsNeedHTTP() {
        #expect(throws: OAuth1SigningError.self) { try OAuth1SignatureBase.baseStringURI(URL(string: "ftp://example.com/")!) }
    }

    @Test func anIPv6HostKeepsItsBrackets() throws {
        #expect(try OAuth1SignatureBase.baseStringURI(URL(string: "http://[::1]:8080/r?x=1")!) == "http://[::1]:8080/r")
        #expect(try OAuth1SignatureBase.baseStringURI(URL(string: "https://[2001:DB8::1]:443/")!) == "https://[2001:db8::1]/")
    }

    /// The query is read as a form (§3.4.1.3.1): a literal `+` is a space, `%2B` a plus, and an
    /// escape that is not UTF-8 (`%E9`, Latin-1 é) is signed as the octet it names.
    @Test func queryOctetsAreSignedAsSent() throws {
        let request = HTTPRequest(url: URL(string: "https://api.example.com/s?q=a+b&p=a%2Bb&l=caf%E9")!)
        #expect(try OAuth1SignatureBase.baseString(for: request, oauthParameters: [("oauth_nonce", "n")])
            == "GET&https%3A%2F%2Fapi.example.com%2Fs&l%3Dcaf%25E9%26oauth_nonce%3Dn%26p%3Da%252Bb%26q%3Da%2520b")
        // The same bytes as UTF-8 (%C3%A9) sign differently: nothing was re-encoded on the way.
        let utf8 = HTTPRequest(url: URL(string: "https://api.example.com/s?l=caf%C3%A9")!)
        #expect(try OAuth1SignatureBase.baseString(for: utf8, oauthParameters: []) == "GET&https%3A%2F%2Fapi.example.com%2Fs&l%3Dcaf%25C3%25A9")
    }

    @Test func aRealmIsAQuotedStringNotPercentEncoded() throws {
        let request = try sign("GET", "https://photos.example.net/", token: nil, timestamp: "1", nonce: "n", realm: #"Photos "2", a\b"#)
        let header = try #require(request.headers["Authorization"])
        #expect(header.hasPrefix(#"OAuth realm="Photos \"2\", a\\b", oauth_consumer_key="#))
        // The realm is not signed: the signature is the one without it.
        let plain = try sign("GET", "https://photos.example.net/", token: nil, timestamp: "1", nonce: "n")
        #expect(try headerParameters(plain)["oauth_signature"] == signatureField(header))
    }

    /// The `oauth_signature` field of a header, still encoded, without assuming how other fields split.
    func signatureField(_ header: String) -> String? {
        guard let start = header.range(of: #"oauth_signature=""#) else { return nil }
        return OAuth1Encoding.decode(String(header[start.upperBound...].prefix { $0 != "\"" }))
    }

    // MARK: §3.2: RFC 5849 §1.2

    static let printer = ClientCredentials(id: "dpf43f3p2l4k3l03", secret: "kd94hf93k423kf44")

    func sign(_ method: String, _ url: String, token: OAuth1Token?, parameters: [(String, String)] = [], timestamp: String, nonce: String,
              realm: String? = nil, version: Bool = false) throws -> HTTPRequest {
        let signer = OAuth1Signer(client: Self.printer, token: token, realm: realm, includeVersion: version)
        return try signer.sign(HTTPRequest(method: method, url: URL(string: url)!), parameters: parameters, nonce: nonce, timestamp: timestamp)
    }

    @Test(arguments: [("https", "74KNZJeDHnMBp0EMJ9ZHt/XKycU="), ("http", "mIPx9sQqO97OuihOwUEyB7c4/GI=")])
    func rfc5849TemporaryCredentials(scheme: String, signature: String) throws {
        let request = try sign("POST", "\(scheme)://photos.example.net/initiate", token: nil, parameters: [("oauth_callback", "http://printer.example.com/ready")],
                               timestamp: "137131200", nonce: "wIjqoS", realm: "Photos")
        let parameters = try headerParameters(request)
        #expect(parameters["oauth_signature"] == signature)
        #expect(parameters["realm"] == "Photos")
        #expect(parameters["oauth_callback"] == "http://printer.example.com/ready")
        #expect(request.headers["Authorization"]?.hasPrefix(#"OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03""#) == true)
        if scheme == "https" {
            let base = try OAuth1Signer(client: Self.printer, includeVersion: false).signatureBaseString(
                for: HTTPRequest(method: "POST", url: URL(string: "https://photos.example.net/initiate")!),
                oauthParameters: [("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131200"),
                                  ("oauth_nonce", "wIjqoS"), ("oauth_callback", "http://printer.example.com/ready")])
            #expect(base == "POST&https%3A%2F%2Fphotos.example.net%2Finitiate&oauth_callback%3Dhttp%253A%252F%252Fprinter.example.com%252Fready%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DwIjqoS%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131200")
        }
    }

    @Test(arguments: [("https", "gKgrFCywp7rO0OXSjdot/IHF7IU="), ("http", "ZgObLakjujpjYvaFipAou+ED/Ks=")])
    func rfc5849TokenCredentials(scheme: String, signature: String) throws {
        let request = try sign("POST", "\(scheme)://photos.example.net/token", token: OAuth1Token(token: "hh5s93j4hdidpola", secret: "hdhd0244k9j7ao03"),
                               parameters: [("oauth_verifier", "hfdp7dh39dks9884")], timestamp: "137131201", nonce: "walatlh", realm: "Photos")
        #expect(try headerParameters(request)["oauth_signature"] == signature)
    }

    @Test(arguments: [("http", "MdpQcU8iPSUjWoN/UDMsK2sui9I="), ("https", "91yh92rtXzicpezVYjTDNzieVps=")])
    func rfc5849ProtectedResource(scheme: String, signature: String) throws {
        let token = OAuth1Token(token: "nnch734d00sl2jdk", secret: "pfkkdhi9sl3r4s00")
        let request = try sign("GET", "\(scheme)://photos.example.net/photos?file=vacation.jpg&size=original", token: token,
                               timestamp: "137131202", nonce: "chapoH", realm: "Photos")
        #expect(try headerParameters(request)["oauth_signature"] == signature)
        #expect(request.url.absoluteString == "\(scheme)://photos.example.net/photos?file=vacation.jpg&size=original")
        if scheme == "http" {
            let base = try OAuth1SignatureBase.baseString(
                for: HTTPRequest(url: URL(string: "http://photos.example.net/photos?file=vacation.jpg&size=original")!),
                oauthParameters: [("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_token", "nnch734d00sl2jdk"), ("oauth_signature_method", "HMAC-SHA1"),
                                  ("oauth_timestamp", "137131202"), ("oauth_nonce", "chapoH")])
            #expect(base == "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal")
        }
    }

    /// OAuth Core 1.0 Appendix A: the photos request with `oauth_version=1.0`.
    @Test func oauthCore10AppendixA() throws {
        let request = try sign("GET", "http://photos.example.net/photos?file=vacation.jpg&size=original",
                               token: OAuth1Token(token: "nnch734d00sl2jdk", secret: "pfkkdhi9sl3r4s00"),
                               timestamp: "1191242096", nonce: "kllo9940pd9333jh", version: true)
        let parameters = try headerParameters(request)
        #expect(parameters["oauth_signature"] == "tR3+Ty81lMeYAr/Fid0kMTYa/WM=")
        #expect(parameters["oauth_version"] == "1.0")
    }

    @Test func rfc5849Plaintext() throws {
        let signer = OAuth1Signer(client: ClientCredentials(id: "dpf43f3p2l4k3l03", secret: "ja893SD9"), method: .plaintext, includeVersion: false)
        let request = try signer.sign(HTTPRequest(method: "POST", url: URL(string: "https://photos.example.net/initiate")!),
                                      parameters: [("oauth_callback", "http://printer.example.com/ready")], nonce: "n", timestamp: "1")
        #expect(request.headers["Authorization"]?.contains(#"oauth_signature="ja893SD9%26""#) == true)
        #expect(request.headers["Authorization"]?.contains(#"oauth_signature_method="PLAINTEXT""#) == true)
        #expect(throws: OAuth1SigningError.plaintextWithoutTLS("http://photos.example.net/initiate")) {
            try signer.sign(HTTPRequest(method: "POST", url: URL(string: "http://photos.example.net/initiate")!), nonce: "n", timestamp: "1")
        }
    }

    // MARK: §3.3: Twitter

    @Test func twitterCreatingASignature() throws {
        let signer = OAuth1Signer(
            client: ClientCredentials(id: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
            token: OAuth1Token(token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
        )
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true")!)
        request.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!"])
        let nonce = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
        let base = try signer.signatureBaseString(for: request, oauthParameters: signer.oauthParameters(nonce: nonce, timestamp: "1318622958"))
        #expect(base == "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521")
        let signed = try signer.sign(request, nonce: nonce, timestamp: "1318622958")
        #expect(try headerParameters(signed)["oauth_signature"] == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=")
        #expect(signed.body == request.body)
    }

    // MARK: §3.4: oauthlib's client tests

    static let oauthlibClient = ClientCredentials(id: "client_key")

    @Test(arguments: [("status=%E5%95%A6%E5%95%A6", "yrtSqp88m/c5UDaucI8BXK4oEtk="), ("status=%C3%A6%C3%A5%C3%B8", "oG5t3Eg/XO5FfQgUUlTtUeeZzvk=")])
    func oauthlibUnicodeBodies(body: String, signature: String) throws {
        var request = HTTPRequest(method: "POST", url: URL(string: "http://i.b/path")!)
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request.body = Data(body.utf8)
        let signed = try OAuth1Signer(client: Self.oauthlibClient).sign(request, nonce: "abc", timestamp: "abc")
        #expect(try headerParameters(signed)["oauth_signature"] == signature)
        #expect(signed.body == Data(body.utf8))
    }

    @Test func oauthlibBodyPlacement() throws {
        var request = HTTPRequest(method: "POST", url: URL(string: "http://i.b/path")!)
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request.body = Data("a=b".utf8)
        let signed = try OAuth1Signer(client: Self.oauthlibClient, placement: .body).sign(request, nonce: "14205877133089081931378988215", timestamp: "1378988215")
        let body = try FormParameters(decoding: try #require(signed.body))
        #expect(body["a"] == "b")
        #expect(body["oauth_signature"] == "2JAQomgbShqoscqKWBiYQZwWq94=")
        #expect(body["oauth_nonce"] == "14205877133089081931378988215")
        #expect(signed.headers["Authorization"] == nil)
        #expect(String(decoding: try #require(signed.body), as: UTF8.self).hasPrefix("a=b&oauth_consumer_key=client_key&"))
    }

    @Test func oauthlibQueryPlacement() throws {
        let signed = try OAuth1Signer(client: Self.oauthlibClient, placement: .query)
            .sign(HTTPRequest(method: "POST", url: URL(string: "http://i.b/path")!), nonce: "14205877133089081931378988215", timestamp: "1378988215")
        let query = try FormParameters(decoding: Data(try #require(signed.url.query).utf8))
        #expect(query["oauth_signature"] == "08G5Snvw+gDAzBF+CmT5KqlrPKo=")
        #expect(signed.url.absoluteString.contains("oauth_signature=08G5Snvw%2BgDAzBF%2BCmT5KqlrPKo%3D"))
        #expect(signed.headers["Authorization"] == nil)
        #expect(signed.headers["Cache-Control"] == "no-store")
    }

    @Test func oauthlibPlaintextOverLoopbackAndHeaderShape() throws {
        let signer = OAuth1Signer(client: ClientCredentials(id: "client_key", secret: "foo"), token: OAuth1Token(token: "t", secret: "bar"), method: .plaintext)
        let signed = try signer.sign(HTTPRequest(url: URL(string: "http://127.0.0.1/")!), nonce: "abc", timestamp: "1234567890")
        #expect(try headerParameters(signed)["oauth_signature"] == "foo&bar")
        #expect(signed.headers["Authorization"]?.contains(#"oauth_signature="foo%26bar""#) == true)
    }

    // MARK: RSA-SHA1 through a signer

    /// A signer that answers oauthlib's RSA vector (test_rsa_method) for exactly the base string
    /// oauthlib signs, and fails for any other: the plumbing is proven, the RSA is the user's.
    struct VectorRSASigner: OAuth1RSASigner {
        static let base = "GET&http%3A%2F%2Fexample.com%2F&oauth_consumer_key%3Dclient_key%26oauth_nonce%3Dabc%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1234567890%26oauth_version%3D1.0"
        struct WrongMessage: Error {}

        func signature(for message: [UInt8]) throws -> [UInt8] {
            guard message == Array(Self.base.utf8) else { throw WrongMessage() }
            return Array(Data(base64Encoded: "ktvzkUhtrIawBcq21DRJrAyysTc3E1Zq5GdGu8EzHOtbeaCmOBDLGHAcqlm92mj7xp5E1Z6i2vbExPimYAJL7FzkLnkRE5YEJR4rNtIgAf1OZbYsIUmmBO+CLuStuu5Lg3tAluwC7XkkgoXCBaRKT1mUXzPHJILzZ8iFOvS6w5E=")!)
        }
    }

    @Test func rsaSHA1GoesThroughThePluggableSigner() throws {
        let signer = OAuth1Signer(client: Self.oauthlibClient, method: .rsaSHA1(VectorRSASigner()))
        let signed = try signer.sign(HTTPRequest(url: URL(string: "http://example.com")!), nonce: "abc", timestamp: "1234567890")
        let parameters = try headerParameters(signed)
        #expect(parameters["oauth_signature_method"] == "RSA-SHA1")
        #expect(signed.headers["Authorization"]?.contains(#"oauth_signature="ktvzkUhtrIawBcq21DRJrAyysTc3E1Zq5GdGu8EzHOtbeaCmOBDLGHAcqlm92mj7xp5E1Z6i2vbExPimYAJL7FzkLnkRE5YEJR4rNtIgAf1OZbYsIUmmBO%2BCLuStuu5Lg3tAluwC7XkkgoXCBaRKT1mUXzPHJILzZ8iFOvS6w5E%3D""#) == true)
        #expect(throws: OAuth1SigningError.self) {
            try signer.sign(HTTPRequest(url: URL(string: "http://example.com/other")!), nonce: "abc", timestamp: "1234567890")
        }
    }

    // MARK: Refusals

    @Test func oauthParametersInTheRequestAreRefused() {
        let signer = OAuth1Signer(client: Self.oauthlibClient)
        #expect(throws: OAuth1SigningError.oauthParameterInRequest("oauth_token")) {
            try signer.sign(HTTPRequest(url: URL(string: "https://api.example.com/r?oauth_token=x")!))
        }
        var form = HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/r")!)
        form.setFormParameters(["oauth_callback": "oob"])
        #expect(throws: OAuth1SigningError.oauthParameterInRequest("oauth_callback")) { try signer.sign(form) }
    }

    @Test func bodyPlacementNeedsAFormBody() throws {
        var json = HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/r")!)
        json.headers["Content-Type"] = "application/json"
        json.body = Data("{}".utf8)
        #expect(throws: OAuth1SigningError.bodyPlacementNeedsForm) { try OAuth1Signer(client: Self.oauthlibClient, placement: .body).sign(json) }
        #expect(throws: OAuth1SigningError.bodyPlacementNeedsBodyMethod("GET")) {
            try OAuth1Signer(client: Self.oauthlibClient, placement: .body).sign(HTTPRequest(url: URL(string: "https://api.example.com/r")!))
        }
        let empty = try OAuth1Signer(client: Self.oauthlibClient, placement: .body).sign(HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/r")!))
        #expect(empty.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(try FormParameters(decoding: try #require(empty.body))["oauth_signature"] != nil)
    }

    @Test func aJSONBodyIsNotSigned() throws {
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/r")!)
        request.headers["Content-Type"] = "application/json"
        request.body = Data(#"{"a":"b"}"#.utf8)
        #expect(try OAuth1SignatureBase.requestParameters(of: request).isEmpty)
    }

    @Test func noncesAreFreshAndTimestampsComeFromTheClock() throws {
        let signer = OAuth1Signer(client: Self.oauthlibClient)
        let first = try headerParameters(try signer.sign(HTTPRequest(url: URL(string: "https://api.example.com/")!)))
        let second = try headerParameters(try signer.sign(HTTPRequest(url: URL(string: "https://api.example.com/")!)))
        #expect(first["oauth_nonce"] != second["oauth_nonce"])
        #expect(first["oauth_nonce"]?.count == 32)
        let now = Int(Date().timeIntervalSince1970)
        #expect(abs((Int(first["oauth_timestamp"] ?? "") ?? 0) - now) < 60)
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let token = OAuth1Token(token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
                                extras: ["screen_name": "twitterapi", "user_id": "6253282"])
        #expect(!token.description.contains("GmHxMAgY"))
        #expect(!token.description.contains("Lswwdo"))
        #expect(token.description.contains("screen_name: twitterapi"))
    }
}
