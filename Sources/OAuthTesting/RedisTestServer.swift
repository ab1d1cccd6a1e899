#if os(Linux) || os(macOS)
import Foundation
import OAuth
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `redis-server` of its own for a test: started on a free loopback port with a temporary
/// directory and append-only persistence (so a restart keeps what was written), stopped when
/// the test is done.
///
/// ```swift
/// let server = try RedisTestServer.start()
/// defer { server.stop() }
/// let store = try RedisTokenStore(url: server.url(key: "alice"))
/// ```
///
/// Where `redis-server` is not installed, ``isInstalled`` is `false`: skip the test, unless
/// ``isRequired`` (the environment variable `OAUTH_REQUIRE_REDIS=1`, which CI sets), when the
/// test should fail instead.
public final class RedisTestServer: @unchecked Sendable {
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// The password it requires, if any.
    public let password: String?
    /// The directory it keeps its files in.
    public let directory: String
    private let executable: String
    private let lock = NSLock()
    private var process: ChildProcess?

    /// Whether the tests must run against Redis: `OAUTH_REQUIRE_REDIS=1`.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["OAUTH_REQUIRE_REDIS"] == "1" }

    /// The `redis-server` executable on the `PATH` (or in /usr/bin, /usr/local/bin,
    /// /opt/homebrew/bin), if any.
    public static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.map { ($0 as NSString).appendingPathComponent("redis-server") }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether `redis-server` is installed.
    public static var isInstalled: Bool { executable != nil }

    /// Whether a test that needs Redis should run: it is installed, or it is required (then a
    /// test fails when it cannot start it).
    public static var shouldRun: Bool { isInstalled || isRequired }

    /// Why a test that needs Redis was skipped.
    public static let skipReason = "redis-server is not installed (apt-get install redis-server); OAUTH_REQUIRE_REDIS=1 makes this a failure"

    private init(port: Int, password: String?, directory: String, executable: String) {
        self.port = port
        self.password = password
        self.directory = directory
        self.executable = executable
    }

    /// Starts a server on a free loopback port and waits until it answers `PING`.
    ///
    /// - Throws: ``RedisTestServerError`` when `redis-server` is missing or does not start.
    public static func start(password: String? = nil) async throws -> RedisTestServer {
        guard let executable else { throw RedisTestServerError.notInstalled }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var lastError: any Error = RedisTestServerError.notInstalled
        for _ in 0..<5 {
            let server = RedisTestServer(port: try freePort(), password: password, directory: directory, executable: executable)
            do {
                try await server.restart()
                return server
            } catch {
                lastError = error
                await server.stop()
            }
        }
        throw lastError
    }

    /// Starts a server, runs `body` with it, and shuts it down however `body` ends.
    public static func with<T>(password: String? = nil, _ body: (RedisTestServer) async throws -> T) async throws -> T {
        let server = try await start(password: password)
        do {
            let result = try await body(server)
            await server.shutDown()
            return result
        } catch {
            await server.shutDown()
            throw error
        }
    }

    /// A `redis://` URL for this server, with `key` when given.
    public func url(key: String? = nil, database: Int = 0) -> String {
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(port)/\(database)" + (key.map { "?key=\($0)" } ?? "")
    }

    /// Starts the server again on the same port and directory after ``stop()`` (it keeps what
    /// was written, through its append-only file), and waits until it answers.
    public func restart() async throws {
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "yes",
            "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "yes", "--logfile", "",
        ]
        if let password { arguments += ["--requirepass", password] }
        let process = try ChildProcess(executable, arguments)
        lock.withLock { self.process = process }
        let client = RedisClient(configuration: try RedisConfiguration(url: url()))
        for _ in 0..<100 {
            if case .simpleString("PONG")? = try? await client.run(["PING"]) { return }
            guard process.isRunning else { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw RedisTestServerError.didNotStart(port: port)
    }

    /// Stops the server: `SHUTDOWN` (it writes its files and exits), then waits for it to
    /// exit, and kills it if it has not within 3 s. (A signal may not do: a child of a test
    /// runner can inherit a mask that blocks SIGTERM.)
    public func stop() async {
        guard let process = lock.withLock({ () -> ChildProcess? in
            defer { self.process = nil }
            return self.process
        }) else { return }
        if let configuration = try? RedisConfiguration(url: url()) {
            var quick = configuration
            quick.commandTimeout = 1
            _ = try? await RedisClient(configuration: quick).run(["SHUTDOWN"])
        }
        for _ in 0..<60 where process.isRunning {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        process.terminate(SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the server and removes its directory.
    public func shutDown() async {
        await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit {
        process?.terminate(SIGKILL)
    }

    /// A port nothing listens on now: bound to port 0, read back, closed.
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw RedisTestServerError.noFreePort }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw RedisTestServerError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a ``RedisTestServer`` could not start.
public enum RedisTestServerError: Error, Sendable, CustomStringConvertible {
    /// `redis-server` is not installed.
    case notInstalled
    /// No free loopback port could be found.
    case noFreePort
    /// The server did not answer `PING` within 5 s.
    case didNotStart(port: Int)

    public var description: String {
        switch self {
        case .notInstalled: "redis-server: expected it on the PATH, got none (apt-get install redis-server)"
        case .noFreePort: "redis-server: expected a free loopback port, got none"
        case .didNotStart(let port): "redis-server: expected an answer to PING on 127.0.0.1:\(port) within 5 s, got none"
        }
    }
}
#endif
