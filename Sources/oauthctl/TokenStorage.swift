import Foundation
import OAuth

/// Where a command keeps the token: `--token-file F`, `--profile NAME`, or the default file for
/// the provider and client id. Another kind of store is one more option here and one more case
/// in ``read(_:client:console:mode:)``.
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
        /// The path of the file.
        let name: String
    }

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
        ])
    }

    /// Reads `--token-file` and `--profile` (one of them); `nil` when neither is given and the
    /// mode has no default (or no client id names one).
    static func read(_ arguments: inout Arguments, client: ClientOptions, console: Console, mode: Mode) throws -> Location? {
        let file = try arguments.value("--token-file")
        let profile = try arguments.value("--profile").map(TokenFiles.checkedProfile)
        if file != nil, profile != nil { throw UsageError("give --token-file or --profile, not both") }
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
            _ = try TokenFiles.load(path, mustExist: true, console: console)
        case .save, .saveWhenGiven:
            try TokenFiles.enforcePrivateMode(path, console: console)
            try TokenFiles.checkWritable(path)
        }
        return Location(store: FileTokenStore(path: path), name: path)
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
