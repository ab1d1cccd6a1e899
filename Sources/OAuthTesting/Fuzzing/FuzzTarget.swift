import Foundation
import OAuth

/// One parser that reads outside input, driven with arbitrary bytes: the unit that both the
/// `swift test` corpus run and the libFuzzer harness (`Tests/Fuzz/run.sh`) execute.
///
/// A target never traps on its own account: whatever the bytes, it returns. It returns a
/// ``FuzzViolation`` when the code under test broke a rule every input must keep (an error that
/// is not one of the package's typed errors, a value that does not survive its own round trip,
/// work out of proportion to the input); the libFuzzer harness turns that into a crash report.
package struct FuzzTarget: Sendable {
    /// The target's name: the folder of its corpus and the harness's argument.
    package let name: String
    /// What the target feeds the bytes to.
    package let summary: String
    private let body: Body

    private enum Body: Sendable {
        case synchronous(@Sendable ([UInt8]) -> FuzzViolation?)
        case asynchronous(@Sendable ([UInt8]) async -> FuzzViolation?)
    }

    /// A target whose parser runs synchronously.
    package init(_ name: String, _ summary: String, body: @escaping @Sendable ([UInt8]) -> FuzzViolation?) {
        self.name = name
        self.summary = summary
        self.body = .synchronous(body)
    }

    /// A target whose parser is reached through `await` (an actor's handler).
    package init(_ name: String, _ summary: String, asynchronous body: @escaping @Sendable ([UInt8]) async -> FuzzViolation?) {
        self.name = name
        self.summary = summary
        self.body = .asynchronous(body)
    }

    /// Runs the target over one input.
    package func run(_ bytes: [UInt8]) async -> FuzzViolation? {
        switch body {
        case .synchronous(let run): run(bytes)
        case .asynchronous(let run): await run(bytes)
        }
    }

    /// Runs the target over one input from a thread outside Swift's task pool (the libFuzzer
    /// harness's), waiting for an asynchronous target on a semaphore.
    package func runBlocking(_ bytes: [UInt8]) -> FuzzViolation? {
        switch body {
        case .synchronous(let run):
            return run(bytes)
        case .asynchronous(let run):
            let outcome = BlockingOutcome()
            let done = DispatchSemaphore(value: 0)
            Task {
                outcome.set(await run(bytes))
                done.signal()
            }
            done.wait()
            return outcome.value
        }
    }

    /// Every target, one per parser that reads outside input.
    package static let all: [FuzzTarget] = [
        json, tokenResponse, form, callback, oauth1, rawHTTP, loopbackRequest, sandboxRequest, recording, providerJSON, tokenFile,
    ]

    /// The target with this name.
    package static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// The result of an asynchronous target, handed from its task to the waiting thread.
private final class BlockingOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: FuzzViolation?

    var value: FuzzViolation? { lock.withLock { stored } }

    func set(_ violation: FuzzViolation?) { lock.withLock { stored = violation } }
}

/// A rule broken by an input: what was expected and what came.
package struct FuzzViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule, and how the input broke it.
    package let message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}

