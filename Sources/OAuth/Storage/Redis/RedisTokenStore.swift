import Foundation

/// A ``SharedTokenStore`` in Redis, for clients on several hosts that share one user's token.
///
/// Three keys, named from the one given:
/// - `KEY`: the token as JSON, as a ``FileTokenStore`` writes it;
/// - `KEY:version`: a counter that every write increments (it is never reset, so a version
///   never comes back); `KEY` and `KEY:version` are only ever changed together, by one script;
/// - `KEY:lease`: the refresh lease, `SET … NX PX` with the holder's random owner id, released
///   by a script that deletes it only while it still names that owner; Redis expires it when
///   its holder dies.
///
/// Reads are one `MGET`; a write is one `EVAL` (compare-and-set checks the counter and writes
/// the token and the counter together, or nothing). A token is never half-written: Redis runs
/// a script whole or not at all, and a connection that breaks before the reply leaves either
/// the old token or the new one. Keep the server's persistence on (`appendonly yes`) so a
/// restart keeps the token.
///
/// ```swift
/// let store = try RedisTokenStore(url: "redis://127.0.0.1:6379/0?key=oauth:github:alice")
/// ```
public struct RedisTokenStore: SharedTokenStore {
    /// The client that talks to Redis.
    public let redis: RedisClient
    /// The key that holds the token.
    public let key: String

    /// Creates a store from a URL whose `key` parameter names the key.
    ///
    /// - Throws: ``RedisError/invalidURL(reason:)`` without `key`, or as
    ///   ``RedisConfiguration/init(url:)``.
    public init(url: String) throws(RedisError) {
        let configuration = try RedisConfiguration(url: url)
        guard let key = configuration.key else { throw .invalidURL(reason: "has no key parameter (?key=NAME names where the token is kept)") }
        self.init(redis: RedisClient(configuration: configuration), key: key)
    }

    /// Creates a store over a client, for the token under `key`.
    public init(redis: RedisClient, key: String) {
        self.redis = redis
        self.key = key
    }

    public func load() async throws -> Token? {
        try await loadVersioned().token
    }

    public func save(_ token: Token) async throws {
        _ = try await script(Self.setScript, arguments: [String(decoding: FileTokenStore.encode(token), as: UTF8.self)])
    }

    public func clear() async throws {
        _ = try await script(Self.setScript, arguments: [""])
    }

    public func loadVersioned() async throws -> VersionedToken {
        let reply = try await redis.run(["MGET", key, key + ":version"])
        guard case .array(let values?) = reply, values.count == 2 else { throw Self.unexpected(reply, expected: "an array of two from MGET") }
        return try versioned(token: values[0], version: values[1])
    }

    public func compareAndSet(_ token: Token?, expecting version: TokenVersion) async throws -> CompareAndSetOutcome {
        let value = token.map { String(decoding: FileTokenStore.encode($0), as: UTF8.self) } ?? ""
        let reply = try await script(Self.compareAndSetScript, arguments: [Self.counter(of: version), value])
        guard case .array(let values?) = reply, let status = values.first, case .integer(let written) = status, values.count >= 2 else {
            throw Self.unexpected(reply, expected: "an array with a status and a version from the compare-and-set script")
        }
        if written == 1 { return .written(try Self.version(values[1])) }
        return .conflict(try versioned(token: values.count > 2 ? values[2] : .bulk(nil), version: values[1]))
    }

    public func acquireRefreshLease(owner: String, timeToLive: TimeInterval) async throws -> Bool {
        let milliseconds = max(1, Int((timeToLive * 1000).rounded(.up)))
        let reply = try await redis.run(["SET", key + ":lease", owner, "NX", "PX", String(milliseconds)])
        switch reply {
        case .simpleString("OK"): return true
        case .bulk(nil): return false
        default: throw Self.unexpected(reply, expected: "OK or nil from SET NX PX")
        }
    }

    public func releaseRefreshLease(owner: String) async throws {
        let reply = try await redis.run(["EVAL", Self.releaseScript, "1", key + ":lease", owner])
        if case .error(let message) = reply { throw RedisError.server(message: message) }
    }

    // MARK: Scripts

    /// KEYS[1] token, KEYS[2] version; ARGV[1] the token's JSON, or "" to delete it.
    static let setScript = """
        if ARGV[1] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[1]) end
        return redis.call('INCR', KEYS[2])
        """

    /// KEYS[1] token, KEYS[2] version; ARGV[1] the expected version, ARGV[2] the token's JSON or
    /// "" to delete it. Returns {1, new version} or {0, current version, current token}.
    static let compareAndSetScript = """
        local current = redis.call('GET', KEYS[2]) or '0'
        if current ~= ARGV[1] then return {0, current, redis.call('GET', KEYS[1])} end
        if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
        return {1, tostring(redis.call('INCR', KEYS[2]))}
        """

    /// KEYS[1] the lease; ARGV[1] the owner. Deletes the lease only if the owner still holds it.
    static let releaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """

    private func script(_ source: String, arguments: [String]) async throws -> RESPValue {
        let reply = try await redis.run(["EVAL", source, "2", key, key + ":version"] + arguments)
        if case .error(let message) = reply { throw RedisError.server(message: message) }
        return reply
    }

    private func versioned(token: RESPValue, version: RESPValue) throws -> VersionedToken {
        let stored: Token?
        switch token {
        case .bulk(nil): stored = nil
        case .bulk(let bytes?): stored = try FileTokenStore.decode(Data(bytes), from: "redis key \(key)")
        default: throw Self.unexpected(token, expected: "the token as a bulk string")
        }
        return VersionedToken(token: stored, version: try Self.version(version))
    }

    /// The version in a reply: the counter, `nil` or `0` for a key never written.
    private static func version(_ value: RESPValue) throws -> TokenVersion {
        let text: String?
        switch value {
        case .bulk(nil): text = "0"
        case .integer(let number): text = String(number)
        default: text = value.text
        }
        guard let text, let counter = Int64(text), counter >= 0 else { throw unexpected(value, expected: "a version counter") }
        return counter == 0 ? .absent : TokenVersion(String(counter))
    }

    private static func counter(of version: TokenVersion) -> String {
        version == .absent ? "0" : version.rawValue
    }

    private static func unexpected(_ reply: RESPValue, expected: String) -> RedisError {
        if case .error(let message) = reply { return .server(message: message) }
        return .protocolError(expected: expected, got: reply.kind)
    }
}
