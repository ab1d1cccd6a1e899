import Foundation

/// A provider's folder: its definition (`provider.json`), its `README.md` and its recordings
/// (`Recordings/*.json`). The built-in folders are shipped inside the product; a user's own is
/// read from disk with ``init(directory:)``.
public struct ProviderFolder: Sendable {
    /// A file's contents, as the build embedded them.
    public enum Contents: Sendable {
        /// UTF-8 text.
        case text(String)
        /// Bytes, base64-encoded (text with carriage returns or NUL, which a Swift literal would
        /// not keep as they are).
        case base64(String)

        /// The bytes.
        public var data: Data {
            switch self {
            case .text(let text): Data(text.utf8)
            case .base64(let text): Data(base64Encoded: text) ?? Data()
            }
        }
    }

    /// One file of the folder, by its path inside it: `README.md`, `Recordings/token.json`.
    public struct File: Sendable {
        /// The path inside the folder.
        public let path: String
        /// What it holds.
        public let contents: Contents

        /// Creates a file.
        public init(path: String, contents: Contents) {
            self.path = path
            self.contents = contents
        }
    }

    /// The folder's name: `GitHub`.
    public let name: String
    /// `provider.json`.
    public let definition: Contents
    /// The other files: `README.md` and the recordings.
    public let files: [File]
    /// Where the folder was read from, for messages: `Providers/GitHub`.
    public let location: String

    /// A folder as the build embedded it.
    public init(name: String, definition: Contents, files: [File]) {
        self.name = name
        self.definition = definition
        self.files = files
        self.location = "Providers/\(name)"
    }

    /// Reads a folder from disk.
    ///
    /// - Throws: ``ProviderFolderError`` when the folder or its `provider.json` cannot be read.
    public init(directory: URL) throws(ProviderFolderError) {
        let manager = FileManager.default
        guard let definition = manager.contents(atPath: directory.appendingPathComponent("provider.json").path) else {
            throw ProviderFolderError(location: directory.path, reason: "expected a readable provider.json, got none")
        }
        var files: [File] = []
        if let readme = manager.contents(atPath: directory.appendingPathComponent("README.md").path) {
            files.append(File(path: "README.md", contents: .base64(readme.base64EncodedString())))
        }
        let recordings = directory.appendingPathComponent("Recordings")
        for name in ((try? manager.contentsOfDirectory(atPath: recordings.path)) ?? []).sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let data = manager.contents(atPath: recordings.appendingPathComponent(name).path) else {
                throw ProviderFolderError(location: recordings.appendingPathComponent(name).path, reason: "could not be read")
            }
            files.append(File(path: "Recordings/\(name)", contents: .base64(data.base64EncodedString())))
        }
        self.name = directory.lastPathComponent
        self.definition = .base64(definition.base64EncodedString())
        self.files = files
        self.location = directory.path
    }

    /// The README, when the folder has one.
    public var readme: String? {
        files.first { $0.path == "README.md" }.map { String(decoding: $0.contents.data, as: UTF8.self) }
    }

    /// The recording files, sorted by name.
    public var recordingFiles: [File] {
        files.filter { $0.path.hasPrefix("Recordings/") }
    }

    /// The provider the folder defines.
    ///
    /// - Throws: ``ProviderDefinitionError`` saying what was expected where.
    public func provider(catalog: FixCatalog = .builtIn, registry: ProviderRegistry? = nil) throws(ProviderDefinitionError) -> Provider {
        do {
            return try Provider.decode(from: definition.data, catalog: catalog, registry: registry)
        } catch {
            throw ProviderDefinitionError(path: error.path, reason: "\(location)/provider.json: \(error.reason)")
        }
    }
}

/// Why a provider folder could not be read.
public struct ProviderFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The folder or file.
    public let location: String
    /// What was expected and what came.
    public let reason: String

    public var description: String { "\(location): \(reason)" }
}