/// The rules every target checks.
package enum FuzzRules {
    /// Whether an error is one of the package's own typed errors, which say what was expected
    /// and what came; anything else (a Foundation error, a `DecodingError` that escaped) is a
    /// refusal nobody can act on.
    package static func isTyped(_ error: any Error) -> Bool {
        switch error {
        case is TokenResponseError, is OAuthError, is FixError, is FlowError, is JSONParseError, is FormDecodingError,
             is AuthorizationCallbackError, is OAuth1CallbackError, is OAuth1ResponseError, is OAuth1SigningError,
             is RawHTTPResponseError, is RecordingError, is ProviderDefinitionError, is FixDefinitionError, is FixTemplateError,
             is EndpointError, is TokenStoreError, is TransportError, is OAuthClientError, is InsecureEndpointError,
             is ProviderRegistryError, is PKCEError, is DeviceFlowError:
            true
        default:
            false
        }
    }

    /// A violation when `error` is not typed.
    package static func typed(_ error: any Error, _ step: String) -> FuzzViolation? {
        isTyped(error) ? nil : FuzzViolation("\(step): expected one of the package's typed errors, got \(type(of: error)): \(error)")
    }

    /// Steps one input byte may cost a parser, with a constant for fixed costs: generous, so
    /// that only work out of proportion (a quadratic path) trips it.
    package static let stepsPerByte = 256
    package static let fixedSteps = 64 * 1024

    /// A violation when `steps` of parser work is out of proportion to `bytes` of input.
    package static func linear(_ steps: Int, bytes: Int, _ step: String) -> FuzzViolation? {
        steps <= stepsPerByte * bytes + fixedSteps ? nil : FuzzViolation("\(step): expected work in proportion to \(bytes) bytes, got \(steps) steps")
    }

    /// Runs `body` and counts its parser work; a violation when it throws an untyped error, an
    /// error whose text holds one of `secrets`, or works out of proportion to `bytes`.
    package static func checked<T>(_ step: String, bytes: Int, secrets: [String] = [], _ body: () throws -> T) -> (T?, FuzzViolation?) {
        let (result, steps) = ParseWork.measure { () -> Result<T, any Error> in
            do { return .success(try body()) } catch { return .failure(error) }
        }
        if let violation = linear(steps, bytes: bytes, step) { return (nil, violation) }
        switch result {
        case .success(let value):
            return (value, nil)
        case .failure(let error):
            if let violation = typed(error, step) { return (nil, violation) }
            return (nil, revealed(secrets, in: ["\(error)", String(reflecting: error)], step))
        }
    }

    /// The protocol's own words that messages quote as they are: a secret that happens to be
    /// part of one (`onfirmed=true`) is not revealed by it.
    static let protocolWords = ["oauth_callback_confirmed=true"]

    /// A violation when one of `texts` (an error, a description) holds one of `secrets` whole,
    /// outside the protocol's own words.
    package static func revealed(_ secrets: [String], in texts: [String], _ step: String) -> FuzzViolation? {
        let texts = texts.map { text in protocolWords.reduce(text) { $0.replacingOccurrences(of: $1, with: "…") } }
        for secret in secrets where texts.contains(where: { $0.contains(secret) }) {
            return FuzzViolation("\(step): expected no secret in what is printed, got the \(secret.utf8.count)-byte value of a secret member")
        }
        return nil
    }

    /// The values of secret members (`access_token`, `refresh_token`, `*_secret`, …) in a JSON
    /// or form body, at any depth: what no error or description may print. Values shorter than
    /// 12 bytes, or that appear elsewhere in the body or in a header (where an error may quote
    /// them for another reason), are left out.
    package static func secrets(in body: [UInt8], headers: HTTPHeaders) -> [String] {
        var found: [String] = []
        func visit(_ value: JSONValue, name: String?) {
            switch value {
            case .object(let object): for member in object { visit(member.value, name: member.key) }
            case .array(let items): for item in items { visit(item, name: name) }
            case .string(let text): if let name, isSecret(name) { found.append(text) }
            default: break
            }
        }
        // A body that reads as JSON is JSON: the same bytes read as a form would make names and
        // values of its punctuation that no server meant.
        if let value = try? JSONParser().parse(Data(body)) {
            visit(value, name: nil)
        } else if let form = try? FormParameters(decoding: Data(body)) {
            for parameter in form where isSecret(parameter.name) { found.append(parameter.value) }
        }
        let text = String(decoding: body, as: UTF8.self)
        return found.filter { secret in
            secret.utf8.count >= 12 && text.components(separatedBy: secret).count == 2 && !headers.contains { $0.value.contains(secret) || $0.name.contains(secret) }
        }
    }

    private static func isSecret(_ name: String) -> Bool {
        Redaction.isSecretName(name) && !["code", "token", "user_code", "oauth_token"].contains(name.lowercased())
    }

    /// The first violation among some.
    package static func first(_ violations: FuzzViolation?...) -> FuzzViolation? {
        violations.lazy.compactMap { $0 }.first
    }
}

/// Reads the choices a target makes off the front of an input, a line each (the provider, the
/// status and content type, a header), so that corpus files read as what they are and the
/// fuzzer explores the choices as it explores the body.
package struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes[...]
    }

    /// The next line, without its line break, when one ends within `limit` bytes; otherwise
    /// `nil`, and nothing is taken.
    package mutating func line(limit: Int = 128) -> String? {
        guard let newline = bytes.prefix(limit).firstIndex(of: 0x0A) else { return nil }
        defer { bytes = bytes[(newline + 1)...] }
        return String(decoding: bytes[..<newline], as: UTF8.self)
    }

    /// The provider the next line names; for another name, one picked by its hash.
    package mutating func provider(_ providers: [Provider]) -> Provider {
        let name = line(limit: 64) ?? ""
        if let named = providers.first(where: { $0.name == name }) { return named }
        return providers[Self.hash(name) % providers.count]
    }

    /// The status and content type of the next line, `200 application/json`: a status of three
    /// digits (another is picked from `statuses` by the line's hash), then the content type as
    /// it is, or none when the line has no space.
    package mutating func statusAndContentType(_ statuses: [Int]) -> (status: Int, contentType: String?) {
        guard let text = line() else { return (200, "application/json") }
        let status = Int(text.prefix(3)).flatMap { (100...599).contains($0) ? $0 : nil } ?? statuses[Self.hash(text) % statuses.count]
        guard let space = text.firstIndex(of: " ") else { return (status, nil) }
        return (status, String(text[text.index(after: space)...]))
    }

    /// What is left.
    package var rest: [UInt8] { Array(bytes) }

    /// FNV-1a, for picks that stay put when the choices grow.
    static func hash(_ text: String) -> Int {
        Int(truncatingIfNeeded: text.utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 } >> 1)
    }
}
