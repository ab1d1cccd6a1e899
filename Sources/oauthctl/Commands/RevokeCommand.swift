import Foundation
import OAuth

/// `oauthctl revoke` and `oauthctl introspect`: RFC 7009 and RFC 7662, for a token given or
/// the stored one.
enum RevokeCommand {
    static let tokenOptions: [OptionSpec] = [
        OptionSpec("--token", value: .text("TOKEN"), help: "The token itself, instead of the stored one.", defaultValue: "the stored token"),
        OptionSpec("--token-type-hint", value: .choice(["access_token", "refresh_token"]), help: "What kind of token --token is.",
                   requires: ["--token"]),
    ]

    static let revokeSpec = CommandSpec(
        "revoke", section: .oauth2, summary: "Revoke a token (RFC 7009); the stored one is revoked and its file removed.",
        details: "With the stored token, its refresh token is revoked when it has one (which takes its access tokens with it on most "
            + "servers), then the file is removed.",
        options: tokenOptions,
        groups: [ClientOptions.group(), TokenStorage.group(.load), CommonOptions.providerFiles],
        examples: [
            "oauthctl revoke --provider google --client-id ID --client-secret-file secret.txt",
            "oauthctl revoke --revocation-url https://as.example/revoke --client-id ID --token-file token.json",
        ],
        run: { arguments, context in try await revoke(&arguments, context: context) }
    )

    static let introspectSpec = CommandSpec(
        "introspect", section: .oauth2, summary: "Ask whether a token is active (RFC 7662) and print what the server says of it.",
        options: tokenOptions,
        groups: [ClientOptions.group(), TokenStorage.group(.load), CommonOptions.providerFiles],
        examples: ["oauthctl introspect --introspection-url https://as.example/introspect --client-id ID --client-secret-file s.txt --token-file token.json"],
        run: { arguments, context in try await introspect(&arguments, context: context) }
    )

    static func revoke(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let (options, client, token, hint, location) = try await read(&arguments, context: context, command: "revoke")
        if let token {
            try await client.revoke(token, hint: hint)
        } else {
            try await client.revokeStoredToken()
            context.console.printError("Token revoked and \(location?.name ?? "the token file") removed")
        }
        context.console.print(options.json ? #"{"revoked":true}"# : "revoked")
        return 0
    }

    static func introspect(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let (options, client, given, hint, _) = try await read(&arguments, context: context, command: "introspect")
        let stored = try await client.currentToken()
        guard let token = given ?? stored?.accessToken else { throw UsageError("give --token, or a stored token (--token-file, --profile, --token-store)") }
        let result = try await client.introspect(token, hint: hint ?? (given == nil ? .accessToken : nil))
        var object = result.claims
        object["active"] = .bool(result.active)
        context.console.print(options.json ? JSONWriter.string(.object(object)) : JSONWriter.prettyString(.object(object)))
        return 0
    }

    private static func read(_ arguments: inout Arguments, context: CommandContext, command: String) async throws
        -> (ClientOptions, OAuthClient, String?, TokenTypeHint?, TokenStorage.Location?)
    {
        let options = try ClientOptions.read(&arguments, context: context)
        let token = try arguments.value("--token")
        context.console.keepSecret(token)
        let hint: TokenTypeHint? = switch try arguments.value("--token-type-hint") {
        case "access_token": .accessToken
        case "refresh_token": .refreshToken
        default: nil
        }
        if token != nil, TokenStorage.choices.contains(where: { arguments.isGiven($0) }) {
            throw UsageError("give --token or the stored token (--token-file, --profile, --token-store), not both")
        }
        var location: TokenStorage.Location?
        if token == nil { location = try await TokenStorage.read(&arguments, client: options, console: context.console, mode: .load) }
        if token == nil, location == nil {
            throw UsageError("expected the token: --token TOKEN, --token-file FILE, --profile NAME, --token-store URL, or --client-id ID for the default token file")
        }
        return (options, options.client(store: location?.store ?? InMemoryTokenStore()), token, hint, location)
    }
}
