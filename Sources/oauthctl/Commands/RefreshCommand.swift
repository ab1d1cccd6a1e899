import Foundation
import OAuth

/// `oauthctl refresh`: refreshes the stored token now and rewrites its file (or Redis key).
enum RefreshCommand {
    static let spec = CommandSpec(
        "refresh", section: .oauth2, summary: "Refresh the stored token now, rewrite its file and print the new token.",
        details: "Reads the refresh token from the token file (by default the provider's and client id's) or the --token-store, asks the token endpoint "
            + "for a new token, and saves it; a response without a refresh token keeps the old one (RFC 6749 §6). invalid_grant "
            + "ends the grant: the stored token is removed and the exit status is 1.",
        options: [ClientOptions.scopeOption, TokenOutput.option],
        groups: [ClientOptions.group(), TokenStorage.group(.load), RecordOptions.group, CommonOptions.providerFiles],
        examples: [
            "oauthctl refresh --provider github --client-id ID --client-secret-file secret.txt",
            "oauthctl refresh --token-url https://as.example/token --client-id ID --token-file token.json",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, context: context)
        let scopes = try ClientOptions.scopes(&arguments)
        let show = arguments.flag("--show-tokens")
        guard let location = try await TokenStorage.read(&arguments, client: options, console: context.console, mode: .load) else {
            throw UsageError("expected the token: --token-file FILE, --profile NAME, --token-store URL, or --client-id ID for the default token file")
        }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let client = options.client(store: location.store, transport: recorder)
        let token = try await refresh(client, location: location, scopes: scopes)
        TokenOutput.print(token, json: options.json, show: TokenOutput.showsTokens(flag: show, savedTo: location.name, console: context.console), console: context.console)
        context.console.printError("Token refreshed and saved to \(location.name)")
        return 0
    }

    /// Refreshes the token in `location`: an error in plain words when it has no refresh token.
    static func refresh(_ client: OAuthClient, location: TokenStorage.Location, scopes: [String]) async throws -> Token {
        guard let current = try await client.currentToken() else {
            throw LocalFileError(role: location.role, path: location.name, reason: .missing, hint: "sign in first (oauthctl login, device, exchange or token)")
        }
        guard current.refreshToken != nil else {
            throw ExpiredTokenError(path: location.name, expiresAt: current.expiresAt, reason: .noRefreshToken)
        }
        return try await client.refresh(using: nil, scopes: scopes)
    }
}

/// A stored token that has expired (or is to be refreshed) and cannot be: why, in words.
struct ExpiredTokenError: Error, CustomStringConvertible {
    /// What is missing to refresh it.
    enum Reason {
        case noRefreshToken
        case noClientID
        case noTokenEndpoint
    }

    let path: String
    let expiresAt: Date?
    let reason: Reason

    var description: String {
        let now = Date()
        let state: String
        if let expiresAt, expiresAt <= now {
            state = "the token in \(path) expired at \(ISO8601DateFormatter().string(from: expiresAt)) and cannot be refreshed"
        } else {
            state = "the token in \(path) cannot be refreshed"
        }
        switch reason {
        case .noRefreshToken: return state + ": it has no refresh token; sign in again (oauthctl login)"
        case .noClientID: return state + " without the client: give --client-id (and its secret) to refresh it"
        case .noTokenEndpoint: return state + " without the token endpoint: give --provider NAME or --token-url URL to refresh it"
        }
    }
}
