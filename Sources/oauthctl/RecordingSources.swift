import Foundation
import OAuth
import OAuthProviders
import OAuthTesting

/// Where a command finds a provider's recordings: the built-in ones shipped inside the binary,
/// plus a user's own from `--recordings DIR`. A provider with none is an error that says what
/// was expected and where, never an empty list.
enum RecordingSources {
    /// The recordings of `provider`: the built-in set (for a built-in provider) followed by
    /// those in `directory`.
    ///
    /// - Throws: ``RecordingError`` when the directory cannot be read or holds none, when a
    ///   recording is malformed, or when the provider has neither.
    static func recordings(for provider: Provider, directory: String?) throws -> [Recording] {
        var recordings: [Recording] = []
        if BuiltInRecordings.hasFolder(for: provider.name) {
            recordings = try BuiltInRecordings.recordings(for: provider.name)
        }
        if let directory {
            let own = try Recording.loadAll(from: URL(fileURLWithPath: directory))
            guard !own.isEmpty else {
                throw RecordingError(location: directory, reason: "expected recordings (*.json) for provider \"\(provider.name)\", got none")
            }
            recordings += own
        }
        guard !recordings.isEmpty else {
            throw RecordingError(
                location: nil,
                reason: "provider \"\(provider.name)\" has no built-in recordings: expected --recordings DIR with its recordings (the folder record mode writes)"
            )
        }
        return recordings
    }
}
