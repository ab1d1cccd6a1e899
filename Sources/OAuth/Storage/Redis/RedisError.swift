/// What went wrong between the package and a Redis server. Messages never contain the
/// password or a token.
public enum RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL is not one the Redis client reads.
    case invalidURL(reason: String)
    /// The URL asks for TLS (`rediss://`), which the client does not speak yet.
    case tlsNotSupported
    /// No connection could be made.
    case connectionFailed(address: String, reason: String)
    /// The connection broke, or the server closed it, during a command.
    case connectionLost(reason: String)
    /// The server did not answer within the time allowed.
    case timedOut(operation: String, seconds: Double)
    /// The server refused a command (an `-ERR …` reply).
    case server(message: String)
    /// The server's reply is not RESP2, or is larger than the client accepts.
    case protocolError(expected: String, got: String)

    /// Whether trying again later may succeed: the server out of reach, not a refusal.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .connectionLost, .timedOut: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let reason): "redis: expected a URL redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]?key=NAME, got one that \(reason)"
        case .tlsNotSupported: "redis: rediss:// (TLS) is not supported yet; use redis:// on a trusted network or through a TLS tunnel"
        case .connectionFailed(let address, let reason): "redis: expected a connection to \(address), got none: \(reason)"
        case .connectionLost(let reason): "redis: the connection was lost: \(reason)"
        case .timedOut(let operation, let seconds): "redis: expected an answer to \(operation) within \(seconds) s, got none"
        case .server(let message): "redis: the server refused the command: \(message)"
        case .protocolError(let expected, let got): "redis: expected \(expected), got \(got)"
        }
    }
}
