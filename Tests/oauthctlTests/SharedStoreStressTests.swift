import Foundation
import OAuth
import OAuthTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several `oauth-load` processes, many tasks each, share one token file, then one Redis key,
/// against the sandbox on loopback with refresh-token rotation, reuse detection and two-second
/// access tokens: one refresh per token, no `invalid_grant`, no rotated-out refresh token, and
/// the stored refresh token is the live one. Then faults: a lease holder killed with SIGKILL,
/// and Redis stopped in the middle of a run.
@Suite(.serialized) struct SharedStoreStressTests {
    /// The sandbox on a loopback port.
    struct Sandbox {
        let sandbox: SandboxAuthorizationServer
        let server: LoopbackHTTPServer
        var base: String { server.baseURL.absoluteString }

        static func start() async throws -> Sandbox {
            let sandbox = SandboxAuthorizationServer(
                clients: [SandboxClient(id: "app", secret: "s3cret")], users: ["alice": "wonderland"],
                configuration: .init(autoApprove: true, accessTokenLifetime: 2)
            )
            let server = LoopbackHTTPServer(port: 0, handler: { await sandbox.handle($0) })
            try server.start()
            await sandbox.setIssuer(server.baseURL.absoluteString)
            return Sandbox(sandbox: sandbox, server: server)
        }

