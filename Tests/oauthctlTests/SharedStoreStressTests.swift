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
    /// `oauthctl sandbox` in a process of its own on a loopback port (so that serving the load
    /// takes nothing from the test process's threads), with two-second access tokens.
    final class Sandbox: @unchecked Sendable {
        let process: ChildProcess
        private(set) var base = ""
        let transport = URLSessionTransport()

        init(seconds: Int) async throws {
            process = try ChildProcess(try SharedStoreStressTests.executable("oauthctl"),
                                       ["sandbox", "--port", "0", "--access-token-lifetime", "2", "--json", "--for", String(seconds)], capture: .standardOutput)
            let reading = process.output!
            let text = await Task.detached { () -> String in
                var text = ""
                while !text.contains("\n}") {
                    let data = reading.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                }
                return text
            }.value
            guard let issuer = try? JSONParser().parse(Data(text.utf8)).objectValue?["issuer"]?.stringValue else {
                stop()
                throw LoadFailure("oauthctl sandbox printed no issuer: \(text)")
            }
            base = issuer
        }

        func stop() {
            process.terminate(SIGKILL)
        }

        var provider: Provider {
            Provider(name: "sandbox", displayName: "Sandbox", endpoints: Endpoints(token: Endpoint(base + "/token"), resourceOrigins: [base]))
        }

        /// A first token, by the password grant, written to the store.
        func signIn(into store: any TokenStore) async throws {
            let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "sandbox-app", secret: "sandbox-secret"), store: store)
            _ = try await client.password(username: "alice", password: "wonderland")
        }

        /// What the sandbox counted.
        func counters() async throws -> [String: Int] {
            let response = try await transport.send(HTTPRequest(url: URL(string: base + "/sandbox/counters")!), limits: .resource)
            var counters: [String: Int] = [:]
            for member in try JSONParser().parse(response.body).objectValue ?? [:] {
                if case .number(let number) = member.value { counters[member.key] = number.intValue }
            }
            return counters
        }

        /// Whether the sandbox takes this refresh token now (which rotates it).
        func isLive(_ refreshToken: String?) async throws -> Bool {
            guard let refreshToken else { return false }
            var request = HTTPRequest(method: "POST", url: URL(string: base + "/token")!)
            request.setFormParameters(["grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": "sandbox-app", "client_secret": "sandbox-secret"])
            return try await transport.send(request, limits: .tokenEndpoint).status == 200
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
        let process: ChildProcess

        init(_ arguments: [String]) throws {
            process = try ChildProcess(try SharedStoreStressTests.executable("oauth-load"), arguments, capture: .both)
        }

        func kill() {
            process.terminate(SIGKILL)
        }

        /// Waits for the process to end and reads its report.
        func report() async throws -> LoadReport {
            while process.isRunning { try await Task.sleep(nanoseconds: 50_000_000) }
            let text = String(decoding: process.output!.readDataToEndOfFile(), as: UTF8.self)
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

    /// Each task pauses 5 ms between requests, so that the runs leave some of the machine's
    /// two cores to the rest of the suite.
    func loadArguments(_ sandbox: Sandbox, store: [String], tasks: Int, seconds: Double) -> [String] {
        ["run", "--token-url", sandbox.base + "/token", "--resource", sandbox.base + "/userinfo", "--client-id", "sandbox-app",
         "--client-secret", "sandbox-secret", "--tasks", String(tasks), "--seconds", String(seconds), "--pause", "0.005"] + store
    }

    /// Runs `processes` loads at once and checks what the stress runs promise.
    func stress(store: any SharedTokenStore, option: [String], processes: Int, tasks: Int, seconds: Double) async throws {
        let sandbox = try await Sandbox(seconds: Int(seconds) + 30)
        defer { sandbox.stop() }
        try await sandbox.signIn(into: store)
        let loads = try (0..<processes).map { _ in try LoadProcess(loadArguments(sandbox, store: option, tasks: tasks, seconds: seconds)) }
        var reports: [LoadReport] = []
        for load in loads { reports.append(try await load.report()) }
        let counters = try await sandbox.counters()
        let callers = reports.reduce(0) { $0 + $1.requests }
        let refreshes = counters["refreshes_issued", default: -1]
        print("stress \(option[0]): \(processes) processes × \(tasks) tasks, \(seconds) s: \(callers) requests, \(refreshes) refreshes, counters \(counters)")
        for report in reports {
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.requests > 0 && report.ok == report.requests, "every caller got a 200: \(report.ok) of \(report.requests)")
        }
        #expect(counters["refresh_invalid_grants"] == 0)
        #expect(counters["rotated_out_refresh_tokens"] == 0)
        #expect(refreshes >= 2, "the tokens expired and were refreshed")
        // A token lives 2 s, stored to the whole second and refreshed a fifth of its life early:
        // at least 0.6 s between refreshes when they are coordinated.
        #expect(refreshes <= Int(seconds / 0.6) + 2, "one refresh per token, not one per process: \(refreshes)")
        #expect(counters["refresh_requests"] == refreshes)
        #expect(try await sandbox.isLive(try await store.load()?.refreshToken), "the stored refresh token is the live one")
    }

    func temporaryTokenFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stress-\(UUID().uuidString)/token.json").path
    }

    /// A pause, a run time or a lease beyond a day is refused before anything runs, rather
    /// than overflowing when it becomes nanoseconds.
    @Test func oauthLoadRefusesNumbersPastADay() throws {
        for option in ["--pause", "--seconds", "--tasks"] {
            let process = try ChildProcess(try Self.executable("oauth-load"), [
                "run", option, "1e300", "--token-file", "/nonexistent/token.json", "--token-url", "http://127.0.0.1:1/token",
                "--resource", "http://127.0.0.1:1/userinfo", "--client-id", "c",
            ], capture: .standardError)
            let text = String(decoding: process.output!.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(text)")
            #expect(text.contains("\(option): expected a number above 0 and at most 86400, got 1e300"), "\(text)")
        }
    }

    @Test func processesSharingATokenFileRefreshOncePerToken() async throws {
        let path = temporaryTokenFile()
        try await stress(store: FileTokenStore(path: path), option: ["--token-file", path], processes: 3, tasks: 12, seconds: 7)
    }

    @Test(.enabled(if: RedisTestServer.shouldRun, Comment(rawValue: RedisTestServer.skipReason)))
    func processesSharingARedisKeyRefreshOncePerToken() async throws {
        try await RedisTestServer.with { redis in
            let url = redis.url(key: "oauth:stress")
            try await stress(store: try RedisTokenStore(url: url), option: ["--token-store", url], processes: 3, tasks: 12, seconds: 7)
        }
    }

    /// A holder is killed while it holds the lease: its lease ends (the system releases the
    /// file lock; Redis expires the key) and another process refreshes.
    func killedHolder(store: any SharedTokenStore, option: [String], ttl: Double) async throws {
        let sandbox = try await Sandbox(seconds: 40)
        defer { sandbox.stop() }
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
        let counters = try await sandbox.counters()
        print("killed holder \(option[0]): \(report.requests) requests, counters \(counters)")
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.ok == report.requests)
        #expect(counters["refreshes_issued", default: 0] >= 1, "another process refreshed once the lease ended")
        #expect(counters["refresh_invalid_grants"] == 0)
        #expect(try await sandbox.isLive(try await store.load()?.refreshToken))
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
            let sandbox = try await Sandbox(seconds: 40)
            defer { sandbox.stop() }
            try await sandbox.signIn(into: store)
            let loads = try (0..<2).map { _ in try LoadProcess(loadArguments(sandbox, store: ["--token-store", url], tasks: 20, seconds: 8)) }
            try await Task.sleep(nanoseconds: 2_500_000_000)
            await redis.stop()
            try await Task.sleep(nanoseconds: 2_000_000_000)
            try await redis.restart()
            var reports: [LoadReport] = []
            for load in loads { reports.append(try await load.report()) }
            let counters = try await sandbox.counters()
            print("redis outage: \(reports.map { ($0.requests, $0.ok, $0.errors) }), counters \(counters)")
            for report in reports {
                #expect(report.ok > 0)
                for (message, _) in report.errors {
                    #expect(message.hasPrefix("redis: "), "only the store's typed errors: \(message)")
                }
            }
            #expect(counters["refresh_invalid_grants"] == 0)
            #expect(counters["rotated_out_refresh_tokens"] == 0)
            #expect(try await sandbox.isLive(try await store.load()?.refreshToken), "nothing lost: the stored refresh token is the live one")
        }
    }
}
