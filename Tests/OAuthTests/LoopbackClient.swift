import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP client on 127.0.0.1 for the loopback server's tests: it sends exactly the
/// bytes it is given, however malformed, and reads the answer to the end of the connection.
/// Use it from a thread of its own (``LoopbackClient/onThread(_:)``), never from a task.
final class LoopbackClient {
    let descriptor: Int32

    /// Connects, or returns `nil` when nothing listens.
    init?(port: Int) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            _ = close(descriptor)
            return nil
        }
        // A guard against a hang when the server under test is broken, never a measure.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
    }

    deinit { _ = close(descriptor) }

    /// Sends the bytes; `false` when the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { sendBytes(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Sends text.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Whether the server has answered or closed, waiting at most `milliseconds` for it.
    func hasAnswer(within milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Reads until the server closes the connection (or the 30 s guard fires) and returns all
    /// it sent.
    func readToEnd() -> [UInt8] {
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return answer }
            answer += chunk[0..<count]
        }
    }

    /// The status line of what the server sent before closing, or `""`.
    func statusLine() -> String {
        String(decoding: readToEnd(), as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }

    /// Runs blocking socket work on a thread of its own, so that it never holds one of the
    /// few threads the server's handler tasks need.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

#if canImport(Glibc)
private func sendBytes(_ socket: Int32, _ buffer: UnsafeRawPointer?, _ length: Int) -> Int { Glibc.send(socket, buffer, length, Int32(MSG_NOSIGNAL)) }
#else
private func sendBytes(_ socket: Int32, _ buffer: UnsafeRawPointer?, _ length: Int) -> Int { Darwin.send(socket, buffer, length, 0) }
#endif
