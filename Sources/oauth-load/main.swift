import Foundation
import OAuth
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// oauth-load: many tasks in one process sending protected requests through one OAuthClient
// whose token lives in a shared store, for a while; then a JSON line of what happened. Run
// several at once against the sandbox to see them share one refresh per expiry window.
//
//   oauth-load run --token-url URL --resource URL --client-id ID [--client-secret S]
//                  (--token-file F | --token-store redis://…?key=NAME) [--tasks N] [--seconds S]
//                  [--pause SECONDS]   (each task waits this long between its requests)
//   oauth-load hold-lease (--token-file F | --token-store redis://…?key=NAME) [--ttl SECONDS]
//                  take the refresh lease, print "holding", and keep it until killed

/// The command line as name/value pairs.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            guard name.hasPrefix("--"), let value = iterator.next() else { throw LoadError("expected --NAME VALUE pairs, got \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw LoadError("--\(name) is required") }
        return value
    }

    /// The most any number option may be: a day of seconds, or that many tasks.
    static let maximumNumber: Double = 86_400

    func number(_ name: String, default fallback: Double) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), value > 0, value <= Self.maximumNumber else {
            throw LoadError("--\(name): expected a number above 0 and at most \(Int(Self.maximumNumber)), got \(text)")
        }
        return value
    }

    func store() throws -> any SharedTokenStore {
        if let file = values["token-file"] { return FileTokenStore(path: file) }
        if let url = values["token-store"] { return try RedisTokenStore(url: url) }
        throw LoadError("--token-file or --token-store is required")
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Counts outcomes across tasks.
actor Tally {
    var requests = 0
    var ok = 0
    var statuses: [Int: Int] = [:]
    var errors: [String: Int] = [:]

    func record(status: Int) {
        requests += 1
        if status == 200 { ok += 1 }
        statuses[status, default: 0] += 1
    }

    func record(error: any Error) {
        requests += 1
        // The kind and the message without figures that vary, so equal failures count together.
        let message = "\(error)".prefix(160)
        errors[String(message), default: 0] += 1
    }

    func json(elapsed: Double, tasks: Int) -> String {
        var object: JSONObject = [
            "pid": .number(JSONNumber(Int(getpid()))), "tasks": .number(JSONNumber(tasks)),
            "seconds": .number(JSONNumber(validating: String(format: "%.2f", elapsed)) ?? JSONNumber(0)),
            "requests": .number(JSONNumber(requests)), "ok": .number(JSONNumber(ok)),
        ]
        var statusObject = JSONObject()
        for (status, count) in statuses.sorted(by: { $0.key < $1.key }) { statusObject[String(status)] = .number(JSONNumber(count)) }
        object["statuses"] = .object(statusObject)
        var errorObject = JSONObject()
        for (message, count) in errors.sorted(by: { $0.key < $1.key }) { errorObject[message] = .number(JSONNumber(count)) }
        object["errors"] = .object(errorObject)
        return JSONWriter.string(.object(object))
    }
}

func run(_ options: Options) async throws {
    let tokenURL = try options.required("token-url")
    guard let resource = URL(string: try options.required("resource")), let origin = EndpointSecurity.origin(of: resource) else {
        throw LoadError("--resource: expected an absolute URL")
    }
    let tasks = Int(try options.number("tasks", default: 20))
    let seconds = try options.number("seconds", default: 10)
    let pause = options.values["pause"] == nil ? 0 : try options.number("pause", default: 0)
    var provider = Provider(name: "load", displayName: "Load", endpoints: Endpoints())
    provider.endpoints.token = Endpoint(tokenURL)
    var configuration = OAuthClient.Configuration()
    configuration.additionalResourceOrigins = [origin]
    if let ttl = options.values["lease-ttl"], let value = TimeInterval(ttl) { configuration.sharedRefresh.leaseTimeToLive = value }
    let client = OAuthClient(
        provider: provider, credentials: ClientCredentials(id: try options.required("client-id"), secret: options.values["client-secret"]),
        store: try options.store(), configuration: configuration
    )
    let tally = Tally()
    let start = ContinuousClock.now
    let end = start + .milliseconds(Int64(seconds * 1000))
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                while ContinuousClock.now < end {
                    do {
                        let response = try await client.send(HTTPRequest(url: resource))
                        await tally.record(status: response.status)
                        if pause > 0 { try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000)) }
                    } catch {
                        await tally.record(error: error)
                        // A failing store or server is not hammered in a tight loop.
                        try? await Task.sleep(nanoseconds: 20_000_000)
                    }
                }
            }
        }
    }
    let duration = ContinuousClock.now - start
    let elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    say(await tally.json(elapsed: elapsed, tasks: tasks))
}

func holdLease(_ options: Options) async throws {
    let store = try options.store()
    let ttl = try options.number("ttl", default: 30)
    let owner = "oauth-load-\(getpid())"
    while try await !store.acquireRefreshLease(owner: owner, timeToLive: ttl) {
        try await Task.sleep(nanoseconds: 20_000_000)
    }
    say("holding")
    while true { try await Task.sleep(nanoseconds: 1_000_000_000) }
}

/// Writes a line to standard output at once (no buffering: a test waits for it).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
do {
    guard arguments.count >= 2 else { throw LoadError("usage: oauth-load run|hold-lease --NAME VALUE …") }
    let options = try Options(arguments.dropFirst(2))
    switch arguments[1] {
    case "run": try await run(options)
    case "hold-lease": try await holdLease(options)
    default: throw LoadError("expected run or hold-lease, got \(arguments[1])")
    }
} catch {
    FileHandle.standardError.write(Data("oauth-load: \(error)\n".utf8))
    exit(2)
}
