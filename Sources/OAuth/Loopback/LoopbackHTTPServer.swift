import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 server on the loopback interface: for tests, the sandbox authorization
/// server and native apps' redirect receivers (RFC 8252 §7.3). It is not a production web
/// server: one request per connection, no TLS, no chunked bodies, bounded sizes.
///
/// It binds 127.0.0.1, and ::1 on the same port where the system has it. Requests are read
/// strictly by RFC 9112 (what does not fit is answered 400 and closed) within the ``Limits``:
/// each connection is read on its own thread, at most ``Limits/maximumConnections`` at once
/// (more wait in the listen backlog, then are answered 503), within total deadlines for the
/// head and the body; the handler runs as a task. A failing
/// `accept()` (out of descriptors, an aborted connection) never stops the server: it backs
/// off and tries again; only ``stop()`` ends listening.
///
/// ```swift
/// let server = LoopbackHTTPServer { request in
///     HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("hello".utf8))
/// }
/// try server.start()
/// print(server.baseURL)       // http://127.0.0.1:54321
/// server.stop()
/// ```
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (LoopbackRequest) async -> HTTPResponse

    let handler: Handler
    let limits: Limits
    let acceptConnection: AcceptFunction
    let connections: ConnectionSlots
    private let requestedPort: UInt16
    private let lock = NSLock()
    private var listeners: [Int32] = []
    private var boundPort: Int = 0
    private var running = false

    /// Creates a server; call ``start()`` to listen.
    ///
    /// - Parameters:
    ///   - port: the port to bind, or 0 for an ephemeral one.
    ///   - limits: the bounds on connections, sizes and deadlines.
    ///   - handler: answers each request.
    public convenience init(port: UInt16 = 0, limits: Limits = Limits(), handler: @escaping Handler) {
        self.init(port: port, limits: limits, accept: Self.systemAccept, handler: handler)
    }

    /// Creates a server that takes connections through `accept`, so tests can make it fail.
    init(port: UInt16, limits: Limits, accept: @escaping AcceptFunction, handler: @escaping Handler) {
        self.requestedPort = port
        self.limits = limits
        self.acceptConnection = accept
        self.connections = ConnectionSlots(limit: limits.maximumConnections)
        self.handler = handler
    }

    deinit { stop() }

    /// The port the server listens on, once started.
    public var port: Int { lock.withLock { boundPort } }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts listening on 127.0.0.1 (and ::1 when available).
    ///
    /// - Throws: ``LoopbackServerError`` when the port cannot be bound.
    public func start() throws(LoopbackServerError) {
        let ipv4 = try Self.listen(ipv6: false, port: requestedPort)
        let port = Self.localPort(of: ipv4)
        var sockets = [ipv4]
        if let ipv6 = try? Self.listen(ipv6: true, port: UInt16(port)) { sockets.append(ipv6) }
        lock.withLock {
            listeners = sockets
            boundPort = port
            running = true
        }
        for socket in sockets {
            let thread = Thread { [weak self] in
                self?.acceptLoop(socket)
                _ = close(socket)
            }
            thread.name = "LoopbackHTTPServer.accept"
            thread.start()
        }
    }

    /// Stops listening: new connections are refused at once. Requests already being answered
    /// finish.
    public func stop() {
        let sockets: [Int32] = lock.withLock {
            running = false
            defer { listeners = [] }
            return listeners
        }
        // The accept threads close the sockets when they leave their loops, so that a number
        // closed here cannot be reused for another file while a thread still waits on it.
        for socket in sockets { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }

    var isRunning: Bool { lock.withLock { running } }

    private static func listen(ipv6: Bool, port: UInt16) throws(LoopbackServerError) -> Int32 {
        let family = ipv6 ? AF_INET6 : AF_INET
        #if canImport(Glibc)
        let socketType = Int32(SOCK_STREAM.rawValue)
        #else
        let socketType = SOCK_STREAM
        #endif
        let descriptor = socket(family, socketType, 0)
        guard descriptor >= 0 else { throw .socket(errno) }
        var yes: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if ipv6 {
            _ = setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &yes, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_loopback
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard bound == 0 else {
            let code = errno
            _ = close(descriptor)
            throw .bind(port: Int(port), errno: code)
        }
        guard systemListen(descriptor, 1024) == 0, fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0 else {
            let code = errno
            _ = close(descriptor)
            throw .socket(code)
        }
        return descriptor
    }

    private static func localPort(of descriptor: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

#if canImport(Glibc)
private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 { Glibc.listen(descriptor, backlog) }
#else
private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 { Darwin.listen(descriptor, backlog) }
#endif

/// Why the loopback server could not start.
public enum LoopbackServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A socket could not be made or set listening.
    case socket(Int32)
    /// The port could not be bound, usually because it is in use.
    case bind(port: Int, errno: Int32)

    public var description: String {
        switch self {
        case .socket(let code): "loopback server: could not open a socket (errno \(code))"
        case .bind(let port, let code): "loopback server: expected to bind 127.0.0.1:\(port), got errno \(code) (is the port in use?)"
        }
    }
}
