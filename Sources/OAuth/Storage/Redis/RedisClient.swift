import Foundation

/// A small Redis client: RESP2 over one TCP connection, commands run one pipeline at a time on
/// a serial queue of its own (so the blocking socket calls never hold a Swift concurrency
/// thread), connect and command timeouts, bounded replies, `AUTH` and `SELECT` from the
/// configuration, and a new connection on the next call after any failure.
///
/// ```swift
/// let redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:6379"))
/// let reply = try await redis.run(["PING"])   // .simpleString("PONG")
/// ```
public final class RedisClient: Sendable {
    /// Where the server is and how to talk to it.
    public let configuration: RedisConfiguration
    private let queue = DispatchQueue(label: "oauth.redis")
    private let state: LockedConnection

    /// Creates a client; nothing is sent until the first command.
    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.state = LockedConnection(RedisConnection(configuration: configuration))
    }

    /// Runs one command and returns its reply; an `-ERR` reply is returned, not thrown.
    ///
    /// - Throws: ``RedisError`` when the server cannot be reached, stops answering, or answers
    ///   something that is not RESP2.
    public func run(_ command: [String]) async throws(RedisError) -> RESPValue {
        try await pipeline([command])[0]
    }

    /// Runs commands as one pipeline (one round trip) and returns their replies in order.
    public func pipeline(_ commands: [[String]]) async throws(RedisError) -> [RESPValue] {
        let result: Result<[RESPValue], RedisError> = await withCheckedContinuation { continuation in
            queue.async { [state] in
                continuation.resume(returning: state.run(commands))
            }
        }
        return try result.get()
    }

    /// How many round trips the client made, for benchmarks and tests to count.
    public var roundTrips: Int { state.roundTrips }

    /// Closes the connection; the next command opens a new one.
    public func disconnect() {
        queue.sync { [state] in state.close() }
    }
}

/// The connection, touched only on the client's queue; the lock guards the counter read from
/// other threads.
private final class LockedConnection: @unchecked Sendable {
    private let connection: RedisConnection
    private let lock = NSLock()
    private var trips = 0

    init(_ connection: RedisConnection) {
        self.connection = connection
    }

    var roundTrips: Int { lock.withLock { trips } }

    func run(_ commands: [[String]]) -> Result<[RESPValue], RedisError> {
        lock.withLock { trips += 1 }
        do {
            return .success(try connection.run(commands))
        } catch {
            return .failure(error)
        }
    }

    func close() {
        connection.close()
    }
}
