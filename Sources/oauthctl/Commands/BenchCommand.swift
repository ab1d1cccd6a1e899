import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OAuth
import OAuthProviders
import OAuthTesting

/// `oauthctl bench`: nanoseconds per operation for the hot paths, beside the baselines a
/// client could not go below, printed as JSON. Run it in release: `swift run -c release
/// oauthctl bench`.
enum BenchCommand {
    static let spec = CommandSpec(
        "bench", section: .tool, summary: "Time the hot paths against their baselines and print the figures as JSON.",
        details: """
            Run it in release for meaningful figures: `swift run -c release oauthctl bench`. With heaptrack installed it also \
            counts the allocations per OAuth 1.0a signature; with redis-server installed, it times a protected request whose \
            token is kept in Redis (a server of its own, on an ephemeral port).
            """,
        options: [
            OptionSpec("--signing-only", help: "Time only the OAuth 1.0a signing and the hashes."),
            OptionSpec("--repeat", value: .text("PART"),
                       help: "Run one timed operation (such as oauth1-signature) N times and print nothing: how allocations are counted under heaptrack.",
                       requires: ["--times"]),
            OptionSpec("--times", value: .text("N"), help: "How many times --repeat runs its operation.", requires: ["--repeat"]),
        ],
        examples: ["swift run -c release oauthctl bench", "swift run -c release oauthctl bench --signing-only"],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        if let part = try arguments.value("--repeat") {
            let text = try arguments.value("--times") ?? ""
            guard let times = Int(text), times >= 0 else { throw UsageError("--times: expected a whole number of 0 or more, got \(text)") }
            return try repeatPart(part, times: times)
        }
        let signingOnly = arguments.flag("--signing-only")
        let bench = Benchmark()
        if signingOnly {
            var targets = JSONObject()
            let (oauth1, hashes) = try signingReport(bench, targets: &targets)
            context.console.print(JSONWriter.prettyString(["oauth1_signing": oauth1, "hashes": hashes, "targets": .object(targets)]))
            return 0
        }
        var report = JSONObject()
        #if DEBUG
        report["warning"] = "debug build: run `swift run -c release oauthctl bench` for meaningful figures"
        #endif

        let github = try context.registry.provider(named: "github")
        let engine = FlowEngine(provider: github)
        report["authorization_url_with_state_and_pkce_ns"] = figure(try bench.nanosecondsPerOperation {
            let request = try engine.authorizationRequest(
                clientID: "Iv1.8a61f9b3a7aba766", redirectURI: "https://app.example.com/callback", scopes: ["repo", "gist"],
                state: PendingAuthorization.randomState(), pkce: PKCE()
            )
            consume(request.url)
        })

        let golden = GoldenResponses.all[1].response
        let strict = FlowEngine(provider: Provider(name: "strict", displayName: "Strict", endpoints: Endpoints()))
        let compliantParse = try bench.nanosecondsPerOperation { consume(try strict.token(from: golden, at: .accessTokenResponse)) }
        let compliantBaseline = try bench.nanosecondsPerOperation { consume(try JSONSerialization.jsonObject(with: golden.body)) }
        report["compliant_token_response"] = [
            "parse_ns": figure(compliantParse), "jsonserialization_ns": figure(compliantBaseline), "ratio": ratio(compliantParse, compliantBaseline),
        ]

        report["shared_store"] = try await sharedStore(bench)
        var targets = JSONObject()
        report["token_parsing"] = try parsingReport(bench, registry: context.registry, targets: &targets)
        report["protected_requests"] = try protectedRequestReport(bench, registry: context.registry, targets: &targets)
        (report["oauth1_signing"], report["hashes"]) = try signingReport(bench, targets: &targets)
        report["targets"] = .object(targets)
        context.console.print(JSONWriter.prettyString(.object(report)))
        return 0
    }

    /// A protected request with a valid token through the client (the transport answers at
    /// once, in process): the token in memory, and in Redis, with the Redis round trips each
    /// request cost. The client reads a shared store once and again only near expiry, so a
    /// valid token costs no round trip.
    private static func sharedStore(_ bench: Benchmark) async throws -> JSONValue {
        guard RedisTestServer.isInstalled else { return "skipped: redis-server not installed" }
        return try await RedisTestServer.with { server in
            let provider = Provider(name: "bench", displayName: "Bench", endpoints: Endpoints(token: "https://as.example/token", resourceOrigins: ["https://api.example"]))
            let transport = ReplayTransport { _ in HTTPResponse(status: 200, body: Data("{}".utf8)) }
            let token = Token(accessToken: "mF_9.B5f-4.1JqM", expiresIn: 3600, expiresAt: Date().addingTimeInterval(3600), refreshToken: "tGzv3JOkF0XG5Qx2TlKWIA")
            let request = HTTPRequest(url: URL(string: "https://api.example/v1/me")!)
            let inMemory = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c"), transport: transport, store: InMemoryTokenStore(token))
            let memory = try await bench.nanosecondsPerOperation { consume(try await inMemory.send(request)) }
            let store = try RedisTokenStore(url: server.url(key: "bench:token"))
            try await store.save(token)
            let inRedis = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c"), transport: transport, store: store)
            let tripsBefore = store.redis.roundTrips
            var requests = 0
            let redis = try await bench.nanosecondsPerOperation {
                consume(try await inRedis.send(request))
                requests += 1
            }
            let trips = store.redis.roundTrips - tripsBefore
            let roundTrip = try await bench.nanosecondsPerOperation { consume(try await store.redis.run(["GET", "bench:token"])) }
            return [
                "protected_request_token_in_memory_ns": figure(memory), "protected_request_token_in_redis_ns": figure(redis),
                "ratio": ratio(redis, memory), "redis_round_trips_per_request": .number(JSONNumber(validating: String(format: "%.6f", Double(trips) / Double(max(requests, 1)))) ?? JSONNumber(0)),
                "redis_get_round_trip_ns": figure(roundTrip),
                "design": "the token is read once and kept in the process; it is read again only when it nears expiry or a protected request is refused",
            ]
        }
    }

    static func figure(_ nanoseconds: Double) -> JSONValue {
        .number(JSONNumber(Int(nanoseconds.rounded())))
    }

    static func ratio(_ value: Double, _ baseline: Double) -> JSONValue {
        .number(JSONNumber(validating: String(format: "%.2f", value / baseline)) ?? JSONNumber(0))
    }
}
