import Foundation
import OAuth

/// `oauthctl login`: the authorization code flow for a command line (RFC 8252): an ephemeral
/// loopback redirect receiver, the URL printed (and opened in a browser where one can be), the
/// first valid callback exchanged, the token stored.
enum LoginCommand {
    static let spec = CommandSpec(
        "login", section: .oauth2, summary: "Sign in through the browser and save the token (RFC 8252).",
        details: """
            Listens on an ephemeral port of 127.0.0.1 (or --port), prints the authorization URL on standard output and opens it in a \
            browser where there is one, waits for the browser to come back (a countdown on a terminal), exchanges the code and saves \
            the token with mode 0600. Ctrl-C while waiting saves nothing.
            """,
        options: [
            ClientOptions.scopeOption,
            OptionSpec("--port", value: .text("PORT"), help: "Listen on this port, for a provider that wants the redirect URI registered exactly.",
                       defaultValue: "an ephemeral port"),
            OptionSpec("--timeout", value: .text("SECONDS"), help: "How long to wait for the browser.", defaultValue: "300"),
            OptionSpec("--no-browser", help: "Only print the URL.", defaultValue: "open it with xdg-open or open where there is one"),
            TokenOutput.option,
        ],
        groups: [ClientOptions.group(), TokenStorage.group(.save), RecordOptions.group, CommonOptions.providerFiles],
        examples: [
            "oauthctl login --provider github --client-id ID --client-secret-file secret.txt --scope repo",
            "oauthctl login --provider google --client-id ID --profile work --port 8400",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    /// The longest `--timeout`: a day.
    static let maximumTimeout: TimeInterval = 86_400

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let console = context.console
        let options = try ClientOptions.read(&arguments, context: context)
        let scopes = try ClientOptions.scopes(&arguments)
        let timeout = try arguments.value("--timeout").map { text -> TimeInterval in
            // Bounded: the wait is counted down in whole seconds, and infinity has none.
            guard let seconds = TimeInterval(text), seconds > 0, seconds <= maximumTimeout else {
                throw UsageError("--timeout: expected seconds above 0 and at most \(Int(maximumTimeout)), got \(Arguments.shortened(text))")
            }
            return seconds
        } ?? 300
        let port = try arguments.value("--port").map { text -> UInt16 in
            guard let port = UInt16(text) else { throw UsageError("--port: expected a port number from 0 to 65535, got \(text)") }
            return port
        } ?? 0
        let openBrowser = !arguments.flag("--no-browser")
        let show = arguments.flag("--show-tokens")
        guard let location = try await TokenStorage.read(&arguments, client: options, console: console, mode: .save) else {
            throw UsageError("expected where to save the token: --token-file FILE, --profile NAME or --token-store URL")
        }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: console)

        let receiver = LoopbackRedirectReceiver(port: port)
        let redirectURI = try receiver.start()
        defer { receiver.stop() }
        let client = options.client(store: location.store, transport: recorder)
        let (url, pending): (URL, PendingAuthorization)
        do {
            (url, pending) = try client.startAuthorization(redirectURI: redirectURI, scopes: scopes.isEmpty ? nil : scopes)
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        }
        receiver.expect(state: pending.state)
        console.keepSecret(pending.codeVerifier)
        console.printError("Open this URL in a browser to sign in:")
        // With --json every line of standard output is JSON: the URL first, then the token.
        console.print(options.json ? JSONWriter.string(["authorization_url": .string(url.absoluteString)]) : url.absoluteString)
        if openBrowser { Browser.open(url) }
        let progress = WaitProgress(console: console, message: "Waiting for the browser at \(redirectURI)", deadline: Date().addingTimeInterval(timeout))
        progress.start()
        let callback: String
        do {
            callback = try await receiver.callback(timeout: timeout)
        } catch LoopbackRedirectError.timedOut {
            progress.finish()
            throw LoginTimeoutError(redirectURI: redirectURI, seconds: Int(timeout))
        }
        // A refusal (RFC 6749 §4.1.2.1) brings no code: the exchange below reports it.
        let bringsCode = URLComponents(string: callback)?.queryItems?.contains { $0.name == "code" } == true
        progress.finish(bringsCode ? "The browser came back; exchanging the code" : "The browser came back")
        console.keepSecret(try? AuthorizationCallback.code(from: callback, for: pending))
        let token = try await client.exchange(callback: callback, pending: pending)
        TokenOutput.print(token, json: options.json, show: TokenOutput.showsTokens(flag: show, savedTo: location.name, console: console), console: console)
        console.printError("Token saved to \(location.name)")
        return 0
    }

    /// The default token file of a provider and client (see ``TokenFiles/defaultPath(providerKey:clientID:profile:environment:)``).
    static func defaultTokenFile(provider: String, clientID: String, environment: [String: String]) -> String {
        TokenFiles.defaultPath(providerKey: provider, clientID: clientID, profile: nil, environment: environment) ?? ""
    }
}

/// No browser came back to the loopback redirect receiver in time.
struct LoginTimeoutError: Error, CustomStringConvertible {
    let redirectURI: String
    let seconds: Int

    var description: String {
        "login: expected the browser to come back to \(redirectURI) within \(seconds) s, got nothing; run login again (--timeout SECONDS waits longer)"
    }
}

/// Opening a URL in the user's browser, where there is one; silent where there is not.
enum Browser {
    static func open(_ url: URL) {
        #if os(macOS)
        let command = "/usr/bin/open"
        #else
        let command = "/usr/bin/xdg-open"
        #endif
        guard FileManager.default.isExecutableFile(atPath: command) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = [url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
