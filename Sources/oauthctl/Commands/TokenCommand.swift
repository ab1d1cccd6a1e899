import Foundation
import OAuth

/// `oauthctl token`: the client credentials, password and refresh grants.
enum TokenCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        guard let grantName = try arguments.value("--grant") else { throw UsageError("--grant is required: client_credentials, password or refresh_token") }
        let scopes = try ClientOptions.scopes(&arguments)
        let username = try arguments.value("--username")
        let password = try arguments.value("--password")
        let refreshToken = try arguments.value("--refresh-token")
        let stored = try ClientOptions.tokenStore(&arguments)
        let recorder = try RecordOptions.read(
            &arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, secrets: password.map { [($0, .password)] } ?? [], console: context.console
        )
        guard try arguments.positionals().isEmpty else { throw UsageError("token takes no positional arguments") }
        let store: any TokenStore = stored?.store ?? InMemoryTokenStore()
        let client = options.client(store: store, transport: recorder)
        do {
            let token: Token
            switch grantName {
            case "client_credentials":
                token = try await client.clientCredentials(scopes: scopes)
            case "password":
                guard let username, let password else { throw UsageError("--grant password needs --username and --password") }
                token = try await client.password(username: username, password: password, scopes: scopes)
            case "refresh_token":
                if refreshToken == nil {
                    guard let stored else { throw UsageError("--grant refresh_token needs --refresh-token, --token-file or --token-store") }
                    guard try await client.currentToken()?.refreshToken != nil else { throw UsageError("\(stored.name) holds no refresh token") }
                }
                token = try await client.refresh(using: refreshToken, scopes: scopes)
            default:
                throw UsageError("--grant: expected client_credentials, password or refresh_token, got \(grantName)")
            }
            options.printToken(token, console: context.console)
            return 0
        } catch let error as UsageError {
            throw error
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }
}
