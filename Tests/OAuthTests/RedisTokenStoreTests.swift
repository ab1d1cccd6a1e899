import Foundation
import OAuth
import OAuthTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The Redis client and store against a real `redis-server` started for the test, and the
/// typed errors of a server that is gone, silent or broken.
@Suite(.serialized) struct RedisTokenStoreTests {
    @Test func urlsAreReadAndTLSIsRefused() throws {
        let full = try RedisConfiguration(url: "redis://reader:p%40ss@cache.internal:6380/3?key=oauth:alice&timeout=1.5")
        #expect(full.host == "cache.internal")
        #expect(full.port == 6380)
        #expect(full.database == 3)
        #expect(full.username == "reader")
        #expect(full.password == "p@ss")
        #expect(full.key == "oauth:alice")
        #expect(full.commandTimeout == 1.5)
        let plain = try RedisConfiguration(url: "redis://127.0.0.1")
        #expect(plain.port == 6379 && plain.database == 0 && plain.password == nil && plain.key == nil)
        #expect(throws: RedisError.tlsNotSupported) { try RedisConfiguration(url: "rediss://cache.internal:6380?key=k") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "http://cache.internal") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://cache.internal/x") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://cache.internal?colour=red") }
        #expect(throws: RedisError.self) { try RedisTokenStore(url: "redis://cache.internal") }
        let secret = try RedisConfiguration(url: "redis://:s3cret@h:1/0?key=k")
        #expect(secret.password == "s3cret")
        #expect(!"\(secret)".contains("s3cret"), "\(secret)")
    }

    @Test func aServerThatIsNotThereIsATypedError() async throws {
        let port = try unusedPort()
        let store = try RedisTokenStore(url: "redis://127.0.0.1:\(port)/0?key=k")
        do {
            _ = try await store.loadVersioned()
            Issue.record("expected an error")
        } catch let error as RedisError {
            guard case .connectionFailed(let address, _) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(address == "127.0.0.1:\(port)")
            #expect(error.isTransient)
        }
    }

    #if os(Linux)
    @Test func aSilentServerTimesOutAndABrokenOneIsAProtocolError() async throws {
        let silent = try FakeServer(reply: nil)
        var configuration = try RedisConfiguration(url: "redis://127.0.0.1:\(silent.port)")
        configuration.commandTimeout = 0.3
        let client = RedisClient(configuration: configuration)
        await #expect(throws: RedisError.timedOut(operation: "PING", seconds: 0.3)) { try await client.run(["PING"]) }
        let broken = try FakeServer(reply: Array("$99999999\r\n".utf8))
        let brokenClient = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(broken.port)"))
        do {
            _ = try await brokenClient.run(["PING"])
            Issue.record("expected a protocol error")
        } catch {
            guard case .protocolError = error else {
                Issue.record("expected a protocol error, got \(error)")
                return
            }
        }
    }

