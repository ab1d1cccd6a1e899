import Foundation

/// A ``SharedTokenStore`` in memory, for tests: several clients in one process share it as
/// clients in several processes share a file or a Redis key. The version is a counter; the
/// lease ends when released or when its time to live runs out on the store's clock.
public actor InMemorySharedTokenStore: SharedTokenStore {
    /// How often each operation ran, so tests can count them.
    public struct Counts: Sendable, Hashable {
        /// ``loadVersioned()`` and ``load()`` calls.
        public var reads = 0
        /// Writes that took effect: ``save(_:)``, ``clear()`` and successful compare-and-sets.
        public var writes = 0
        /// Compare-and-sets refused because another holder wrote first.
        public var conflicts = 0
        /// Lease requests, granted or not.
        public var leaseRequests = 0
        /// Lease requests granted.
        public var leasesGranted = 0
    }

    private var token: Token?
    private var version = 0
    private var lease: (owner: String, expiresAt: Date)?
    private let clock: any WallClock
    /// What the store was asked to do.
    public private(set) var counts = Counts()

    /// Creates a store, optionally holding a token; leases expire on `clock`.
    public init(_ token: Token? = nil, clock: any WallClock = SystemClock()) {
        self.token = token
        self.version = token == nil ? 0 : 1
        self.clock = clock
    }

    public func load() -> Token? {
        counts.reads += 1
        return token
    }

    public func save(_ token: Token) {
        set(token)
    }

    public func clear() {
        set(nil)
    }

    public func loadVersioned() -> VersionedToken {
        counts.reads += 1
        return VersionedToken(token: token, version: currentVersion)
    }

    public func compareAndSet(_ token: Token?, expecting expected: TokenVersion) -> CompareAndSetOutcome {
        guard expected == currentVersion else {
            counts.conflicts += 1
            return .conflict(VersionedToken(token: self.token, version: currentVersion))
        }
        set(token)
        return .written(currentVersion)
    }

    public func acquireRefreshLease(owner: String, timeToLive: TimeInterval) -> Bool {
        counts.leaseRequests += 1
        let now = clock.now
        if let held = lease, held.owner != owner, held.expiresAt > now { return false }
        lease = (owner, now.addingTimeInterval(timeToLive))
        counts.leasesGranted += 1
        return true
    }

    public func releaseRefreshLease(owner: String) {
        if lease?.owner == owner { lease = nil }
    }

    /// The owner of a lease that has not expired, if any.
    public var leaseOwner: String? {
        guard let held = lease, held.expiresAt > clock.now else { return nil }
        return held.owner
    }

    private var currentVersion: TokenVersion {
        version == 0 ? .absent : TokenVersion(String(version))
    }

    private func set(_ token: Token?) {
        self.token = token
        version += 1
        counts.writes += 1
    }
}
