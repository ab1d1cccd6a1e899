import Foundation
import OAuth

/// `oauthctl request`: sends a protected request with the stored token, refreshing it first
/// when it has expired and can be refreshed; prints the body, as `curl` and `gh api` do.
enum RequestCommand {
    static let spec = CommandSpec(
        "request", section: .oauth2, summary: "Send a protected request with the stored token and print the response body.",
        arguments: "URL", argumentCount: 1...1,
        details: """
            The body goes to standard output alone, so that it can be piped into jq; -i adds the status line and headers before it, \\
            -v shows the exchange on standard error (credentials redacted), --json prints one object with the status, the headers and \\
            the body (parsed when it is JSON). An HTTP status of 400 or more exits with 1, after the body is printed. The token is \\
            refreshed first when it has expired, which needs --client-id and the token endpoint (--provider or --token-url). The \\
            token goes only to the provider's resource origins; a provider that declares none trusts the URL's origin.
            """,
        groups: [RequestOptions.group, ClientOptions.group(clientIDRequired: false), TokenStorage.group(.load), RecordOptions.group, CommonOptions.providerFiles],
        examples: [
            "oauthctl request --provider github --client-id ID https://api.github.com/user | jq .login",
            "oauthctl request --token-file token.json -i https://as.example/userinfo",
            "oauthctl request --provider github --client-id ID -X POST -H 'Content-Type: application/json' -d '{\"name\":\"demo\"}' https://api.github.com/user/repos",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, context: context, requireClientID: false)
        let shape = try RequestOptions.read(&arguments, console: context.console)
        let origins = try RequestOptions.origins(&arguments, provider: options.provider, url: shape.request.url)
        guard let location = try await TokenStorage.read(&arguments, client: options, console: context.console, mode: .load) else {
            throw UsageError("expected the token: --token-file FILE, --profile NAME, --token-store URL, or --client-id ID for the default token file")
        }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let client = options.client(store: location.store, additionalOrigins: origins, transport: shape.transport(recorder, console: context.console))
        try await checkRefreshable(client, options: options, location: location)
        return shape.print(try await client.send(shape.request), json: options.json, console: context.console)
    }

    /// An expired token that cannot be refreshed is reported in those words before anything is sent.
    static func checkRefreshable(_ client: OAuthClient, options: ClientOptions, location: TokenStorage.Location) async throws {
        guard let token = try await client.currentToken(), let expiresAt = token.expiresAt, expiresAt <= Date().addingTimeInterval(client.configuration.refreshLeeway) else { return }
        let expired = expiresAt <= Date()
        let reason: ExpiredTokenError.Reason?
        if token.refreshToken == nil {
            reason = .noRefreshToken
        } else if options.credentials.id.isEmpty {
            reason = .noClientID
        } else if options.provider.endpoints.token == nil {
            reason = .noTokenEndpoint
        } else {
            reason = nil
        }
        // A token about to expire still works; only one that has expired must be refreshed.
        if let reason, expired { throw ExpiredTokenError(path: location.name, expiresAt: expiresAt, reason: reason) }
    }
}
