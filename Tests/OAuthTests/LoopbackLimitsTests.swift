import Foundation
@testable import OAuth
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loopback server's limits under hostile clients: total deadlines, a connection cap, and an
/// accept loop that outlives accept() failures. No test measures time: each configures a short
/// deadline and checks that the connection was answered 408 and closed.
@Suite struct LoopbackLimitsTests {
    static func limits(_ change: (inout LoopbackHTTPServer.Limits) -> Void) -> LoopbackHTTPServer.Limits {
        var limits = LoopbackHTTPServer.Limits()
        change(&limits)
        return limits
    }

    /// Sends `prefix`, then `trickle` one byte at a time, pausing between bytes until the server
    /// answers (at most 20 ms a byte), and returns what the server sent before closing.
    static func trickle(port: Int, prefix: String, trickle: String) async -> String {
        await LoopbackClient.onThread {
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send(prefix)
            for byte in trickle.utf8 {
                if client.hasAnswer(within: 20) { break }
                guard client.send([byte]) else { break }
            }
            return String(decoding: client.readToEnd(), as: UTF8.self)
        }
    }

    @Test func aHeadSentAByteAtATimeMeetsTheHeadDeadline() async throws {
        // Slowloris: every byte arrives well within the idle deadline; only the total ends it.
        let calls = Counter()
        let server = LoopbackHTTPServer(limits: Self.limits { $0.headTimeout = 0.3; $0.idleTimeout = 600 }) { _ in
            calls.increment()
            return HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let answer = await Self.trickle(port: server.port, prefix: "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", trickle: String(repeating: "a", count: 10_000) + "\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(answer.contains("request head"))
        #expect(calls.value == 0)
    }

    @Test func aBodySentAByteAtATimeMeetsTheBodyDeadline() async throws {
        let calls = Counter()
        let server = LoopbackHTTPServer(limits: Self.limits { $0.bodyTimeout = 0.3; $0.headTimeout = 600; $0.idleTimeout = 600 }) { _ in
            calls.increment()
            return HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let answer = await Self.trickle(port: server.port, prefix: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n", trickle: String(repeating: "a", count: 10_000))
        #expect(answer.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(answer.contains("request body"))
        #expect(calls.value == 0)
    }

    @Test func aSilentClientMeetsTheIdleDeadline() async throws {
        let server = LoopbackHTTPServer(limits: Self.limits { $0.idleTimeout = 0.2; $0.headTimeout = 600 }) { _ in HTTPResponse(status: 200) }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let silent = await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            return client.statusLine()
        }
        #expect(silent == "HTTP/1.1 408 Request Timeout")
        let stalled = await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send("GET / HTTP/1.1\r\nHo")
            return client.statusLine()
        }
        #expect(stalled == "HTTP/1.1 408 Request Timeout")
    }

    @Test func connectionsBeyondTheCapAre503AndTheCapFreesUp() async throws {
        let arrived = LoopbackTests.Signal()
        let release = LoopbackTests.Signal()
        let server = LoopbackHTTPServer(limits: Self.limits { $0.maximumConnections = 1 }) { request in
            if request.path == "/hold" {
                await arrived.fire()
                await release.wait()
            }
            return HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let holding = Task { await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
            return client.statusLine()
        } }
        await arrived.wait()
        #expect(server.activeConnections == 1)
        let refused = await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return String(decoding: client.readToEnd(), as: UTF8.self)
        }
        #expect(refused.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(refused.contains("\r\nRetry-After: 1\r\n"))
        await release.fire()
        #expect(await holding.value == "HTTP/1.1 200 OK")
        // The held connection has closed, so its slot is free again.
        #expect(server.activeConnections == 0)
        let after = await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return client.statusLine()
        }
        #expect(after == "HTTP/1.1 200 OK")
    }

    @Test func aBurstLargerThanTheCapWaitsInTheBacklogAndIsServed() async throws {
        let concurrency = Concurrency()
        let server = LoopbackHTTPServer(limits: Self.limits { $0.maximumConnections = 2; $0.queueTimeout = 600 }) { _ in
            concurrency.enter()
            defer { concurrency.leave() }
            return HTTPResponse(status: 204)
        }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let statuses = await withTaskGroup(of: String.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    await LoopbackClient.onThread { () -> String in
                        guard let client = LoopbackClient(port: port) else { return "no connection" }
                        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                        return client.statusLine()
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.count == 24)
        #expect(statuses.allSatisfy { $0 == "HTTP/1.1 204 No Content" }, "\(statuses)")
        #expect(concurrency.peak <= 2)
    }

    @Test func manyStalledConnectionsHoldNoMoreThanTheCap() async throws {
        // The hardening issue's 1,000 connections made ~874 threads; now the cap bounds them.
        let server = LoopbackHTTPServer(limits: Self.limits { $0.maximumConnections = 8; $0.headTimeout = 600; $0.idleTimeout = 600 }) { _ in
            HTTPResponse(status: 200)
        }
        try server.start()
        defer { server.stop() }
        let port = server.port
        let statuses = await LoopbackClient.onThread { () -> [String] in
            // Clients connect in order; the server accepts in order, so the first eight take the
            // slots and keep them (their heads never end) and the rest are refused.
            let stalled = (0..<8).compactMap { _ in LoopbackClient(port: port) }
            for client in stalled { client.send("GET / HTTP/1.1\r\n") }
            let refused = (0..<24).compactMap { _ in LoopbackClient(port: port) }
            let statuses = refused.map { $0.statusLine() }
            _ = stalled.count
            return statuses
        }
        #expect(statuses.count == 24)
        #expect(statuses.allSatisfy { $0 == "HTTP/1.1 503 Service Unavailable" })
    }

    @Test func acceptFailuresNeverEndTheLoop() async throws {
        // Out of descriptors, accept() fails until some are freed; the server returned
        // from its loop at the first failure and never served again.
        let failures: [Int32] = [EMFILE, EMFILE, ENFILE, ECONNABORTED, EINTR, ENOBUFS, EMFILE]
        let calls = Counter()
        let server = LoopbackHTTPServer(port: 0, limits: .init(), accept: { listener in
            let call = calls.increment()
            if call <= failures.count { return (-1, failures[call - 1]) }
            return LoopbackHTTPServer.systemAccept(listener)
        }, handler: { _ in HTTPResponse(status: 204) })
        try server.start()
        defer { server.stop() }
        let port = server.port
        let status = await LoopbackClient.onThread { () -> String in
            guard let client = LoopbackClient(port: port) else { return "no connection" }
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return client.statusLine()
        }
        #expect(status == "HTTP/1.1 204 No Content")
        #expect(calls.value > failures.count)
    }
}

/// The most handlers seen running at once.
final class Concurrency: @unchecked Sendable {
    private let lock = NSLock()
    private var running = 0
    private var highest = 0

    var peak: Int { lock.withLock { highest } }

    func enter() {
        lock.withLock {
            running += 1
            highest = max(highest, running)
        }
    }

    func leave() { lock.withLock { running -= 1 } }
}
