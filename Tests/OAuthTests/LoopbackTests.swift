import Foundation
import OAuth
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loopback HTTP/1.1 server shared by the sandbox and the redirect receiver, and the
/// receiver itself (RFC 8252 §7.3).
@Suite struct LoopbackTests {
    /// Lets requests meet: each waits until `count` have arrived.
    actor Rendezvous {
        let count: Int
        var arrived = 0
        init(_ count: Int) { self.count = count }

        func arriveAndWait() async -> Bool {
            arrived += 1
            for _ in 0..<500 where arrived < count {
                try? await Task.sleep(for: .milliseconds(10))
            }
            return arrived >= count
        }
    }

    /// A one-shot event: `wait()` returns once `fire()` has been called, however the two are
    /// ordered, with no timing involved.
    actor Signal {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []

        func fire() {
            fired = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }

        func wait() async {
            if fired { return }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    #if canImport(Glibc)
    static let streamSocket = Int32(SOCK_STREAM.rawValue)
    #else
    static let streamSocket = SOCK_STREAM
    #endif

    func get(_ url: URL) async throws -> HTTPResponse {
        try await URLSessionTransport().send(HTTPRequest(url: url), limits: .tokenEndpoint)
    }

    /// Sends raw bytes to 127.0.0.1:port (or [::1]:port) and returns the status line of the
    /// answer, or `nil` when nothing could connect. The blocking socket calls run on a thread of
    /// their own, so that they never hold one of the few threads the server's handlers need.
    func raw(_ bytes: [UInt8], port: Int, ipv6: Bool = false) async -> String? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.blockingRaw(bytes, port: port, ipv6: ipv6)) }.start()
        }
    }

    static func blockingRaw(_ bytes: [UInt8], port: Int, ipv6: Bool) -> String? {
        let descriptor = socket(ipv6 ? AF_INET6 : AF_INET, Self.streamSocket, 0)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        let connected: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard connected == 0 else { return nil }
        _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).components(separatedBy: "\r\n").first
    }

    @Test func connectionsAreServedConcurrently() async throws {
        let rendezvous = Rendezvous(4)
        let server = LoopbackHTTPServer { _ in
            await rendezvous.arriveAndWait() ? HTTPResponse(status: 200) : HTTPResponse(status: 503)
        }
        try server.start()
        defer { server.stop() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await self.get(server.baseURL).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == [200, 200, 200, 200])
    }

    @Test func malformedAndOversizeHeadsAreRefused() async throws {
        var limits = LoopbackHTTPServer.Limits()
        limits.maximumHeaderBytes = 1024
        let server = LoopbackHTTPServer(limits: limits) { _ in HTTPResponse(status: 200) }
        try server.start()
        defer { server.stop() }
        #expect(await raw(Array("NONSENSE\r\nHost: x\r\n\r\n".utf8), port: server.port) == "HTTP/1.1 400 Bad Request")
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 2048) + "\r\n\r\n"
        #expect(await raw(Array(big.utf8), port: server.port) == "HTTP/1.1 431 Request Header Fields Too Large")
        #expect(await raw(Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8), port: server.port) == "HTTP/1.1 501 Not Implemented")
        #expect(await raw(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: server.port) == "HTTP/1.1 200 OK")
    }

    @Test func aHeaderWithALineBreakIsNeverSent() async throws {
        let server = LoopbackHTTPServer { _ in HTTPResponse(status: 302, headers: ["Location": "http://127.0.0.1/cb\r\nSet-Cookie: x=y"]) }
        try server.start()
        defer { server.stop() }
        #expect(await raw(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: server.port) == "HTTP/1.1 500 Internal Server Error")
    }

    @Test func stopEndsListeningAndLetsARequestInFlightFinish() async throws {
        let arrived = Signal()
        let release = Signal()
        let server = LoopbackHTTPServer { request in
            if request.path == "/slow" {
                await arrived.fire()
                await release.wait()
            }
            return HTTPResponse(status: 200, body: Data("done".utf8))
        }
        try server.start()
        let slow = Task { try await self.get(server.baseURL.appendingPathComponent("slow")) }
        await arrived.wait()
        server.stop()
        await release.fire()
        let finished = try await slow.value
        #expect(finished.status == 200)
        #expect(String(decoding: finished.body, as: UTF8.self) == "done")
        await #expect(throws: TransportError.self) { try await self.get(server.baseURL) }
    }

    @Test func ipv6LoopbackIsServedWhereAvailable() async throws {
        let probe = socket(AF_INET6, Self.streamSocket, 0)
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        _ = close(probe)
        guard bound == 0 else { return } // no IPv6 on this machine: nothing to serve there
        let server = LoopbackHTTPServer { _ in HTTPResponse(status: 204) }
        try server.start()
        defer { server.stop() }
        #expect(await raw(Array("GET / HTTP/1.1\r\nHost: [::1]\r\n\r\n".utf8), port: server.port, ipv6: true) == "HTTP/1.1 204 No Content")
    }

    // MARK: Redirect receiver

    @Test func theReceiverTakesTheFirstCallbackWithTheExpectedStateOnly() async throws {
        let receiver = LoopbackRedirectReceiver()
        let redirectURI = try receiver.start()
        defer { receiver.stop() }
        #expect(redirectURI.hasPrefix("http://127.0.0.1:"))
        #expect(redirectURI.hasSuffix("/callback"))
        receiver.expect(state: "expected-state")
        let waiting = Task { try await receiver.callback(timeout: 10) }
        let base = try #require(URL(string: redirectURI))
        #expect(try await get(URL(string: redirectURI + "?code=evil&state=other")!).status == 400)
        #expect(try await get(URL(string: redirectURI + "?code=evil")!).status == 400)
        #expect(try await get(base.deletingLastPathComponent().appendingPathComponent("elsewhere")).status == 404)
        #expect(try await URLSessionTransport().send(HTTPRequest(method: "POST", url: base), limits: .tokenEndpoint).status == 405)
        let good = try await get(URL(string: redirectURI + "?code=good&state=expected-state")!)
        #expect(good.status == 200)
        #expect(String(decoding: good.body, as: UTF8.self).contains("Signed in"))
        #expect(try await waiting.value == redirectURI + "?code=good&state=expected-state")
        // A second callback is refused, or finds the receiver closed.
        let second = try? await get(URL(string: redirectURI + "?code=second&state=expected-state")!)
        #expect(second == nil || second?.status == 400)
    }

    @Test func theReceiverTimesOut() async throws {
        let receiver = LoopbackRedirectReceiver()
        _ = try receiver.start()
        defer { receiver.stop() }
        receiver.expect(state: "s")
        await #expect(throws: LoopbackRedirectError.timedOut(seconds: 0)) { try await receiver.callback(timeout: 0.2) }
    }

    /// An infinite or huge timeout waits (it does not trap), and cancelling the waiting task
    /// ends the wait at once, before or after it began.
    @Test func theReceiverWaitsWithoutEndAndEndsWhenCancelled() async throws {
        let receiver = LoopbackRedirectReceiver()
        _ = try receiver.start()
        defer { receiver.stop() }
        receiver.expect(state: "s")
        for timeout in [TimeInterval.infinity, 1e300, -.infinity, .nan] {
            let wait = Task { try await receiver.callback(timeout: timeout) }
            if timeout > 0 {
                try await Task.sleep(for: .milliseconds(50))
                wait.cancel()
                await #expect(throws: CancellationError.self) { try await wait.value }
            } else {
                await #expect(throws: LoopbackRedirectError.timedOut(seconds: 0)) { try await wait.value }
            }
        }
        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await receiver.callback(timeout: .infinity)
        }
        await #expect(throws: CancellationError.self) { try await cancelledFirst.value }
    }

    @Test func anErrorCallbackIsStillTheCallback() async throws {
        let receiver = LoopbackRedirectReceiver(path: "done")
        let redirectURI = try receiver.start()
        defer { receiver.stop() }
        #expect(redirectURI.hasSuffix("/done"))
        receiver.expect(state: "s")
        let page = try await get(URL(string: redirectURI + "?error=access_denied&state=s")!)
        #expect(String(decoding: page.body, as: UTF8.self).contains("not completed"))
        #expect(try await receiver.callback(timeout: 5).hasSuffix("?error=access_denied&state=s"))
    }
}
