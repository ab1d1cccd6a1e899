import OAuth
import Testing

/// SHA-256 against the FIPS 180 examples and padding boundaries (reference §3.7), and PKCE
/// against RFC 7636 Appendix B.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
    ])
    func fipsVectorsAndPaddingBoundaries(message: String, digest: String) {
        #expect(hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test(arguments: [1, 63, 64, 65])
    func oneMillionAsFedInChunks(chunk: Int) {
        var hash = SHA256()
        var remaining = 1_000_000
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: chunk)
        while remaining > 0 {
            let count = min(chunk, remaining)
            hash.update(block[0..<count])
            remaining -= count
        }
        #expect(hex(hash.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func pkceRFC7636AppendixB() throws {
        let octets: [UInt8] = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]
        let verifier = Base64URL.encode(octets)
        #expect(verifier == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(SHA256.hash(Array(verifier.utf8)) == [19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173, 109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195])
        let pkce = try PKCE(verifier: verifier)
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(pkce.method == .s256)
        #expect(!pkce.description.contains(verifier))
    }

    @Test func freshVerifiersAreRandom43CharactersOfTheAllowedSet() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let pkce = PKCE()
            #expect(pkce.verifier.utf8.count == 43)
            #expect(pkce.verifier.allSatisfy { $0.isLetter || $0.isNumber || "-._~".contains($0) })
            seen.insert(pkce.verifier)
        }
        #expect(seen.count == 200)
    }

    @Test func verifiersOutsideRFC7636AreRefused() throws {
        #expect(throws: PKCEError.verifierLength(42)) { try PKCE(verifier: String(repeating: "a", count: 42)) }
        #expect(throws: PKCEError.verifierLength(129)) { try PKCE(verifier: String(repeating: "a", count: 129)) }
        #expect(throws: PKCEError.verifierCharacters) { try PKCE(verifier: String(repeating: "a", count: 42) + "+") }
        #expect(try PKCE(verifier: String(repeating: "a", count: 43), method: .plain).challenge == String(repeating: "a", count: 43))
    }
}

/// Base64url against RFC 4648 §10 (with the URL alphabet and no padding).
@Suite struct Base64URLTests {
    @Test(arguments: [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(input: String, output: String) {
        #expect(Base64URL.encode(Array(input.utf8)) == output)
    }

    @Test func usesTheURLAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
    }
}
