import Foundation
import OAuth
import Testing

/// HMAC-SHA1 and HMAC-SHA256 against Project Wycheproof's MAC vectors (`Vectors/README.md`):
/// every `valid` tag must be reproduced and every `invalid` one (a flipped bit) refused, with
/// tags truncated as each group says.
@Suite struct SHAAndHMACWycheproofTests {
    struct VectorFile: Decodable {
        let algorithm: String
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct Group: Decodable {
        let keySize: Int
        let tagSize: Int
        let tests: [Case]
    }

    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let key: String
        let msg: String
        let tag: String
        let result: String
    }

    static let vectorsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")

    static func load(_ name: String) throws -> VectorFile {
        try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: vectorsDirectory.appendingPathComponent(name + ".json")))
    }

    static func bytes(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        try #require(digits.count % 2 == 0)
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            try #require(UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16))
        }
    }

    /// The MAC of `message` under `key`, three ways that must agree: the public one-shot
    /// function, a prepared key copied for the message, and the message fed in two pieces.
    static func mac(_ algorithm: String, key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        let split = message.count / 3
        switch algorithm {
        case "HMACSHA1":
            let oneShot = OAuthDigest.hmacSHA1(message, key: key)
            let prepared = HMAC<SHA1>(key: key)
            var pieces = prepared
            pieces.update(message[..<split])
            pieces.update(message[split...])
            #expect(pieces.finalize() == oneShot)
            #expect(HMAC<SHA1>.authenticationCode(for: message, key: key) == oneShot)
            return oneShot
        case "HMACSHA256":
            let oneShot = OAuthDigest.hmacSHA256(message, key: key)
            var pieces = HMAC<SHA256>(key: key)
            pieces.update(message[..<split])
            pieces.update(message[split...])
            #expect(pieces.finalize() == oneShot)
            #expect(HMAC<SHA256>.authenticationCode(for: message, key: key) == oneShot)
            return oneShot
        default:
            Issue.record("expected HMACSHA1 or HMACSHA256, got \(algorithm)")
            return []
        }
    }

    @Test(arguments: [("hmac_sha1_test", "HMACSHA1"), ("hmac_sha256_test", "HMACSHA256")])
    func everyCase(file: String, algorithm: String) throws {
        let vectors = try Self.load(file)
        #expect(vectors.algorithm == algorithm)
        var valid = 0, invalid = 0
        for group in vectors.testGroups {
            for test in group.tests {
                let key = try Self.bytes(test.key), message = try Self.bytes(test.msg), tag = try Self.bytes(test.tag)
                #expect(key.count * 8 == group.keySize, "tcId \(test.tcId)")
                let computed = try Self.mac(algorithm, key: key, message: message).prefix(group.tagSize / 8)
                let accepted = constantTimeEquals(computed, tag)
                switch test.result {
                case "valid":
                    #expect(accepted, "tcId \(test.tcId): \(test.comment)")
                    valid += 1
                case "invalid":
                    #expect(!accepted, "tcId \(test.tcId): \(test.comment)")
                    invalid += 1
                default:
                    Issue.record("tcId \(test.tcId): expected valid or invalid, got \(test.result)")
                }
            }
        }
        #expect(valid + invalid == vectors.numberOfTests)
        #expect(valid > 0 && invalid > 0)
    }
}
