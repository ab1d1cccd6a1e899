import Foundation
import OAuth
import OAuthTesting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `oauthctl sandbox`: the sandbox authorization server in the foreground on 127.0.0.1, until
/// interrupted (or for `--for SECONDS`).
enum SandboxCommand {
    /// The client registered when none is given.
    static let defaultClients = [SandboxClient(id: "sandbox-app", secret: "sandbox-secret"), SandboxClient(id: "sandbox-public")]
    /// The user registered when none is given.
    static let defaultUsers = ["alice": "wonderland"]

    /// A sandbox ready to serve, and what to say about it.
    struct Setup {
        let sandbox: SandboxAuthorizationServer
        let server: LoopbackHTTPServer
        let clients: [SandboxClient]
        let users: [String: String]
        let emulation: SandboxEmulation?
        let configuration: SandboxAuthorizationServer.Configuration
        let dataDirectory: String?
    }

    static let spec = CommandSpec(
        "sandbox", section: .sandbox, summary: "Run the sandbox authorization server on 127.0.0.1 in the foreground.",
        details: """
            Prints its endpoints and clients and serves until Ctrl-C (or --for SECONDS). Without --client it registers \
            sandbox-app:sandbox-secret and the public sandbox-public; without --user, alice:wonderland. --emulate answers as a \
            registered provider does, from its recordings. GET /sandbox/counters counts the refreshes served and the \
            rotated-out refresh tokens seen; on stopping, the counters are printed too.
            """,
        options: [
            OptionSpec("--port", value: .text("PORT"), help: "The port to listen on.", defaultValue: "an ephemeral port"),
            OptionSpec("--emulate", value: .provider, help: "Answer as this provider does, from its recordings."),
            OptionSpec("--recordings", value: .directory("DIR"), help: "The recordings to emulate from (added to a built-in provider's own).",
                       requires: ["--emulate"]),
            OptionSpec("--client", value: .text("ID[:SECRET]"), help: "Register a client (public without a secret).", defaultValue: "sandbox-app:sandbox-secret and sandbox-public",
                       repeatable: true),
            OptionSpec("--redirect-uri", value: .url("URI"), help: "A redirect URI the clients may use.", defaultValue: "any loopback http redirect URI",
                       repeatable: true),
            OptionSpec("--user", value: .text("NAME:PASSWORD"), help: "A user for the password grant.", defaultValue: "alice:wonderland", repeatable: true),
            OptionSpec("--auto-approve", help: "Grant every valid authorization request at once.", defaultValue: "an HTML consent page"),
            OptionSpec("--allow-implicit", help: "Turn the implicit grant on."),
            OptionSpec("--access-token-lifetime", value: .text("SECONDS"), help: "How long the access tokens it issues live.", defaultValue: "3600"),
            OptionSpec("--device-interval", value: .text("SECONDS"), help: "The device flow's polling interval.", defaultValue: "5"),
            OptionSpec("--data-dir", value: .directory("DIR"), help: "Keep clients and tokens in JSON files in DIR.", defaultValue: "in memory"),
            OptionSpec("--for", value: .text("SECONDS"), help: "Stop after SECONDS.", defaultValue: "until Ctrl-C"),
            OptionSpec("--json", help: "Print the RFC 8414 metadata with the clients, as JSON, and on stopping the counters as a JSON line."),
        ],
        examples: [
            "oauthctl sandbox --auto-approve",
            "oauthctl sandbox --port 9000 --client web:s3cret --client cli --redirect-uri http://127.0.0.1:8400/callback --data-dir sandbox-state",
            "oauthctl sandbox --emulate twitch --auto-approve",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    /// The longest `--for`: a year.
    static let maximumDuration: TimeInterval = 365 * 86_400

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let json = arguments.flag("--json")
        let duration = try arguments.value("--for").map { text -> TimeInterval in
            // Bounded, so that the nanoseconds to sleep fit in 64 bits.
            guard let seconds = TimeInterval(text), seconds > 0, seconds <= maximumDuration else {
                throw UsageError("--for: expected seconds above 0 and at most \(Int(maximumDuration)), got \(Arguments.shortened(text))")
            }
            return seconds
        }
        let setup = try await prepare(&arguments, context: context)
        // A port that cannot be bound is a local failure (status 3), as for `login --port`.
        try setup.server.start()
        defer { setup.server.stop() }
        await setup.sandbox.setIssuer(setup.server.baseURL.absoluteString)
        if json {
            context.console.print(JSONWriter.prettyString(.object(await describe(setup))))
        } else {
            for line in await banner(setup) { context.console.print(line) }
        }
        if let duration {
            try? await Task.sleep(nanoseconds: UInt64(duration * 1_000_000_000))
        } else {
            await Interrupt.wait()
        }
        let counters = await setup.sandbox.counters.jsonObject
        if json { context.console.print(JSONWriter.string(.object(["counters": .object(counters)]))) }
        context.console.printError("sandbox: stopped; counters: " + JSONWriter.string(.object(counters)))
        return 0
    }

    /// Reads the options and builds the sandbox, without starting it.
    static func prepare(_ arguments: inout Arguments, context: CommandContext) async throws -> Setup {
        let port = try arguments.value("--port").map { text -> UInt16 in
            guard let port = UInt16(text) else { throw UsageError("--port: expected a port number from 0 to 65535, got \(text)") }
            return port
        } ?? 0
        let redirectURIs = try arguments.values("--redirect-uri")
        for uri in redirectURIs {
            guard let url = URL(string: uri), url.scheme != nil else { throw UsageError("--redirect-uri: expected an absolute URI, got \(uri)") }
        }
        var clients = try arguments.values("--client").map { text -> SandboxClient in
            guard let client = SandboxClient(commandLine: text, redirectURIs: redirectURIs) else {
                // Said without the secret, which the text may hold.
                let found = text.isEmpty ? "an empty value" : text.hasPrefix(":") ? "an empty ID before ':'" : "\(text.prefix { $0 != ":" }): with an empty secret"
                throw UsageError("--client: expected ID or ID:SECRET, got \(found)")
            }
            return client
        }
        let givenClients = !clients.isEmpty
        if !givenClients { clients = defaultClients.map { SandboxClient(id: $0.id, secret: $0.secret, redirectURIs: redirectURIs) } }
        var users: [String: String] = [:]
        for text in try arguments.values("--user") {
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
                throw UsageError("--user: expected NAME:PASSWORD, got \(text)")
            }
            users[String(text[..<colon])] = String(text[text.index(after: colon)...])
        }
        if users.isEmpty { users = defaultUsers }
        var configuration = SandboxAuthorizationServer.Configuration(
            autoApprove: arguments.flag("--auto-approve"), allowImplicit: arguments.flag("--allow-implicit")
        )
        if let text = try arguments.value("--access-token-lifetime") {
            guard let seconds = Int(text), seconds > 0 else { throw UsageError("--access-token-lifetime: expected whole seconds above 0, got \(text)") }
            configuration.accessTokenLifetime = seconds
        }
        if let text = try arguments.value("--device-interval") {
            guard let seconds = Int(text), seconds > 0 else { throw UsageError("--device-interval: expected whole seconds above 0, got \(text)") }
            configuration.deviceInterval = seconds
        }
        let emulation = try emulation(&arguments, context: context)
        if !givenClients, let emulation {
            // The default clients as the emulated provider's client authentication implies.
            clients = clients.map { emulation.client(id: $0.id, secret: $0.secret, redirectURIs: $0.redirectURIs) }
        }
        let dataDirectory = try arguments.value("--data-dir")
        let clientStore: any SandboxClientStore
        let tokenStore: any SandboxTokenStore
        if let dataDirectory {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let store = FileSandboxClientStore(path: (dataDirectory as NSString).appendingPathComponent("clients.json"))
            // The default clients only for a directory without clients of its own.
            let existing = try await store.allClients()
            if givenClients || existing.isEmpty {
                for client in clients { try await store.register(client) }
            }
            clients = try await store.allClients()
            clientStore = store
            tokenStore = FileSandboxTokenStore(path: (dataDirectory as NSString).appendingPathComponent("tokens.json"))
        } else {
            clientStore = InMemorySandboxClientStore(clients)
            tokenStore = InMemorySandboxTokenStore()
        }
        let sandbox = SandboxAuthorizationServer(
            clients: clientStore, tokens: tokenStore, users: users, configuration: configuration, emulation: emulation
        )
        let server = LoopbackHTTPServer(port: port, handler: { await sandbox.handle($0) })
        return Setup(
            sandbox: sandbox, server: server, clients: clients, users: users, emulation: emulation, configuration: configuration,
            dataDirectory: dataDirectory
        )
    }

