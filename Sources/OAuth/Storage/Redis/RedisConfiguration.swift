import Foundation

/// Where a Redis server is and how to talk to it, read from a URL:
/// `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?key=NAME&timeout=SECONDS]`.
///
/// ```swift
/// let configuration = try RedisConfiguration(url: "redis://:s3cret@10.0.0.5:6379/2?key=tokens:alice")
/// configuration.key   // "tokens:alice"
/// ```
///
/// `rediss://` (TLS) is read, and refused with ``RedisError/tlsNotSupported``.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address.
    public var host: String
    /// The port (default 6379).
    public var port: Int
    /// The database number sent with `SELECT` (default 0).
    public var database: Int
    /// The user for `AUTH` (Redis 6 ACLs), if any.
    public var username: String?
    /// The password for `AUTH`, if any.
    public var password: String?
    /// The `key` query parameter: where a ``RedisTokenStore`` keeps the token.
    public var key: String?
    /// How long connecting may take, in seconds (default 2).
    public var connectTimeout: TimeInterval = 2
    /// How long one command (or pipeline), sent and answered, may take, in seconds (default 2;
    /// `timeout` in the URL).
    public var commandTimeout: TimeInterval = 2
    /// Bounds on the replies the client accepts.
    var limits = RESPReader.Limits()

    /// Creates a configuration.
    public init(host: String, port: Int = 6379, database: Int = 0, username: String? = nil, password: String? = nil, key: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
        self.key = key
    }

    /// Reads a `redis://` URL.
    ///
    /// - Throws: ``RedisError/tlsNotSupported`` for `rediss://`, ``RedisError/invalidURL(reason:)``
    ///   for anything else that is not a Redis URL.
    public init(url text: String) throws(RedisError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL(reason: "cannot be parsed")
        }
        guard scheme != "rediss" else { throw .tlsNotSupported }
        guard scheme == "redis" else { throw .invalidURL(reason: "has the scheme \(scheme)") }
        guard var host = components.host, !host.isEmpty else { throw .invalidURL(reason: "names no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host)
        if let port = components.port {
            guard (1...65535).contains(port) else { throw .invalidURL(reason: "has the port \(port)") }
            self.port = port
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        if !path.isEmpty {
            guard let database = Int(path), database >= 0 else { throw .invalidURL(reason: "has a path that is not a database number") }
            self.database = database
        }
        if let user = components.user, !user.isEmpty { username = user.removingPercentEncoding ?? user }
        if let password = components.password, !password.isEmpty { self.password = password.removingPercentEncoding ?? password }
        for item in components.queryItems ?? [] {
            switch item.name {
            case "key":
                guard let value = item.value, !value.isEmpty else { throw .invalidURL(reason: "has an empty key") }
                key = value
            case "timeout":
                guard let value = item.value.flatMap(TimeInterval.init), value > 0, value <= 300 else {
                    throw .invalidURL(reason: "has a timeout that is not seconds from 0 to 300")
                }
                commandTimeout = value
                connectTimeout = value
            default:
                throw .invalidURL(reason: "has the unknown parameter \(item.name) (known: key, timeout)")
            }
        }
    }

    /// The URL without the password.
    public var description: String {
        let credentials = password == nil ? (username.map { "\($0)@" } ?? "") : "\(username ?? ""):[redacted]@"
        return "redis://\(credentials)\(address)/\(database)" + (key.map { "?key=\($0)" } ?? "")
    }

    /// `host:port`, for messages.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
