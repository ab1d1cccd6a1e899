import Foundation
import OAuth

/// Proves a provider's fixes against its recordings, the way the package proves its own:
///
/// 1. with the provider's fixes, every recording yields exactly its expected outcome;
/// 2. with all fixes removed, the strict core fails on every non-compliant recording or yields
///    something else, and reads every compliant one the same way;
/// 3. every fix is needed: removing it alone changes the outcome of at least one recording;
/// 4. every fix that rewrites responses leaves the RFC's golden responses (RFC 6749's, or for an
///    OAuth 1.0a provider RFC 5849's), and the provider's compliant recordings, byte for byte
///    as they were;
/// 5. no redacted recording (one record mode wrote, or any that uses placeholders) holds a
///    secret-looking value: one at a secret position that is not a placeholder
///    (``RecordingSecrets`` defines both).
///
/// ```swift
/// @Test func acmeIsProven() throws {
///     let proof = try ProviderProof(provider: .acme, recordingsIn: recordingsDirectory)
///     #expect(proof.problems.isEmpty, "\(proof.problems)")
/// }
/// ```
public struct ProviderProof: Sendable {
    /// One thing that is not proven.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The provider.
        public let provider: String
        /// What is wrong, naming the recording or fix.
        public let message: String

        public var description: String { "\(provider): \(message)" }
    }

    /// The provider under proof.
    public let provider: Provider
    /// Its recordings.
    public let recordings: [Recording]

    /// Proves a provider against recordings already loaded.
    public init(provider: Provider, recordings: [Recording]) {
        self.provider = provider
        self.recordings = recordings
    }

    /// Proves a provider against the recordings in a directory.
    ///
    /// - Throws: ``RecordingError`` when the directory cannot be read, holds no recordings, or
    ///   a recording is malformed: a proof over nothing is no proof.
    public init(provider: Provider, recordingsIn directory: URL) throws(RecordingError) {
        let recordings = try Recording.loadAll(from: directory)
        guard !recordings.isEmpty else {
            throw RecordingError(location: directory.path, reason: "expected recordings (*.json) for provider \"\(provider.name)\", got none")
        }
        self.init(provider: provider, recordings: recordings)
    }

    /// Proves a built-in provider against the recordings shipped inside the product.
    ///
    /// - Throws: ``RecordingError`` when the provider has no folder or no recordings.
    public init(builtIn provider: Provider) throws(RecordingError) {
        self.init(provider: provider, recordings: try BuiltInRecordings.recordings(for: provider.name))
    }

    /// Everything that is not proven; empty when the provider is.
    public var problems: [Problem] {
        var problems: [String] = []
        if recordings.isEmpty { problems.append("has no recordings") }
        problems += recordingProblems()
        problems += fixNecessityProblems()
        problems += goldenProblems()
        problems += secretProblems()
        return problems.map { Problem(provider: provider.name, message: $0) }
    }

    private func recordingProblems() -> [String] {
        var problems: [String] = []
        let strict = provider.strictCore
        for recording in recordings {
            let outcome = recording.replay(with: provider)
            if !outcome.matches(recording.expected) {
                problems.append("\(recording.name): expected \(recording.expected), got \(outcome); fix the provider's fixes or the recording's expect")
            }
            let strictOutcome = recording.replay(with: strict)
            if recording.compliant, !strictOutcome.matches(recording.expected) {
                problems.append("\(recording.name) is marked compliant, but the strict core gives \(strictOutcome) instead of \(recording.expected)")
            } else if !recording.compliant, strictOutcome.matches(recording.expected) {
                problems.append("\(recording.name): the strict core alone already gives \(strictOutcome); mark the recording compliant or show the quirk")
            }
        }
        return problems
    }

    private func secretProblems() -> [String] {
        recordings.flatMap { recording in
            RecordingSecrets.secretLooking(in: recording.jsonValue).map { finding in
                "\(recording.name): \(finding.path) holds a secret-looking value (expected a placeholder such as \(finding.kind.rawValue)-1: "
                    + "a recording with placeholders must use them for every secret; replace the value, and revoke it if it is real)"
            }
        }
    }

    private func fixNecessityProblems() -> [String] {
        (provider.fixes + provider.optionalFixes).compactMap { fix in
            var without = provider.withFixes(provider.fixes.filter { $0.id != fix.id })
            without.optionalFixes = provider.optionalFixes.filter { $0.id != fix.id }
            let needed = recordings.contains { recording in
                !recording.replay(with: without).matches(recording.expected)
            }
            return needed ? nil : "fix \(fix.id) is not proven: no recording changes when it is removed; add a recording of the quirk it fixes, or remove the fix"
        }
    }

    private func goldenProblems() -> [String] {
        var goldens: [(title: String, hookPoints: [HookPoint], response: HTTPResponse)]
        if provider.version == .oauth1 {
            goldens = GoldenResponses.oauth1.map { ($0.golden.title, [$0.hookPoint], $0.golden.response) }
        } else {
            goldens = GoldenResponses.all.map { ($0.title, [.accessTokenResponse, .refreshResponse], $0.response) }
        }
        for recording in recordings where recording.compliant {
            if case .response(let response, _) = recording.input { goldens.append((recording.name, [recording.hookPoint], response)) }
        }
        var problems: [String] = []
        for fix in provider.fixes + provider.optionalFixes where !Set(fix.hookPoints).isDisjoint(with: HookPoint.responses) {
            let hooks = HookPipelines([fix])
            for golden in goldens {
                for hookPoint in golden.hookPoints where fix.hookPoints.contains(hookPoint) {
                    var draft = TokenEndpointResponse(golden.response)
                    do {
                        try hooks.run(&draft, at: hookPoint)
                    } catch {
                        problems.append("fix \(fix.id) throws on the compliant response \"\(golden.title)\": \(error)")
                        continue
                    }
                    if draft.httpResponse != golden.response {
                        problems.append("fix \(fix.id) changes the compliant response \"\(golden.title)\" at \(hookPoint)")
                    }
                }
            }
        }
        return problems
    }
}