        /// A first token, by the password grant, written to the store.
        func signIn(into store: any TokenStore) async throws {
            let provider = Provider(name: "sandbox", displayName: "Sandbox", endpoints: Endpoints(token: Endpoint(base + "/token")))
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "app", secret: "s3cret"), store: store)
            _ = try await client.password(username: "alice", password: "wonderland")
        }

        /// Whether the sandbox takes this refresh token now (which rotates it).
        func isLive(_ refreshToken: String?) async -> Bool {
            guard let refreshToken else { return false }
            let body: FormParameters = ["grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": "app", "client_secret": "s3cret"]
            let response = await sandbox.handle(LoopbackRequest(
                method: "POST", target: "/token", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.encoded().utf8)
            ))
            return response.status == 200
        }
    }

    /// What one `oauth-load run` printed.
    struct LoadReport {
        let requests: Int
        let ok: Int
        let errors: [String: Int]
    }

    /// The directory the test binary and the package's executables were built into.
    static var buildDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    static func executable(_ name: String) throws -> String {
        var directory = buildDirectory
        // The test runner may sit inside a bundle (Contents/MacOS) on Apple platforms.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw LoadFailure("\(name) is not built beside \(buildDirectory.path)")
    }

    struct LoadFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A running `oauth-load`.
    final class LoadProcess: @unchecked Sendable {
        let process = Process()
        let output = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: try SharedStoreStressTests.executable("oauth-load"))
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }

        /// Waits for the process to end and reads its report.
        func report() async throws -> LoadReport {
            while process.isRunning { try await Task.sleep(nanoseconds: 50_000_000) }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard process.terminationStatus == 0, let line = text.split(separator: "\n").last,
                  let object = try? JSONParser().parse(Data(line.utf8)).objectValue
            else { throw LoadFailure("oauth-load ended with \(process.terminationStatus): \(text)") }
            var errors: [String: Int] = [:]
            func integer(_ value: JSONValue?) -> Int {
                if case .number(let number)? = value { return number.intValue ?? 0 }
                return 0
            }
            for member in object["errors"]?.objectValue ?? [:] { errors[member.key] = integer(member.value) }
            return LoadReport(requests: integer(object["requests"]), ok: integer(object["ok"]), errors: errors)
        }
    }

    func loadArguments(_ sandbox: Sandbox, store: [String], tasks: Int, seconds: Double) -> [String] {
        ["run", "--token-url", sandbox.base + "/token", "--resource", sandbox.base + "/userinfo", "--client-id", "app", "--client-secret", "s3cret",
         "--tasks", String(tasks), "--seconds", String(seconds)] + store
    }

    /// Runs `processes` loads at once and checks what the stress runs promise.
    func stress(store: any SharedTokenStore, option: [String], processes: Int, tasks: Int, seconds: Double) async throws {
        let sandbox = try await Sandbox.start()
        defer { sandbox.server.stop() }
        try await sandbox.signIn(into: store)
        let loads = try (0..<processes).map { _ in try LoadProcess(loadArguments(sandbox, store: option, tasks: tasks, seconds: seconds)) }
        var reports: [LoadReport] = []
        for load in loads { reports.append(try await load.report()) }
        let counters = await sandbox.sandbox.counters
        let callers = reports.reduce(0) { $0 + $1.requests }
        print("stress \(option[0]): \(processes) processes × \(tasks) tasks, \(seconds) s: \(callers) requests, \(counters.refreshesIssued) refreshes, counters \(counters)")
        for report in reports {
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.requests > 0 && report.ok == report.requests, "every caller got a 200: \(report.ok) of \(report.requests)")
        }
        #expect(counters.refreshInvalidGrants == 0)
        #expect(counters.rotatedOutRefreshTokens == 0)
        #expect(counters.refreshesIssued >= 2, "the tokens expired and were refreshed")
        // A token lives 2 s, stored to the whole second and refreshed a fifth of its life early:
        // at least 0.6 s between refreshes when they are coordinated.
        #expect(counters.refreshesIssued <= Int(seconds / 0.6) + 2, "one refresh per token, not one per process: \(counters.refreshesIssued)")
        #expect(counters.refreshRequests == counters.refreshesIssued)
        #expect(await sandbox.isLive(try await store.load()?.refreshToken), "the stored refresh token is the live one")
    }

    func temporaryTokenFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stress-\(UUID().uuidString)/token.json").path
    }

    @Test func processesSharingATokenFileRefreshOncePerToken() async throws {
        let path = temporaryTokenFile()
        try await stress(store: FileTokenStore(path: path), option: ["--token-file", path], processes: 3, tasks: 40, seconds: 7)
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func processesSharingARedisKeyRefreshOncePerToken() async throws {
        try await RedisTestServer.with { redis in
            let url = redis.url(key: "oauth:stress")
            try await stress(store: try RedisTokenStore(url: url), option: ["--token-store", url], processes: 3, tasks: 40, seconds: 7)
        }
    }

    /// A holder is killed while it holds the lease: its lease ends (the system releases the
    /// file lock; Redis expires the key) and another process refreshes.
    func killedHolder(store: any SharedTokenStore, option: [String], ttl: Double) async throws {
        let sandbox = try await Sandbox.start()
        defer { sandbox.server.stop() }
        try await sandbox.signIn(into: store)
        let holder = try LoadProcess(["hold-lease", "--ttl", String(ttl)] + option)
        // Wait until the holder has the lease.
        var held = false
        for _ in 0..<200 where !held {
            if try await store.acquireRefreshLease(owner: "probe", timeToLive: 0.05) {
                try await store.releaseRefreshLease(owner: "probe")
                try await Task.sleep(nanoseconds: 20_000_000)
            } else {
                held = true
            }
        }
        #expect(held, "the holder took the lease")
        let load = try LoadProcess(loadArguments(sandbox, store: option, tasks: 20, seconds: 5))
        try await Task.sleep(nanoseconds: 1_000_000_000)
        holder.kill()
        let report = try await load.report()
        _ = try? await holder.report()
        let counters = await sandbox.sandbox.counters
        print("killed holder \(option[0]): \(report.requests) requests, counters \(counters)")
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.ok == report.requests)
        #expect(counters.refreshesIssued >= 1, "another process refreshed once the lease ended")
        #expect(counters.refreshInvalidGrants == 0)
        #expect(await sandbox.isLive(try await store.load()?.refreshToken))
    }

    @Test func aHolderKilledWhileHoldingTheFileLeaseDoesNotStopTheOthers() async throws {
        let path = temporaryTokenFile()
        try await killedHolder(store: FileTokenStore(path: path), option: ["--token-file", path], ttl: 30)
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func aHolderKilledWhileHoldingTheRedisLeaseDoesNotStopTheOthers() async throws {
        try await RedisTestServer.with { redis in
            let url = redis.url(key: "oauth:killed")
            try await killedHolder(store: try RedisTokenStore(url: url), option: ["--token-store", url], ttl: 2)
        }
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func redisStoppedMidRunGivesTypedErrorsLosesNothingAndRecovers() async throws {
        try await RedisTestServer.with { redis in
            let url = redis.url(key: "oauth:outage")
            let store = try RedisTokenStore(url: url)
            let sandbox = try await Sandbox.start()
            defer { sandbox.server.stop() }
            try await sandbox.signIn(into: store)
            let loads = try (0..<2).map { _ in try LoadProcess(loadArguments(sandbox, store: ["--token-store", url], tasks: 20, seconds: 8)) }
            try await Task.sleep(nanoseconds: 2_500_000_000)
            await redis.stop()
            try await Task.sleep(nanoseconds: 2_000_000_000)
            try await redis.restart()
            var reports: [LoadReport] = []
            for load in loads { reports.append(try await load.report()) }
            let counters = await sandbox.sandbox.counters
            print("redis outage: \(reports.map { ($0.requests, $0.ok, $0.errors) }), counters \(counters)")
            for report in reports {
                #expect(report.ok > 0)
                for (message, _) in report.errors {
                    #expect(message.hasPrefix("redis: "), "only the store's typed errors: \(message)")
                }
            }
            #expect(counters.refreshInvalidGrants == 0)
            #expect(counters.rotatedOutRefreshTokens == 0)
            #expect(await sandbox.isLive(try await store.load()?.refreshToken), "nothing lost: the stored refresh token is the live one")
        }
    }
}
