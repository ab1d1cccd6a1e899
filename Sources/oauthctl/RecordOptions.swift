import Foundation
import OAuth
import OAuthTesting

/// `--record DIR [--force]`: the exchanges a command makes, written as recordings into DIR with
/// every secret replaced by a placeholder; what was written, and which fixes did not act, on
/// standard error.
enum RecordOptions {
    /// The declarations.
    static let group = OptionGroup("record mode", [
        OptionSpec("--record", value: .directory("DIR"),
                   help: "Write each exchange to DIR as a recording, secrets replaced by placeholders (access-token-1, …), ready for a provider's Recordings/."),
        OptionSpec("--force", help: "Replace recordings that already exist in DIR.", defaultValue: "an existing file stops the command before it sends anything",
                   requires: ["--record"]),
    ])

    /// Reads `--record` and `--force`; a recorder around the default transport, or `nil`.
    static func read(
        _ arguments: inout Arguments, provider: Provider, credentials: ClientCredentials, endpointValues: [String: String] = [:], secrets: [(String, RecordingSecrets.Kind)] = [],
        console: Console
    ) throws -> RecordingTransport? {
        let force = arguments.flag("--force")
        guard let directory = try arguments.value("--record") else { return nil }
        return try RecordingTransport(
            wrapping: URLSessionTransport(), provider: provider, directory: URL(fileURLWithPath: directory), clientID: credentials.id,
            endpointValues: endpointValues, clientSecret: credentials.secret, knownSecrets: secrets, overwrite: force,
            onEvent: { event in console.printError("record: \(event)") }
        )
    }
}
