import Foundation
import OAuth

/// Where a command keeps the token: `--token-file F`, `--profile NAME`, `--token-store URL`
/// (Redis), or the default file for the provider and client id. Another kind of store is one
/// more option here and one more case in ``read(_:client:console:mode:)``.
enum TokenStorage {
    /// What a command does with the store.
    enum Mode {
        /// Saves a token only when told where (`exchange`, `token`).
        case saveWhenGiven
        /// Saves the token, by default to the provider's default file (`login`, `device`).
        case save
        /// Needs a stored token, by default from the provider's default file (`request`,
        /// `refresh`, `revoke`, `introspect`).
        case load
    }

    /// A store and how messages name it.
    struct Location {
        let store: any TokenStore
        /// The path of the file, or the Redis key and its server.
        let name: String
        /// What it is, for messages: `token file` or `token store`.
        let role: String
    }

    /// The options that say where the token is; at most one of them is given.
    static let choices = ["--token-file", "--profile", "--token-store"]

    /// The declarations.
    static func group(_ mode: Mode) -> OptionGroup {
        let defaultFile = "$XDG_CONFIG_HOME/oauthctl/tokens/PROVIDER/CLIENT_ID.json (~/.config when XDG_CONFIG_HOME is unset)"
        let title = switch mode {
        case .load: "the stored token"
        case .save: "where the token is saved"
        case .saveWhenGiven: "saving the token"
        }
        return OptionGroup(title, [
            OptionSpec("--token-file", value: .file("FILE"),
                       help: mode == .load ? "The token file to read (and rewrite after a refresh); kept with mode 0600."
                           : "Save the token to FILE, with mode 0600.",
                       defaultValue: mode == .saveWhenGiven ? "not saved" : defaultFile),
            OptionSpec("--profile", value: .text("NAME"),
                       help: "Keep the token under a name of your choosing: $XDG_CONFIG_HOME/oauthctl/profiles/NAME.json."),
            OptionSpec("--token-store", value: .url("URL"),
                       help: "Keep the token in Redis instead of a file: URL is redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]?key=NAME. "
                           + "Processes and hosts that share the key (or a token file) refresh the token once, under a lease."),
        ])
    }

    /// Reads `--token-file`, `--profile` and `--token-store` (one of them); `nil` when none is
    /// given and the mode has no default (or no client id names one). Before any request is
    /// sent, a token to be loaded must be there, and a file to be written must be writable or a
    /// Redis server reachable.
    static func read(_ arguments: inout Arguments, client: ClientOptions, console: Console, mode: Mode) async throws -> Location? {
        let given = choices.filter { arguments.isGiven($0) }
        if given.count > 1 {
            throw UsageError("give " + Arguments.list(given, conjunction: "or") + (given.count == 2 ? ", not both" : ", only one"))
        }
        let file = try arguments.value("--token-file")
        let profile = try arguments.value("--profile").map(TokenFiles.checkedProfile)
        if let url = try arguments.value("--token-store") {
            return try await redis(url, console: console, mode: mode)
        }
        let path: String?
        if let file {
            path = file
        } else if profile != nil || mode != .saveWhenGiven {
            path = TokenFiles.defaultPath(
                providerKey: client.providerKey, clientID: client.credentials.id, profile: profile, environment: console.environment
            )
        } else {
            path = nil
        }
        guard let path else { return nil }
        switch mode {
        case .load:
            if file == nil, profile == nil, !FileManager.default.fileExists(atPath: path) {
                throw missingDefaultFile(path, clientID: client.credentials.id, environment: console.environment)
            }
            _ = try TokenFiles.load(path, mustExist: true, console: console)
        case .save, .saveWhenGiven:
            try TokenFiles.enforcePrivateMode(path, console: console)
            try TokenFiles.checkWritable(path)
        }
        return Location(store: FileTokenStore(path: path), name: path, role: "token file")
    }

    /// A default token file that is not there. When this client id has a token kept under
    /// another provider or endpoint (signed in with another `--provider` or `--token-url`), the
    /// hint names those files, since the default file follows the provider and its endpoint.
    static func missingDefaultFile(_ path: String, clientID: String?, environment: [String: String]) -> LocalFileError {
        let signIn = "sign in first (oauthctl login, device, exchange or token)"
        guard let clientID, !clientID.isEmpty else { return LocalFileError(role: "token file", path: path, reason: .missing, hint: signIn) }
        let tokens = (TokenFiles.configDirectory(environment: environment) as NSString).appendingPathComponent("tokens")
        let name = TokenFiles.fileName(clientID) + ".json"
        let others = ((try? FileManager.default.contentsOfDirectory(atPath: tokens)) ?? []).sorted()
            .map { ((tokens as NSString).appendingPathComponent($0) as NSString).appendingPathComponent(name) }
            .filter { $0 != path && FileManager.default.fileExists(atPath: $0) }
        guard !others.isEmpty else { return LocalFileError(role: "token file", path: path, reason: .missing, hint: signIn) }
        return LocalFileError(
            role: "token file", path: path, reason: .missing,
            hint: "client \(clientID) has a token in " + others.joined(separator: ", ")
                + ": give the --provider or --token-url it was signed in with, or --token-file; or " + signIn
        )
    }

    /// The Redis store `--token-store` names, its password kept from standard error; a token
    /// to be loaded must be there, and the server must answer before a token is asked for.
    private static func redis(_ url: String, console: Console, mode: Mode) async throws -> Location {
        let store: RedisTokenStore
        do {
            store = try RedisTokenStore(url: url)
        } catch {
            throw UsageError("--token-store: \(error)")
        }
        console.keepSecret(store.redis.configuration.password)
        let location = Location(store: store, name: "redis key \(store.key) on \(store.redis.configuration.address)", role: "token store")
        let token = try await store.load()
        if mode == .load, token == nil {
            throw LocalFileError(
                role: location.role, path: location.name, reason: .unexpectedContent("expected a token, got none"),
                hint: "sign in first (oauthctl login, device, exchange or token)"
            )
        }
        console.keepSecret(token?.accessToken)
        console.keepSecret(token?.refreshToken)
        return location
    }
}

/// How tokens are printed: redacted (`gho_16...[redacted]`) unless `--show-tokens`, or unless
/// the token is saved nowhere and standard output is not a terminal (a script reading it).
enum TokenOutput {
    /// The declaration.
    static let option = OptionSpec(
        "--show-tokens", help: "Print access and refresh tokens in full.",
        defaultValue: "redacted, except when the token is saved nowhere and standard output is not a terminal"
    )

    /// Whether tokens are printed in full.
    static func showsTokens(flag: Bool, savedTo path: String?, console: Console) -> Bool {
        flag || (path == nil && !console.outputIsTerminal)
    }

    /// Prints a token as JSON (indented, or on one line with `json`), redacted unless `show`.
    static func print(_ token: Token, json: Bool, show: Bool, console: Console) {
        console.keepSecret(token.accessToken)
        console.keepSecret(token.refreshToken)
        var value = JSONValue.object(token.jsonObject())
        if !show {
            value = Redaction.redacted(value)
            // With --json, standard error stays for errors.
            if !json { console.printError("(tokens redacted: --show-tokens prints them)") }
        }
        console.print(json ? JSONWriter.string(value) : JSONWriter.prettyString(value))
    }
}
