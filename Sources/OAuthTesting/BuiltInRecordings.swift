import Foundation
import OAuth
import OAuthProviders

/// Where the built-in providers' folders and recordings are: `Providers/<Name>/Recordings/`,
/// found by the provider's name, in any case.
public enum BuiltInRecordings {
    /// The `Providers/` directory of this package's sources.
    public static var providersDirectory: URL { ProviderFolders.directory }

    /// The folder names under `Providers/`, sorted.
    public static func folderNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: providersDirectory.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: providersDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// The folder of the provider with this name, if there is one.
    public static func folder(for providerName: String) -> URL? {
        folderNames().first { $0.lowercased() == providerName.lowercased() }.map { providersDirectory.appendingPathComponent($0) }
    }

    /// The recordings of a built-in provider.
    ///
    /// - Throws: ``RecordingError`` when the provider has no folder or a recording is malformed.
    public static func recordings(for providerName: String) throws(RecordingError) -> [Recording] {
        guard let folder = folder(for: providerName) else {
            throw RecordingError(file: providersDirectory, reason: "has no folder for provider \"\(providerName)\"")
        }
        let directory = folder.appendingPathComponent("Recordings")
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try Recording.loadAll(from: directory)
    }
}