    #endif

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func compareAndSetAndTheLeaseAgainstRedis() async throws {
        try await RedisTestServer.with { server in
            let store = try RedisTokenStore(url: server.url(key: "oauth:alice"))
            #expect(try await store.loadVersioned() == VersionedToken(token: nil, version: .absent))
            let first = Token(accessToken: "a1", expiresIn: 3600, expiresAt: Date(timeIntervalSince1970: 1_900_000_000), refreshToken: "r1", scope: ["read"])
            guard case .written(let version1) = try await store.compareAndSet(first, expecting: .absent) else {
                Issue.record("expected the first write to succeed")
                return
            }
            #expect(try await store.loadVersioned() == VersionedToken(token: first, version: version1))
            let second = Token(accessToken: "a2", refreshToken: "r2")
            guard case .written(let version2) = try await store.compareAndSet(second, expecting: version1) else {
                Issue.record("expected the second write to succeed")
                return
            }
            #expect(try await store.compareAndSet(nil, expecting: version1) == .conflict(VersionedToken(token: second, version: version2)))
            #expect(try await store.load() == second)
            // A clear and a new token never bring a version back.
            try await store.clear()
            #expect(try await store.load() == nil)
            try await store.save(first)
            let after = try await store.loadVersioned()
            #expect(after.token == first)
            #expect(![TokenVersion.absent, version1, version2].contains(after.version))

            #expect(try await store.acquireRefreshLease(owner: "one", timeToLive: 30))
            #expect(try await store.acquireRefreshLease(owner: "two", timeToLive: 30) == false)
            try await store.releaseRefreshLease(owner: "two")
            #expect(try await store.acquireRefreshLease(owner: "two", timeToLive: 30) == false, "only the owner releases")
            try await store.releaseRefreshLease(owner: "one")
            #expect(try await store.acquireRefreshLease(owner: "two", timeToLive: 0.2))
            try await Task.sleep(nanoseconds: 400_000_000)
            #expect(try await store.acquireRefreshLease(owner: "three", timeToLive: 30), "an expired lease is free")
        }
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func authAndSelectComeFromTheURLAndTheClientReconnects() async throws {
        try await RedisTestServer.with(password: "s3cret-pass") { server in
            let wrong = try RedisTokenStore(url: "redis://:hunter2x@127.0.0.1:\(server.port)/0?key=k")
            do {
                _ = try await wrong.load()
                Issue.record("expected the server to refuse the password")
            } catch let error as RedisError {
                guard case .server = error else { throw error }
                #expect(!"\(error)".contains("hunter2x"), "the password is not echoed")
            }
            let inTwo = try RedisTokenStore(url: server.url(key: "k", database: 2))
            let inZero = try RedisTokenStore(url: server.url(key: "k", database: 0))
            try await inTwo.save(Token(accessToken: "two"))
            #expect(try await inZero.load() == nil, "SELECT 2 kept it out of database 0")
            #expect(try await inTwo.load()?.accessToken == "two")
            // Redis goes away: typed errors; it comes back with what it had: the next call reconnects.
            await server.stop()
            do {
                _ = try await inTwo.load()
                Issue.record("expected an error while the server is down")
            } catch let error as RedisError {
                #expect(error.isTransient, "\(error)")
            }
            try await server.restart()
            #expect(try await inTwo.load()?.accessToken == "two")
        }
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func aValidTokenCostsNoRoundTrip() async throws {
        try await RedisTestServer.with { server in
            let store = try RedisTokenStore(url: server.url(key: "k"))
            try await store.save(Token(accessToken: "a", expiresIn: 3600, expiresAt: Date().addingTimeInterval(3600), refreshToken: "r"))
            let transport = ReplayTransport { _ in HTTPResponse(status: 200, body: Data("{}".utf8)) }
            let provider = Provider(name: "p", displayName: "P", endpoints: Endpoints(token: "https://as.example/token", resourceOrigins: ["https://api.example"]))
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c"), transport: transport, store: store)
            let before = store.redis.roundTrips
            for _ in 0..<100 { _ = try await client.send(HTTPRequest(url: URL(string: "https://api.example/me")!)) }
            #expect(store.redis.roundTrips - before == 1, "one read, then the token is kept until it nears expiry")
        }
    }

    func unusedPort() throws -> Int {
        #if os(Linux)
        let listener = try FakeServer(reply: nil)
        let port = listener.port
        listener.close()
        return port
        #else
        return 1
        #endif
    }
}

#if os(Linux)
/// A TCP listener on loopback that answers every connection with fixed bytes (or nothing),
/// for a silent or broken server.
final class FakeServer: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var clients: [Int32] = []
    private var closed = false

    init(reply: [UInt8]?) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = descriptor
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ok else { throw RedisError.connectionFailed(address: "127.0.0.1:0", reason: "cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                guard client >= 0 else { return }
                lock.withLock { clients.append(client) }
                if let reply {
                    var buffer = [UInt8](repeating: 0, count: 1024)
                    _ = recv(client, &buffer, buffer.count, 0)
                    _ = reply.withUnsafeBytes { send(client, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            }
        }
    }

    func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            shutdown(descriptor, Int32(SHUT_RDWR))
            Glibc.close(descriptor)
            for client in clients { Glibc.close(client) }
        }
    }

    deinit { close() }
}
#endif
