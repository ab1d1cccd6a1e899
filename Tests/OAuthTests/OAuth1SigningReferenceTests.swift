import Foundation
import OAuth
import Testing

/// The byte-level signer against RFC 5849 §3.4.1 written the plain way (URLComponents,
/// strings, one sort of encoded pairs), over requests generated to reach every path of the
/// fast one: escapes at chunk edges, values longer than the 512-byte chunk and the 1 KiB stack
/// buffer, more than 32 parameters (sorted by the standard library rather than by insertion),
/// names sharing long prefixes, non-UTF-8 octets, `+` and `%2B`, ports, user info, IPv6 hosts,
/// empty paths, fragments and methods in any case.
@Suite struct OAuth1SigningReferenceTests {
    /// A reproducible generator (SplitMix64), so that a failure names its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    // MARK: The reference

    static func encode(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                text.append(Character(Unicode.Scalar(byte)))
            default:
                text += "%" + String(format: "%02X", byte)
            }
        }
        return text
    }

    /// `a=b&c` read as a form: `+` a space, `%XX` a byte.
    static func formPairs(_ text: String) -> [([UInt8], [UInt8])] {
        func decode(_ part: Substring) -> [UInt8] {
            var bytes: [UInt8] = []
            var utf8 = Array(part.utf8)[...]
            while let byte = utf8.popFirst() {
                if byte == UInt8(ascii: "%") {
                    bytes.append(UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)!)
                    utf8 = utf8.dropFirst(2)
                } else {
                    bytes.append(byte == UInt8(ascii: "+") ? 0x20 : byte)
                }
            }
            return bytes
        }
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : [])
        }
    }

    static func referenceBaseString(method: String, url: String, form: String?, oauth: [(String, String)]) -> String {
        let components = URLComponents(string: url)!
        var uri = components.scheme!.lowercased() + "://" + components.percentEncodedHost!.lowercased()
        if let port = components.port, !(components.scheme!.lowercased() == "http" && port == 80), !(components.scheme!.lowercased() == "https" && port == 443) {
            uri += ":\(port)"
        }
        uri += components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        var pairs = components.percentEncodedQuery.map(formPairs) ?? []
        if let form { pairs += formPairs(form) }
        pairs += oauth.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        let normalized = pairs.map { (encode($0.0), encode($0.1)) }
            .sorted { $0.0 == $1.0 ? Array($0.1.utf8).lexicographicallyPrecedes(Array($1.1.utf8)) : Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            .map { $0.0 + "=" + $0.1 }
            .joined(separator: "&")
        return [method.uppercased(), uri, normalized].map { encode(Array($0.utf8)) }.joined(separator: "&")
    }

    // MARK: Generated requests

    /// Bytes of a parameter: mostly unreserved, with reserved ASCII, UTF-8 and raw octets mixed in.
    static func parameterBytes(_ generator: inout Generator, maximum: Int) -> [UInt8] {
        let alphabet = Array("abcXYZ019-._~ +%&=/?#[]@!$'()*,;:\"<>\\^`{|}".utf8)
        let length = Int.random(in: 0...maximum, using: &generator)
        var bytes: [UInt8] = []
        while bytes.count < length {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0: bytes += Array("é☃".utf8)
            case 1: bytes.append(UInt8.random(in: 0x80...0xFF, using: &generator))
            case 2: bytes.append(UInt8.random(in: 0x00...0x1F, using: &generator))
            default: bytes.append(alphabet.randomElement(using: &generator)!)
            }
        }
        return bytes
    }

    /// `bytes` as a form or query writes them: a space as `+` or `%20`, other bytes escaped
    /// unless unreserved, in upper or lower case hex.
    static func formEncode(_ bytes: [UInt8], _ generator: inout Generator) -> String {
        var text = ""
        for byte in bytes {
            if byte == 0x20, Bool.random(using: &generator) {
                text += "+"
            } else if encode([byte]).count == 1 {
                text.append(Character(Unicode.Scalar(byte)))
            } else {
                text += "%" + String(format: Bool.random(using: &generator) ? "%02X" : "%02x", byte)
            }
        }
        return text
    }

    static func request(seed: UInt64) -> (HTTPRequest, method: String, url: String, form: String?) {
        var generator = Generator(state: seed)
        let method = ["GET", "post", "Put", "DELETE", "PATCH"].randomElement(using: &generator)!
        let origin = ["https://API.Example.com", "http://example.com:8080", "https://example.com:443", "http://user:pw@example.com",
                      "http://[2001:DB8::1]:80", "https://example.com:8443"].randomElement(using: &generator)!
        let path = ["", "/", "/a/b%20c/D.json", "/~user/x;p=1"].randomElement(using: &generator)!
        let many = Int.random(in: 0..<4, using: &generator) == 0
        let count = many ? Int.random(in: 33...60, using: &generator) : Int.random(in: 0...6, using: &generator)
        let longest = Int.random(in: 0..<3, using: &generator) == 0 ? 1500 : 24
        var query: [String] = []
        var body: [String] = []
        for index in 0..<count {
            var name = parameterBytes(&generator, maximum: 12)
            if index % 5 == 0 { name = Array("shared_prefix_of_names_".utf8) + name }
            if name.starts(with: Array("oauth_".utf8)) { name.insert(UInt8(ascii: "x"), at: 0) }
            let pair = formEncode(name, &generator) + (Bool.random(using: &generator) || name.isEmpty ? "=" + formEncode(parameterBytes(&generator, maximum: longest), &generator) : "")
            if pair.isEmpty || pair == "=" { continue }
            if Bool.random(using: &generator) { query.append(pair) } else { body.append(pair) }
        }
        let fragment = Bool.random(using: &generator) ? "#frag%20ment" : ""
        let url = origin + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + fragment
        var request = HTTPRequest(method: method, url: URL(string: url)!)
        let hasForm = !body.isEmpty && method.uppercased() != "GET"
        if hasForm {
            request.headers["Content-Type"] = ["application/x-www-form-urlencoded", "Application/X-WWW-Form-URLEncoded; charset=UTF-8"]
                .randomElement(using: &generator)!
            request.body = Data(body.joined(separator: "&").utf8)
        }
        return (request, method, url, hasForm ? body.joined(separator: "&") : nil)
    }

    static let client = ClientCredentials(id: "key with spaces & +", secret: "client/secret+%")
    static let token = OAuth1Token(token: "token=é", secret: "token secret ☃")

    @Test(arguments: 0..<200)
    func baseStringsAndSignaturesMatchTheReference(seed: UInt64) throws {
        let (request, method, url, form) = Self.request(seed: seed)
        let oauth = [("oauth_consumer_key", Self.client.id), ("oauth_token", Self.token.token), ("oauth_signature_method", "HMAC-SHA1"),
                     ("oauth_timestamp", "1318622958"), ("oauth_nonce", "nonce/\(seed)"), ("oauth_version", "1.0")]
        let expected = Self.referenceBaseString(method: method, url: url, form: form, oauth: oauth)
        #expect(try OAuth1SignatureBase.baseString(for: request, oauthParameters: oauth) == expected, "seed \(seed)")

        let signer = OAuth1Signer(client: Self.client, token: Self.token)
        #expect(try signer.signatureBaseString(for: request, oauthParameters: oauth) == expected, "seed \(seed)")
        let signed = try signer.sign(request, nonce: "nonce/\(seed)", timestamp: "1318622958")
        let key = Self.encode(Array(Self.client.secret!.utf8)) + "&" + Self.encode(Array(Self.token.secret.utf8))
        let mac = Data(OAuthDigest.hmacSHA1(Array(expected.utf8), key: Array(key.utf8))).base64EncodedString()
        let header = try #require(signed.headers["Authorization"])
        #expect(header.hasSuffix(#"oauth_signature=""# + Self.encode(Array(mac.utf8)) + #"""#), "seed \(seed)")
    }

    @Test(arguments: 200..<240)
    func hmacSHA256InTheQueryMatchesTheReference(seed: UInt64) throws {
        let (request, method, url, form) = Self.request(seed: seed)
        let signer = OAuth1Signer(client: Self.client, token: Self.token, method: .hmacSHA256, placement: .query, includeVersion: false)
        let signed = try signer.sign(request, nonce: "n", timestamp: "1")
        let oauth = [("oauth_consumer_key", Self.client.id), ("oauth_token", Self.token.token), ("oauth_signature_method", "HMAC-SHA256"),
                     ("oauth_timestamp", "1"), ("oauth_nonce", "n")]
        let expected = Self.referenceBaseString(method: method, url: url, form: form, oauth: oauth)
        let key = Self.encode(Array(Self.client.secret!.utf8)) + "&" + Self.encode(Array(Self.token.secret.utf8))
        let mac = Data(OAuthDigest.hmacSHA256(Array(expected.utf8), key: Array(key.utf8))).base64EncodedString()
        #expect(signed.url.absoluteString.contains("&oauth_signature=" + Self.encode(Array(mac.utf8))), "seed \(seed)")
        #expect(signed.url.fragment == request.url.fragment)
        #expect(signed.body == request.body)
    }

    /// The generated requests do reach the paths named above.
    @Test func theGeneratedRequestsReachEveryPath() throws {
        var manyParameters = 0, longBaseStrings = 0, plusSigns = 0, rawOctets = 0, forms = 0, ipv6 = 0
        for seed in 0..<200 as Range<UInt64> {
            let (request, _, url, form) = Self.request(seed: seed)
            let parameters = try OAuth1SignatureBase.requestParameters(of: request)
            let base = try OAuth1SignatureBase.baseString(for: request, oauthParameters: [])
            if parameters.count > 32 { manyParameters += 1 }
            if base.utf8.count > 2048 { longBaseStrings += 1 }
            if url.contains("+") || (form?.contains("+") ?? false) { plusSigns += 1 }
            if parameters.contains(where: { $0.0.contains("\u{FFFD}") || $0.1.contains("\u{FFFD}") }) { rawOctets += 1 }
            if form != nil { forms += 1 }
            if url.contains("[") { ipv6 += 1 }
        }
        #expect(manyParameters >= 10 && longBaseStrings >= 10 && plusSigns >= 10 && rawOctets >= 10 && forms >= 10 && ipv6 >= 10,
                "\(manyParameters) \(longBaseStrings) \(plusSigns) \(rawOctets) \(forms) \(ipv6)")
    }

    /// Octets in the body that are not UTF-8 stay as they are when the parameters are appended.
    @Test func bodyPlacementKeepsTheBodysOctets() throws {
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.example.com/r")!)
        request.headers["Content-Type"] = "application/x-www-form-urlencoded"
        request.body = Data([UInt8(ascii: "a"), UInt8(ascii: "="), 0xE9])
        let signed = try OAuth1Signer(client: Self.client, placement: .body).sign(request, nonce: "n", timestamp: "1")
        let body = try #require(signed.body)
        #expect(Array(body.prefix(4)) == [UInt8(ascii: "a"), UInt8(ascii: "="), 0xE9, UInt8(ascii: "&")])
    }

    @Test func aFreshNonceIs32HexDigits() throws {
        let signer = OAuth1Signer(client: Self.client)
        let nonces = (0..<50).map { _ in signer.nonce() }
        #expect(Set(nonces).count == 50)
        #expect(nonces.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } })
    }

    @Test func changingTheSecretsChangesTheKey() throws {
        var signer = OAuth1Signer(client: ClientCredentials(id: "k", secret: "a"))
        let request = HTTPRequest(url: URL(string: "https://api.example.com/")!)
        let first = try signer.sign(request, nonce: "n", timestamp: "1").headers["Authorization"]
        signer.token = OAuth1Token(token: "t", secret: "b")
        let withToken = try signer.sign(request, nonce: "n", timestamp: "1").headers["Authorization"]
        signer.client = ClientCredentials(id: "k", secret: "c")
        let newClient = try signer.sign(request, nonce: "n", timestamp: "1").headers["Authorization"]
        signer.method = .plaintext
        let plaintext = try signer.sign(request, nonce: "n", timestamp: "1").headers["Authorization"]
        #expect(Set([first, withToken, newClient, plaintext]).count == 4)
        #expect(plaintext?.contains(#"oauth_signature="c%26b""#) == true)
        // The same signer made afresh agrees with the one whose properties changed.
        let fresh = OAuth1Signer(client: ClientCredentials(id: "k", secret: "c"), token: OAuth1Token(token: "t", secret: "b"))
        var changed = signer
        changed.method = .hmacSHA1
        #expect(try fresh.sign(request, nonce: "n", timestamp: "1") == changed.sign(request, nonce: "n", timestamp: "1"))
    }
}
