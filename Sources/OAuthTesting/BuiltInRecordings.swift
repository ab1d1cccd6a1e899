import Foundation
import OAuth
import OAuthProviders

/// The built-in providers' recordings, as the build embedded them from
/// `Providers/<Name>/Recordings/`: there wherever the binary runs.
public enum BuiltInRecordings {
    /// The recordings of a built-in provider, found by its name in any case.
    ///
    /// - Throws: ``RecordingError`` when the provider has no folder or no recordings, or a
    ///   recording is malformed: never an empty list.
    public static func recordings(for providerName: String) throws(RecordingError) -> [Recording] {
        guard let folder = BuiltInProviders.folder(named: providerName) else {
            throw RecordingError(location: "Providers/", reason: "expected a folder for provider \"\(providerName)\", got none")
        }
        let recordings = try Recording.loadAll(from: folder)
        guard !recordings.isEmpty else {
            throw RecordingError(location: "\(folder.location)/Recordings", reason: "expected recordings, got none")
        }
        return recordings
    }

    /// Whether a built-in provider has a folder of recordings.
    public static func hasFolder(for providerName: String) -> Bool {
        BuiltInProviders.folder(named: providerName) != nil
    }
}
