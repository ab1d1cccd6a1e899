import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A token store in a JSON file, written by atomic replace with mode 0600: the token as
/// `oauthctl` prints it (RFC 6749 member names, `expires_at`, provider extras).
///
/// ```swift
/// let store = FileTokenStore(path: "/home/me/.config/oauthctl/tokens/github/Iv1.8a61f9b3a7aba766.json")
/// ```
public struct FileTokenStore: TokenStore {
    /// The file's path.
    public let path: String

    /// Creates a store for a path; nothing is read or written until asked.
    public init(path: String) {
        self.path = path
    }

    public func load() throws -> Token? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenStoreError.unreadable(path: path, reason: error.localizedDescription)
        }
        // The package's own strict parser reads what its writer wrote: member names compared by
        // bytes, numbers kept as written.
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser(maximumDepth: JSONParser.depthCeiling).parse(data) else {
                throw TokenStoreError.malformed(path: path, reason: "expected a JSON object")
            }
            object = parsed
        } catch let error as TokenStoreError {
            throw error
        } catch {
            throw TokenStoreError.malformed(path: path, reason: "\(error)")
        }
        do {
            return try Token(jsonObject: object)
        } catch {
            throw TokenStoreError.malformed(path: path, reason: "\(error)")
        }
    }

    public func save(_ token: Token) throws {
        try Self.writeAtomically(Data(JSONWriter.prettyString(.object(token.jsonObject())).utf8), to: path)
    }

    public func clear() throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw TokenStoreError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to a temporary file beside `path` with mode 0600, then renames it over
    /// `path`, so readers see the old file or the new one, never half of one.
    public static func writeAtomically(_ data: Data, to path: String) throws(TokenStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unwritable(path: path, reason: error.localizedDescription)
            }
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }
}

/// Why a token store could not do its job.
public enum TokenStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not a token.
    case malformed(path: String, reason: String)
    /// The file cannot be written or removed.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "token store \(path): cannot read it: \(reason)"
        case .malformed(let path, let reason): "token store \(path): expected a token as JSON with an access_token, got something else: \(reason)"
        case .unwritable(let path, let reason): "token store \(path): cannot write it: \(reason)"
        }
    }
}
