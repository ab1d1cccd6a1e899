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
///
/// Processes on one host share the file as a ``SharedTokenStore``: the version is a digest of
/// the file's bytes; every write happens under an exclusive `flock` on `PATH.lock`, held for the
/// read, compare and replace only; the refresh lease is an exclusive `flock` on `PATH.lease`,
/// which the system releases when the holder's process ends, however it ends (so the time to
/// live is not needed: a lease cannot outlive its process). Both files are created 0600 beside
/// the token file and are never removed.
public struct FileTokenStore: SharedTokenStore {
    /// The file's path.
    public let path: String
    private let leases = FileLeases()

    /// Creates a store for a path; nothing is read or written until asked.
    public init(path: String) {
        self.path = path
    }

    public func load() throws -> Token? {
        try loadVersioned().token
    }

    public func save(_ token: Token) throws {
        try withWriteLock { try Self.writeAtomically(Self.encode(token), to: path) }
    }

    public func clear() throws {
        try withWriteLock { try remove() }
    }

    public func loadVersioned() throws -> VersionedToken {
        guard let data = try read() else { return VersionedToken(token: nil, version: .absent) }
        return VersionedToken(token: try Self.decode(data, from: path), version: Self.version(of: data))
    }

    /// Reads a token as ``encode(_:)`` writes it, for the store named `source` in messages.
    static func decode(_ data: Data, from source: String) throws(TokenStoreError) -> Token {
        // The package's own strict parser reads what its writer wrote: member names compared by
        // bytes, numbers kept as written.
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser(maximumDepth: JSONParser.depthCeiling).parse(data) else {
                throw TokenStoreError.malformed(path: source, reason: "expected a JSON object")
            }
            object = parsed
        } catch let error as TokenStoreError {
            throw error
        } catch {
            throw .malformed(path: source, reason: "\(error)")
        }
        do {
            return try Token(jsonObject: object)
        } catch {
            throw .malformed(path: source, reason: "\(error)")
        }
    }

    public func compareAndSet(_ token: Token?, expecting version: TokenVersion) throws -> CompareAndSetOutcome {
        try withWriteLock {
            let current = try loadVersioned()
            guard current.version == version else { return .conflict(current) }
            guard let token else {
                try remove()
                return .written(.absent)
            }
            let data = Self.encode(token)
            try Self.writeAtomically(data, to: path)
            return .written(Self.version(of: data))
        }
    }

    public func acquireRefreshLease(owner: String, timeToLive: TimeInterval) throws -> Bool {
        try leases.acquire(owner: owner, file: try openLockFile(suffix: ".lease"))
    }

    public func releaseRefreshLease(owner: String) {
        leases.release(owner: owner)
    }

    /// The file's bytes, or `nil` when there is no file.
    private func read() throws -> Data? {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            throw TokenStoreError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    private func remove() throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw TokenStoreError.unwritable(path: path, reason: String(cString: strerror(errno))) }
    }

    static func encode(_ token: Token) -> Data {
        Data(JSONWriter.prettyString(.object(token.jsonObject())).utf8)
    }

    /// A file's version: the first 16 bytes of the SHA-256 of its bytes, in hex.
    static func version(of data: Data) -> TokenVersion {
        TokenVersion(Hex.lowercase(Array(SHA256.hash(data).prefix(16))))
    }

    /// Runs `body` holding the exclusive lock on `PATH.lock`, waiting at most 10 s for it.
    private func withWriteLock<T>(_ body: () throws -> T) throws -> T {
        let descriptor = try openLockFile(suffix: ".lock")
        defer { close(descriptor) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, waited < 10_000 else {
                throw TokenStoreError.unwritable(path: path, reason: "expected the lock on \(path).lock within 10 s, got none")
            }
            usleep(2_000)
            waited += 2
        }
        return try body()
    }

    private func openLockFile(suffix: String) throws(TokenStoreError) -> Int32 {
        let lockPath = path + suffix
        try Self.createDirectory(for: path)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: lockPath, reason: String(cString: strerror(errno))) }
        return descriptor
    }

    private static func createDirectory(for path: String) throws(TokenStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unwritable(path: path, reason: error.localizedDescription)
            }
        }
    }

    /// Writes `data` to a temporary file beside `path` with mode 0600, then renames it over
    /// `path`, so readers see the old file or the new one, never half of one.
    public static func writeAtomically(_ data: Data, to path: String) throws(TokenStoreError) {
        try createDirectory(for: path)
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

/// The refresh leases a ``FileTokenStore`` holds: an open descriptor with an exclusive `flock`
/// for each owner.
private final class FileLeases: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [String: Int32] = [:]

    /// Locks `descriptor` for `owner` without waiting; closes it unless it now holds the lease.
    func acquire(owner: String, file descriptor: Int32) throws -> Bool {
        if lock.withLock({ held[owner] != nil }) {
            close(descriptor)
            return true
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return false
        }
        lock.withLock { held[owner] = descriptor }
        return true
    }

    func release(owner: String) {
        guard let descriptor = lock.withLock({ held.removeValue(forKey: owner) }) else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit {
        for descriptor in held.values { close(descriptor) }
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
