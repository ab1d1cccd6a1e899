import Foundation
import OAuth

/// `oauthctl login`: the authorization code flow for a command line (RFC 8252): an ephemeral
/// loopback redirect receiver, the URL printed (and opened in a browser where one can be), the
/// first valid callback exchanged, the token stored.
enum LoginCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        let scopes = try ClientOptions.scopes(&arguments)
        guard let (store, tokenFile) = try ClientOptions.tokenStore(&arguments, defaultFile: defaultTokenFile(provider: options.provider.name)) else { return 2 }
        let timeout = try arguments.value("--timeout").map { text -> TimeInterval in
            guard let seconds = TimeInterval(text), seconds > 0 else { throw UsageError("--timeout: expected seconds, got \(text)") }
            return seconds
        } ?? 300
        let port = try arguments.value("--port").map { text -> UInt16 in
            guard let port = UInt16(text) else { throw UsageError("--port: expected a port number, got \(text)") }
            return port
        } ?? 0
        let openBrowser = !arguments.flag("--no-browser")
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        guard try arguments.positionals().isEmpty else { throw UsageError("login takes no positional arguments") }

        let receiver = LoopbackRedirectReceiver(port: port)
        let redirectURI = try receiver.start()
        defer { receiver.stop() }
        let client = options.client(store: store, transport: recorder)
        do {
            let (url, pending) = try client.startAuthorization(redirectURI: redirectURI, scopes: scopes.isEmpty ? nil : scopes)
            receiver.expect(state: pending.state)
            context.console.printError("Open this URL in a browser to sign in (waiting on \(redirectURI)):")
            context.console.print(url.absoluteString)
            if openBrowser { Browser.open(url) }
            let callback = try await receiver.callback(timeout: timeout)
            let token = try await client.exchange(callback: callback, pending: pending)
            options.printToken(token, console: context.console)
            context.console.printError("Token saved to \(tokenFile)")
            return 0
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    /// `$XDG_CONFIG_HOME/oauthctl/<provider>.json`, or `$HOME/.config/oauthctl/<provider>.json`
    /// (the account's home directory when `HOME` is unset).
    static func defaultTokenFile(provider: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        let base = nonEmpty("XDG_CONFIG_HOME") ?? (home as NSString).appendingPathComponent(".config")
        return ((base as NSString).appendingPathComponent("oauthctl") as NSString).appendingPathComponent("\(provider).json")
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
