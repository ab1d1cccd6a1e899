import Foundation
import OAuth

/// `oauthctl token`: the client credentials, password and refresh grants.
enum TokenCommand {
    static let spec = CommandSpec(
        "token", section: .oauth2, summary: "Run the client credentials, password or refresh grant and print the token.",
        details: "The password grant is legacy (RFC 9700 §2.4 says not to use it), for servers that offer nothing else. A refresh with "
            + "--token-file reads the refresh token from that file and rewrites it; `oauthctl refresh` does the same with the default file.",
        options: [
            OptionSpec("--grant", value: .choice(["client_credentials", "password", "refresh_token"]), help: "The grant to run.", required: true),
            ClientOptions.scopeOption,
            OptionSpec("--username", value: .text("NAME"), help: "The resource owner's name.", onlyWith: ["password"]),
            OptionSpec("--password-file", value: .file("FILE"),
                       help: "Read the resource owner's password from FILE (its first line), or from standard input with -.",
                       defaultValue: "$\(passwordVariable)", onlyWith: ["password"]),
            OptionSpec("--password", value: .text("PASSWORD"),
                       help: "The password itself; other users can see it in `ps`: prefer --password-file or $\(passwordVariable).", onlyWith: ["password"]),
            OptionSpec("--refresh-token", value: .text("TOKEN"), help: "The refresh token to use.", defaultValue: "the one in --token-file",
                       onlyWith: ["refresh_token"]),
            TokenOutput.option,
        ],
        groups: [ClientOptions.group(), TokenStorage.group(.saveWhenGiven), RecordOptions.group, CommonOptions.providerFiles],
        selector: "--grant",
        examples: [
            "oauthctl token --grant client_credentials --token-url https://as.example/token --client-id ID --client-secret-file secret.txt --scope metrics",
            "OAUTHCTL_CLIENT_SECRET=… oauthctl token --grant client_credentials --provider-file acme.json --client-id ID | jq -r .access_token",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    /// The environment variable that may hold the password.
    static let passwordVariable = "OAUTHCTL_PASSWORD"

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, context: context)
        guard let grantName = try arguments.value("--grant") else { throw UsageError("--grant is required: client_credentials, password or refresh_token") }
        let scopes = try ClientOptions.scopes(&arguments)
        let username = try arguments.value("--username")
        let password = try Secrets.read(
            &arguments, option: "--password", fileOption: "--password-file", variable: grantName == "password" ? passwordVariable : nil,
            what: "password", console: context.console
        )
        let refreshToken = try arguments.value("--refresh-token")
        context.console.keepSecret(refreshToken)
        let show = arguments.flag("--show-tokens")
        let location = try await TokenStorage.read(&arguments, client: options, console: context.console, mode: .saveWhenGiven)
        let recorder = try RecordOptions.read(
            &arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, secrets: password.map { [($0, .password)] } ?? [], console: context.console
        )
        let client = options.client(store: location?.store ?? InMemoryTokenStore(), transport: recorder)
        let token: Token
        switch grantName {
        case "client_credentials":
            token = try await client.clientCredentials(scopes: scopes)
        case "password":
            guard let username, let password else {
                throw UsageError("--grant password needs --username and the password (--password-file FILE, or $\(passwordVariable))")
            }
            token = try await client.password(username: username, password: password, scopes: scopes)
        default:
            if refreshToken == nil {
                guard let location else { throw UsageError("--grant refresh_token needs --refresh-token, --token-file, --profile or --token-store") }
                token = try await RefreshCommand.refresh(client, location: location, scopes: scopes)
            } else {
                token = try await client.refresh(using: refreshToken, scopes: scopes)
            }
        }
        TokenOutput.print(token, json: options.json, show: TokenOutput.showsTokens(flag: show, savedTo: location?.name, console: context.console), console: context.console)
        if let location { context.console.printError("Token saved to \(location.name)") }
        return 0
    }
}
