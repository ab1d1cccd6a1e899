import Foundation
import OAuth

/// `oauthctl device`: the device authorization grant (RFC 8628): prints the user code and the
/// verification URI, polls as §3.5 requires with the wait shown, stores the token.
enum DeviceCommand {
    static let spec = CommandSpec(
        "device", section: .oauth2, summary: "Sign in with the device flow (RFC 8628): print a code to enter elsewhere, wait, save the token.",
        details: """
            Prints where to go and the code to enter on standard output, then polls the token endpoint at the interval the server \\
            names (a countdown on a terminal, plain lines elsewhere) until the user approves, the server refuses, or the code \\
            expires. Ctrl-C while waiting saves nothing.
            """,
        options: [ClientOptions.scopeOption, TokenOutput.option],
        groups: [ClientOptions.group(), TokenStorage.group(.save), RecordOptions.group, CommonOptions.providerFiles],
        examples: [
            "oauthctl device --provider github --client-id ID --scope repo",
            "oauthctl device --device-url https://as.example/device --token-url https://as.example/token --client-id ID --token-file d.json",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let console = context.console
        let options = try ClientOptions.read(&arguments, context: context)
        let scopes = try ClientOptions.scopes(&arguments)
        let show = arguments.flag("--show-tokens")
        guard let location = try await TokenStorage.read(&arguments, client: options, console: console, mode: .save) else {
            throw UsageError("expected where to save the token: --token-file FILE, --profile NAME or --token-store URL")
        }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: console)
        let client = options.client(store: location.store, transport: recorder)
        let authorization = try await client.startDeviceAuthorization(scopes: scopes.isEmpty ? nil : scopes)
        console.keepSecret(authorization.deviceCode)
        if options.json {
            console.print(JSONWriter.string(.object(authorization.jsonObject(includingDeviceCode: false))))
        } else {
            console.print("To sign in, open \(authorization.verificationURI.absoluteString) and enter the code \(authorization.userCode)")
            if let complete = authorization.verificationURIComplete { console.print("(or open \(complete.absoluteString))") }
        }
        let progress = WaitProgress(
            console: console, message: "Waiting for approval (polling every \(authorization.interval) s)", deadline: authorization.expiresAt
        )
        let intervals = IntervalWatch()
        progress.start()
        let token: Token
        do {
            token = try await client.pollDeviceAuthorization(authorization) { seconds in
                if let changed = intervals.changed(to: seconds) { progress.note("The server asked to slow down: polling every \(Int(changed)) s") }
                try await Task.sleep(for: .seconds(seconds))
            }
        } catch {
            progress.finish()
            throw error
        }
        progress.finish("Approved")
        TokenOutput.print(token, json: options.json, show: TokenOutput.showsTokens(flag: show, savedTo: location.name, console: console), console: console)
        console.printError("Token saved to \(location.name)")
        return 0
    }
}

/// Remembers the polling interval, to say when the server changed it.
private final class IntervalWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var last: TimeInterval?

    /// The new interval when it differs from the one before (not on the first poll).
    func changed(to interval: TimeInterval) -> TimeInterval? {
        lock.withLock {
            defer { last = interval }
            guard let last, last != interval else { return nil }
            return interval
        }
    }
}