    /// `--emulate NAME`, with `--recordings DIR` for a provider from `--provider-file` (or to add
    /// to a built-in provider's own).
    static func emulation(_ arguments: inout Arguments, context: CommandContext) throws -> SandboxEmulation? {
        let recordingsDirectory = try arguments.value("--recordings")
        guard let name = try arguments.value("--emulate") else {
            return nil
        }
        let provider = try context.registry.provider(named: name)
        guard provider.version == .oauth2 else { throw UsageError("--emulate: \(provider.name) speaks \(provider.version); the sandbox speaks OAuth 2.0") }
        // The built-in recordings, and a user's own from --recordings; none at all is an error.
        let recordings = try RecordingSources.recordings(for: provider, directory: recordingsDirectory)
        do {
            return try SandboxEmulation(provider: provider, recordings: recordings)
        } catch {
            throw UsageError("--emulate: \(error)")
        }
    }

    // MARK: Output

    static func banner(_ setup: Setup) async -> [String] {
        let base = setup.server.baseURL.absoluteString
        var lines = ["Sandbox authorization server on \(base)" + (setup.emulation.map { ", answering as \($0.provider.displayName)" } ?? "") + ". Ctrl-C stops it."]
        let endpoints: [(String, String)] = [
            ("metadata", "/.well-known/oauth-authorization-server"), ("authorization", "/authorize"), ("token", "/token"),
            ("device", "/device_authorization (users enter codes at \(base)/device)"), ("revocation", "/revoke"),
            ("introspection", "/introspect"), ("userinfo", "/userinfo (a protected test resource)"),
            ("counters", "/sandbox/counters (refreshes served, rotated-out refresh tokens seen)"),
        ]
        for (name, path) in endpoints { lines.append("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0))\(base)\(path)") }
        lines.append("  OAuth 1.0a    \(base)/oauth1/request_token, /oauth1/authorize, /oauth1/access_token, /oauth1/userinfo")
        lines.append("clients:")
        for client in setup.clients {
            let kind = client.isPublic ? "public, PKCE required" : (isDefault(client) ? "secret \(client.secret ?? "")" : "confidential, secret as given")
            let redirects = client.redirectURIs.isEmpty ? "any loopback http redirect URI" : "redirect URIs " + client.redirectURIs.joined(separator: ", ")
            lines.append("  \(client.id): \(kind); \(redirects)")
        }
        let users = setup.users.keys.sorted()
        lines.append("users (password grant): " + users.map { setup.users == defaultUsers ? "\($0) (password \(setup.users[$0] ?? ""))" : $0 }.joined(separator: ", "))
        lines.append(setup.configuration.autoApprove
            ? "consent: automatic (every valid authorization request is granted at once)"
            : "consent: an HTML page at the authorization endpoint (--auto-approve grants at once)")
        if let emulation = setup.emulation {
            let provider = emulation.provider
            lines.append("emulating \(provider.displayName):")
            lines.append("  token responses as recorded in " + emulation.tokenTemplates.map(\.name).joined(separator: ", "))
            if !emulation.refreshTemplates.isEmpty { lines.append("  refresh responses as recorded in " + emulation.refreshTemplates.map(\.name).joined(separator: ", ")) }
            let errors = emulation.errorTemplates.values.flatMap { $0 }.map(\.name)
            if !errors.isEmpty { lines.append("  errors as recorded in " + errors.sorted().joined(separator: ", ")) }
            lines.append("  client authentication: \(provider.clientAuthentication.name)")
            lines.append("  token on /userinfo: \(provider.tokenPlacement)")
            if !emulation.offlineParameters.isEmpty {
                lines.append("  refresh tokens only for authorization requests with " + emulation.offlineParameters.encoded())
            }
            if !emulation.values.isEmpty {
                lines.append("  values its clients are given: " + emulation.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
            }
            for counterpart in emulation.counterparts.reversed() {
                lines.append("  \(counterpart.fix): read by its own server side (\(counterpart.hookPoints.map(\.name).joined(separator: ", ")))")
            }
            let protected = emulation.protectedRequestShape(for: "<token>", clientID: "<client_id>")
            for shape in [emulation.authorizationShape] + emulation.requestShapes.values.sorted(by: { $0.hookPoint < $1.hookPoint }) + [protected] {
                lines += describe(shape)
            }
        }
        if let directory = setup.dataDirectory { lines.append("clients and tokens kept in \(directory)") }
        return lines
    }

    /// What an emulated provider's requests at one hook point must look like, beyond the standard.
    static func describe(_ shape: SandboxRequestShape) -> [String] {
        var lines: [String] = []
        let name = shape.hookPoint.name
        // Authorization and protected requests are GETs with a query by nature.
        let bodied = shape.hookPoint != .authorizationRequest && shape.hookPoint != .protectedRequest
        if bodied, shape.encoding != .form { lines.append("  \(name): \(shape.encoding)") }
        for (standard, renamed) in shape.renames.sorted(by: { $0.key < $1.key }) { lines.append("  \(name): \(renamed) instead of \(standard)") }
        if shape.hookPoint == .protectedRequest, !shape.requiredParameters.isEmpty {
            lines.append("  \(name): with ?" + shape.requiredParameters.encoded())
        } else if bodied, !shape.requiredParameters.isEmpty {
            lines.append("  \(name): with " + shape.requiredParameters.encoded())
        }
        if !shape.requiredQueryParameters.isEmpty { lines.append("  \(name): with ?" + shape.requiredQueryParameters.encoded()) }
        for field in shape.requiredHeaders { lines.append("  \(name): with the header \(field.name): \(field.value)") }
        return lines
    }

    static func isDefault(_ client: SandboxClient) -> Bool {
        defaultClients.contains { $0.id == client.id && $0.secret == client.secret }
    }

    static func describe(_ setup: Setup) async -> JSONObject {
        var object = (try? JSONParser().parse(await setup.sandbox.metadata().body).objectValue) ?? [:]
        object["clients"] = .array(setup.clients.map { client in
            .object(["client_id": .string(client.id), "public": .bool(client.isPublic), "redirect_uris": .array(client.redirectURIs.map(JSONValue.string))])
        })
        object["users"] = .array(setup.users.keys.sorted().map(JSONValue.string))
        object["emulating"] = setup.emulation.map { .string($0.name) } ?? .null
        object["counters_endpoint"] = .string(setup.server.baseURL.absoluteString + "/sandbox/counters")
        object["access_token_lifetime"] = .number(JSONNumber(setup.configuration.accessTokenLifetime))
        let base = setup.server.baseURL.absoluteString
        object["oauth1"] = [
            "request_token_endpoint": .string(base + "/oauth1/request_token"), "authorization_endpoint": .string(base + "/oauth1/authorize"),
            "access_token_endpoint": .string(base + "/oauth1/access_token"), "resource": .string(base + "/oauth1/userinfo"),
        ]
        return object
    }
}

/// Waiting for Ctrl-C or SIGTERM.
enum Interrupt {
    static func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let box = SignalSources(continuation)
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { box.fire() }
                box.keep(source)
                source.resume()
            }
        }
    }
}

/// Keeps the signal sources alive and resumes the waiting task once.
private final class SignalSources: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func keep(_ source: any DispatchSourceSignal) {
        lock.withLock { sources.append(source) }
    }

    func fire() {
        let waiting: CheckedContinuation<Void, Never>? = lock.withLock {
            defer { continuation = nil }
            for source in sources { source.cancel() }
            return continuation
        }
        waiting?.resume()
    }
}
