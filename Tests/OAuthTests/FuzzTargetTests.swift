import Foundation
import OAuth
import OAuthTesting
import Testing

/// Runs every fuzz target (`FuzzTarget.all`, the same ones `Tests/Fuzz/run.sh` gives libFuzzer)
/// over its checked-in corpus, `Corpus/<target>/`, then over deterministic mutations of it: a
/// fixed seed and a fixed count, so every run and machine tries the same inputs. No input may
/// break a target's rules (a crash, an untyped error, a value that does not survive its round
/// trip, work out of proportion to the input).
@Suite struct FuzzTargetTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    /// The corpus of a target: every file of its folder but the README, by name.
    static func corpus(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpusRoot.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "README.md" && !$0.hasPrefix(".") }.sorted().map {
            ($0, try [UInt8](Data(contentsOf: folder.appendingPathComponent($0))))
        }
    }

    /// Mutations per target in one run: enough to leave the corpus, few enough for a few
    /// seconds over every target on a loaded machine.
    static let mutations: [String: Int] = [
        "json": 800, "token-response": 500, "form": 800, "callback": 300, "oauth1": 400, "raw-http": 500,
        "loopback-request": 800, "sandbox-request": 500, "recording": 300, "provider-json": 200, "token-file": 300,
    ]

    @Test func everyTargetHasACorpusAndAMutationCount() throws {
        #expect(Set(FuzzTarget.all.map(\.name)) == Set(Self.mutations.keys))
        for target in FuzzTarget.all {
            let corpus = try Self.corpus(target.name)
            #expect(corpus.count >= 20, "\(target.name): \(corpus.count) corpus files")
            #expect(FileManager.default.fileExists(atPath: Self.corpusRoot.appendingPathComponent(target.name).appendingPathComponent("README.md").path), "\(target.name) needs a README")
        }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func theCorpusKeepsEveryRule(target name: String) async throws {
        let target = try #require(FuzzTarget.named(name))
        for (file, bytes) in try Self.corpus(name) {
            let violation = await target.run(bytes)
            #expect(violation == nil, "\(name)/\(file): \(violation!)")
        }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func mutationsOfTheCorpusKeepEveryRule(target name: String) async throws {
        let target = try #require(FuzzTarget.named(name))
        let corpus = try Self.corpus(name).map(\.bytes)
        var random = FuzzMutator(seed: 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: name.utf8.count))
        var violations: [String] = []
        for round in 0..<(Self.mutations[name] ?? 0) {
            let input = random.mutate(corpus[round % corpus.count], splice: corpus[random.below(corpus.count)])
            if let violation = await target.run(input) {
                violations.append("round \(round), \(input.count) bytes \(Array(input.prefix(48))): \(violation)")
                if violations.count >= 5 { break }
            }
        }
        #expect(violations.isEmpty, "\(name): \(violations.joined(separator: "\n"))")
    }

    /// The rules can fail: each target reports a violation for an input built to break one.
    @Test func theRulesCatchWhatTheyAreFor() async throws {
        #expect(FuzzRules.typed(CocoaError(.fileReadUnknown), "step") != nil)
        #expect(FuzzRules.typed(TokenResponseError.missingAccessToken, "step") == nil)
        #expect(FuzzRules.linear(FuzzRules.stepsPerByte * 1000 + FuzzRules.fixedSteps + 1, bytes: 1000, "step") != nil)
        let (_, untyped) = FuzzRules.checked("step", bytes: 10) { () throws -> Int in throw CocoaError(.fileReadUnknown) }
        #expect(untyped != nil)
        let (value, none) = FuzzRules.checked("step", bytes: 10) { 42 }
        #expect(value == 42 && none == nil)
        let body = Array(#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","nested":{"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"},"code":"abcdefghijklmnop"}"#.utf8)
        let secrets = FuzzRules.secrets(in: body, headers: ["Content-Type": "application/json"])
        #expect(secrets == ["2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA"])
        #expect(FuzzRules.secrets(in: Array("refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&x=1".utf8), headers: [:]) == ["tGzv3JOkF0XG5Qx2TlKWIA"])
        let (_, leaked) = FuzzRules.checked("step", bytes: 10, secrets: secrets) { () throws -> Int in
            throw TokenResponseError.invalidMember(name: "access_token", expected: "something", found: "2YotnFZFEjr1zCsicMWpAA")
        }
        #expect(leaked != nil)
    }
}

/// Deterministic mutations for the corpus run: xorshift64* from a fixed seed, flipping,
/// inserting, deleting, repeating and splicing bytes, with the tokens parsers trip on.
struct FuzzMutator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed == 0 ? 1 : seed
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    /// Byte sequences that change what a parser does: JSON, form, URL and HTTP syntax.
    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", "\"", "\\", "\\u", "\\ud800", ":", ",", "null", "true", "-0", "1e999", "0.", "%", "%2", "%00", "%C3%A9", "&", "=", "+",
        "?", "#", "\r\n", "\n", " ", "\t", "\u{0}", "\u{7F}", "é", "\u{301}", ":", "://", "@", "HTTP/1.1 ", "Content-Length: ", "access_token",
        "token_type", "expires_in", "refresh_token", "error", "scope", "state", "code", "oauth_token", "oauth_token_secret", "9999999999999999999999",
    ].map { Array($0.utf8) }

    mutating func mutate(_ input: [UInt8], splice other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(8) {
            case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            case 2 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(8)))
            case 3: bytes.removeSubrange(at...)
            case 4 where at < bytes.count:
                let end = min(bytes.count, at + 1 + below(32))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: at)
            case 5 where !other.isEmpty:
                let start = below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + below(64))], at: at)
            case 6 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next())
            default: bytes.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
            }
        }
        return bytes
    }
}
