import Foundation
import OAuth
import Testing

/// FileTokenStore as a SharedTokenStore: versions, compare-and-set, the flock lease, modes.
@Suite struct FileTokenStoreSharingTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)").appendingPathComponent("token.json").path
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func compareAndSetWritesOnlyOverTheVersionItExpects() throws {
        let path = temporaryPath()
        let store = FileTokenStore(path: path)
        #expect(try store.loadVersioned() == VersionedToken(token: nil, version: .absent))
        let first = Token(accessToken: "a1", refreshToken: "r1")
        guard case .written(let version1) = try store.compareAndSet(first, expecting: .absent) else {
            Issue.record("expected the first write to succeed")
            return
        }
        #expect(version1 != .absent)
        #expect(try store.loadVersioned() == VersionedToken(token: first, version: version1))
        let second = Token(accessToken: "a2", refreshToken: "r2")
        guard case .written(let version2) = try store.compareAndSet(second, expecting: version1) else {
            Issue.record("expected the second write to succeed")
            return
        }
        #expect(version2 != version1)
        // A holder that still thinks version1 is stored neither overwrites nor clears.
        #expect(try store.compareAndSet(Token(accessToken: "stale"), expecting: version1) == .conflict(VersionedToken(token: second, version: version2)))
        #expect(try store.compareAndSet(nil, expecting: version1) == .conflict(VersionedToken(token: second, version: version2)))
        #expect(try store.load() == second)
        #expect(try store.compareAndSet(nil, expecting: version2) == .written(.absent))
        #expect(try store.load() == nil)
    }

    @Test func theTokenAndTheLockFilesAreOwnerOnly() throws {
        let path = temporaryPath()
        let store = FileTokenStore(path: path)
        try store.save(Token(accessToken: "a"))
        #expect(try store.acquireRefreshLease(owner: "me", timeToLive: 5))
        store.releaseRefreshLease(owner: "me")
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + ".lock") == 0o600)
        #expect(try mode(path + ".lease") == 0o600)
    }

    @Test func theLeaseIsExclusiveBetweenStoresAndReleasable() throws {
        let path = temporaryPath()
        let one = FileTokenStore(path: path)
        let other = FileTokenStore(path: path)
        #expect(try one.acquireRefreshLease(owner: "one", timeToLive: 30))
        #expect(try one.acquireRefreshLease(owner: "one", timeToLive: 30), "the holder asking again still holds it")
        #expect(try other.acquireRefreshLease(owner: "other", timeToLive: 30) == false)
        other.releaseRefreshLease(owner: "other")
        #expect(try other.acquireRefreshLease(owner: "other", timeToLive: 30) == false, "releasing a lease one does not hold changes nothing")
        one.releaseRefreshLease(owner: "one")
        #expect(try other.acquireRefreshLease(owner: "other", timeToLive: 30))
        other.releaseRefreshLease(owner: "other")
    }

    @Test func aMalformedFileIsATypedError() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: TokenStoreError.self) { try FileTokenStore(path: path).loadVersioned() }
    }
}
