import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One accepted connection: reads one request within the limits' deadlines, lets the handler
/// answer it, writes the answer and closes. Runs on a thread of its own; the server caps how
/// many run at once.
struct LoopbackConnection {
    let descriptor: Int32
    let limits: LoopbackHTTPServer.Limits

    /// Serves the connection to its end, calls `finished`, then closes the descriptor: in that
    /// order, so that a client that has seen the connection close finds its slot free.
    func serve(_ handler: @escaping LoopbackHTTPServer.Handler, finished: () -> Void) {
        #if canImport(Darwin)
        var noSignal: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
        #endif
        defer {
            finished()
            _ = close(descriptor)
        }
        switch readRequest() {
        case .request(let request):
            let connection = self
            Self.answer(request, with: handler) { response in
                connection.send(LoopbackResponseEncoding.bytes(of: response, headRequest: request.method == "HEAD"))
            }
        case .refused(let error):
            send(LoopbackResponseEncoding.bytes(of: LoopbackResponseEncoding.plain(error.status, error.description)))
            linger(until: Monotonic.deadline(after: limits.lingerTimeout))
        case .gone:
            break
        }
    }

    /// Answers at once, without reading the request: for a connection beyond the cap, handled
    /// on the accept thread. Lingers 20 ms at most, enough for a client on loopback to send its
    /// request and read the answer, so that closing rarely resets the connection first. Closes
    /// the descriptor.
    func refuseAtOnce(_ status: Int, _ text: String) {
        var response = LoopbackResponseEncoding.plain(status, text)
        response.headers.add(name: "Retry-After", value: "1")
        let deadline = Monotonic.deadline(after: 0.02)
        send(LoopbackResponseEncoding.bytes(of: response), until: deadline)
        linger(until: deadline)
        _ = close(descriptor)
    }

    private enum ReadResult {
        case request(LoopbackRequest)
        case refused(LoopbackConnectionRefusal)
        case gone
    }

    /// Reads until the request is complete, refused, or a deadline passes: the head's and the
    /// body's are totals for their phase; the idle one restarts with every read.
    private func readRequest() -> ReadResult {
        var reader = LoopbackRequestReader(limits: limits)
        let headDeadline = Monotonic.deadline(after: limits.headTimeout)
        var bodyDeadline: UInt64?
        var lastRead = Monotonic.now
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let deadline = min(bodyDeadline ?? headDeadline, lastRead &+ Monotonic.nanoseconds(limits.idleTimeout))
            switch wait(for: Int16(POLLIN), until: deadline) {
            case .timedOut: return .refused(.deadline(readingBody: reader.isReadingBody))
            case .failed: return .gone
            case .ready: break
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
            guard count > 0 else { return .gone }
            lastRead = Monotonic.now
            let wasReadingHead = !reader.isReadingBody
            do {
                if let request = try reader.append(chunk[0..<count]) { return .request(request) }
            } catch {
                return .refused(.request(error))
            }
            if wasReadingHead, reader.isReadingBody { bodyDeadline = Monotonic.deadline(after: limits.bodyTimeout) }
        }
    }

    /// Writes all the bytes, or gives up when the write deadline passes or the client is gone.
    private func send(_ bytes: [UInt8], until deadline: UInt64? = nil) {
        let deadline = deadline ?? Monotonic.deadline(after: limits.writeTimeout)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                systemSend(descriptor, $0.baseAddress, $0.count, noSignalFlag | Int32(MSG_DONTWAIT))
            }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard wait(for: Int16(POLLOUT), until: deadline) == .ready else { return }
            } else {
                return
            }
        }
    }

    /// After a refusal: stops writing, then reads and drops what the client still sends, until
    /// it closes, 1 MiB has come, or the deadline passes, so that closing does not reset the
    /// connection before the client has read the answer.
    private func linger(until deadline: UInt64) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
        var chunk = [UInt8](repeating: 0, count: 16384)
        var total = 0
        while total < 1024 * 1024 {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                total += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                guard wait(for: Int16(POLLIN), until: deadline) == .ready else { return }
            } else {
                return
            }
        }
    }

    private enum Readiness { case ready, timedOut, failed }

    /// Waits until the descriptor is ready for `events` or the deadline passes.
    private func wait(for events: Int16, until deadline: UInt64) -> Readiness {
        while true {
            let now = Monotonic.now
            guard now < deadline else { return .timedOut }
            let milliseconds = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&entry, 1, milliseconds)
            if result > 0 { return .ready }       // readable, writable, or closed: the next call says which
            if result < 0, errno != EINTR { return .failed }
        }
    }
}

/// Why a connection is answered with an error.
enum LoopbackConnectionRefusal: Error {
    /// The bytes were refused by the reader.
    case request(LoopbackRequestError)
    /// A deadline passed before the request was complete.
    case deadline(readingBody: Bool)

    var status: Int {
        switch self {
        case .request(let error): error.status
        case .deadline: 408
        }
    }

    var description: String {
        switch self {
        case .request(let error): error.description
        case .deadline(let body): "request timeout: expected the whole request \(body ? "body" : "head") within the server's deadline, got less"
        }
    }
}

/// The monotonic clock the deadlines are measured on, in nanoseconds.
enum Monotonic {
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        seconds <= 0 ? 0 : UInt64(min(seconds, 1e9) * 1e9)
    }

    static func deadline(after seconds: TimeInterval) -> UInt64 { now &+ nanoseconds(seconds) }
}

#if canImport(Glibc)
private let noSignalFlag = Int32(MSG_NOSIGNAL)
private func systemSend(_ socket: Int32, _ buffer: UnsafeRawPointer?, _ length: Int, _ flags: Int32) -> Int { Glibc.send(socket, buffer, length, flags) }
#else
private let noSignalFlag: Int32 = 0
private func systemSend(_ socket: Int32, _ buffer: UnsafeRawPointer?, _ length: Int, _ flags: Int32) -> Int { Darwin.send(socket, buffer, length, flags) }
#endif
