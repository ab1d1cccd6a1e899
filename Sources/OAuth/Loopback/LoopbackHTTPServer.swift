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
/// It binds 127.0.0.1, and ::1 on the same port where the system has it. Each connection is
/// read on its own thread with a read timeout; the handler runs as a task.
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
    /// Bounds on what a client may send.
    public struct Limits: Sendable {
        /// The largest request head, in bytes (default 16 KiB).
        public var maximumHeaderBytes = 16 * 1024
        /// The largest request body, in bytes (default 1 MiB).
        public var maximumBodyBytes = 1024 * 1024
        /// How long to wait for a client's bytes, in seconds (default 10).
        public var readTimeout: TimeInterval = 10

        /// The default limits.
        public init() {}
    }

    /// Answers one request.
    public typealias Handler = @Sendable (LoopbackRequest) async -> HTTPResponse

    private let handler: Handler
    private let limits: Limits
    private let requestedPort: UInt16
    private let lock = NSLock()
    private var listeners: [Int32] = []
    private var boundPort: Int = 0
    private var running = false
    private var acceptThreads: [Thread] = []

    /// Creates a server; call ``start()`` to listen.
    ///
    /// - Parameter port: the port to bind, or 0 for an ephemeral one.
    public init(port: UInt16 = 0, limits: Limits = Limits(), handler: @escaping Handler) {
        self.requestedPort = port
        self.limits = limits
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
            let thread = Thread { [weak self] in self?.acceptLoop(socket) }
            thread.name = "LoopbackHTTPServer.accept"
            thread.start()
            lock.withLock { acceptThreads.append(thread) }
        }
    }

    /// Stops listening. Requests already being answered finish.
    public func stop() {
        let sockets: [Int32] = lock.withLock {
            running = false
            defer { listeners = [] }
            return listeners
        }
        for socket in sockets {
            _ = shutdown(socket, Int32(SHUT_RDWR))
            _ = close(socket)
        }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func acceptLoop(_ listener: Int32) {
        while isRunning {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            guard isRunning else {
                _ = close(connection)
                return
            }
            let thread = Thread { [handler, limits] in Self.serve(connection, limits: limits, handler: handler) }
            thread.start()
        }
    }

    private static func serve(_ connection: Int32, limits: Limits, handler: @escaping Handler) {
        var timeout = timeval(tv_sec: Int(limits.readTimeout), tv_usec: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var noSignal: Int32 = 1
        #if canImport(Darwin)
        _ = setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
        #endif
        _ = noSignal
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        var request: LoopbackRequest?
        var failure: HTTPResponse?
        while request == nil, failure == nil {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            do {
                request = try LoopbackRequest.parse(buffer, limits: limits)
            } catch .headerTooLarge {
                failure = plain(431, "request header too large")
            } catch .bodyTooLarge {
                failure = plain(413, "request body too large")
            } catch {
                failure = plain(400, "malformed request")
            }
        }
        guard let request else {
            if let failure {
                write(failure, to: connection)
                drain(connection)
            }
            _ = close(connection)
            return
        }
        let done = DispatchSemaphore(value: 0)
        Task {
            let response = await handler(request)
            write(response, to: connection, headRequest: request.method == "HEAD")
            _ = close(connection)
            done.signal()
        }
        done.wait()
    }

    /// After refusing a request, reads and drops what the client still sends (up to 16 MiB or
    /// two seconds), so that closing does not reset the connection before it reads the answer.
    private static func drain(_ connection: Int32) {
        _ = shutdown(connection, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 65536)
        var total = 0
        while total < 16 * 1024 * 1024 {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            total += count
        }
    }

    private static func plain(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    private static func write(_ response: HTTPResponse, to connection: Int32, headRequest: Bool = false) {
        let unsafe = response.headers.contains { field in
            (field.name + field.value).utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
        }
        if unsafe {
            // A line break in a header would let whoever chose its value write more headers.
            return write(plain(500, "refused to send a response header with a line break"), to: connection, headRequest: headRequest)
        }
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for field in response.headers where !["content-length", "connection", "transfer-encoding"].contains(field.name.lowercased()) {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        var bytes = [UInt8](head.utf8)
        if !headRequest { bytes += response.body }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL_FLAG)) }
            if count <= 0 { return }
            sent += count
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

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
        guard systemListen(descriptor, 64) == 0 else {
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
private let MSG_NOSIGNAL_FLAG = Int32(MSG_NOSIGNAL)
private func systemListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 { Glibc.listen(descriptor, backlog) }
#else
private let MSG_NOSIGNAL_FLAG: Int32 = 0
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
