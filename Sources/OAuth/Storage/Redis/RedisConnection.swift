import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection to a Redis server, used from one thread at a time: commands out as RESP2,
/// replies in through a bounded ``RESPReader``, every step under a deadline.
final class RedisConnection {
    private let configuration: RedisConfiguration
    private var descriptor: Int32 = -1
    private var reader: RESPReader

    init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.reader = RESPReader(limits: configuration.limits)
    }

    deinit { close() }

    var isOpen: Bool { descriptor >= 0 }

    /// Sends the commands as one pipeline and reads one reply for each. Connects first (with
    /// `AUTH` and `SELECT`) when there is no connection; any failure but a server's refusal
    /// closes the connection, so the next call starts afresh.
    func run(_ commands: [[String]]) throws(RedisError) -> [RESPValue] {
        do {
            // A connection the server closed while it sat idle (a restart, an idle timeout) is
            // replaced before anything is sent on it.
            if isOpen, peerHasClosed() { close() }
            if !isOpen { try open() }
            let deadline = Deadline(seconds: configuration.commandTimeout)
            return try exchange(commands, deadline: deadline, operation: commands.first?.first ?? "a command")
        } catch {
            close()
            throw error
        }
    }

    func close() {
        if descriptor >= 0 { closeDescriptor(descriptor) }
        descriptor = -1
        reader = RESPReader(limits: configuration.limits)
    }

    private func exchange(_ commands: [[String]], deadline: Deadline, operation: String) throws(RedisError) -> [RESPValue] {
        var bytes: [UInt8] = []
        for command in commands { RESPWriter.encode(command, into: &bytes) }
        try send(bytes, deadline: deadline, operation: operation)
        var replies: [RESPValue] = []
        for _ in commands {
            replies.append(try reader.read { (buffer: inout [UInt8]) throws(RedisError) -> Bool in
                try self.receive(into: &buffer, deadline: deadline, operation: operation)
            })
        }
        return replies
    }

    private func open() throws(RedisError) {
        let address = configuration.address
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(configuration.host, String(configuration.port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connectionFailed(address: address, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let deadline = Deadline(seconds: configuration.connectTimeout)
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let socketDescriptor = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            guard socketDescriptor >= 0 else {
                reason = String(cString: strerror(errno))
                continue
            }
            _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(socketDescriptor, F_SETFD, FD_CLOEXEC)
            #if canImport(Darwin)
            var on: Int32 = 1
            setsockopt(socketDescriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            #endif
            var noDelay: Int32 = 1
            setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            if connect(socketDescriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                if wait(socketDescriptor, for: Int16(POLLOUT), deadline: deadline) {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(socketDescriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                    if error == 0 {
                        descriptor = socketDescriptor
                        break
                    }
                    reason = String(cString: strerror(error))
                } else {
                    reason = "no answer within \(configuration.connectTimeout) s"
                }
            } else {
                reason = String(cString: strerror(errno))
            }
            closeDescriptor(socketDescriptor)
        }
        guard descriptor >= 0 else { throw .connectionFailed(address: address, reason: reason) }
        var setup: [[String]] = []
        if let password = configuration.password {
            setup.append(configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password])
        }
        if configuration.database != 0 { setup.append(["SELECT", String(configuration.database)]) }
        guard !setup.isEmpty else { return }
        let replies = try exchange(setup, deadline: Deadline(seconds: configuration.commandTimeout), operation: "AUTH/SELECT")
        for reply in replies {
            if case .error(let message) = reply { throw .server(message: message) }
        }
    }

    private func send(_ bytes: [UInt8], deadline: Deadline, operation: String) throws(RedisError) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            let flags: Int32 = 0
            #endif
            let count = bytes.withUnsafeBytes { sendBytes(descriptor, $0.baseAddress! + offset, bytes.count - offset, flags) }
            if count > 0 {
                offset += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard wait(descriptor, for: Int16(POLLOUT), deadline: deadline) else {
                    throw .timedOut(operation: operation, seconds: configuration.commandTimeout)
                }
            } else {
                throw .connectionLost(reason: String(cString: strerror(errno)))
            }
        }
    }

    private func receive(into buffer: inout [UInt8], deadline: Deadline, operation: String) throws(RedisError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw .connectionLost(reason: String(cString: strerror(errno)))
            }
            guard wait(descriptor, for: Int16(POLLIN), deadline: deadline) else {
                throw .timedOut(operation: operation, seconds: configuration.commandTimeout)
            }
        }
    }

    /// Whether an idle connection has something to read: the server's end of stream, an
    /// error, or bytes no command asked for; any of them makes it unusable.
    private func peerHasClosed() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) != 0
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    private func wait(_ socketDescriptor: Int32, for events: Int16, deadline: Deadline) -> Bool {
        while true {
            let remaining = deadline.remainingMilliseconds
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: socketDescriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining, Int(Int32.max))))
            if ready > 0 { return true }
            if ready < 0, errno != EINTR { return true }
        }
    }
}

/// A point in time on the monotonic clock, `seconds` from when it was made.
struct Deadline {
    private let end: UInt64

    init(seconds: TimeInterval) {
        end = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1_000_000_000)
    }

    var remainingMilliseconds: Int {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Int((end - now + 999_999) / 1_000_000)
    }
}

// The system calls, under names the connection's own methods do not shadow.
private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}

private func sendBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    #if canImport(Glibc)
    Glibc.send(descriptor, bytes, count, flags)
    #else
    Darwin.send(descriptor, bytes, count, flags)
    #endif
}
