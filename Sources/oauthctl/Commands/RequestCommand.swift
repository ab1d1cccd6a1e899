import Foundation
import OAuth

/// `oauthctl request`: sends a protected request with the stored token, refreshing it first
/// when it has expired and can be refreshed; prints the status and body.
enum RequestCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles, requireClientID: false)
        guard let (store, _) = try ClientOptions.tokenStore(&arguments) else { throw UsageError("--token-file or --token-store is required") }
        let extraOrigins = try arguments.values("--resource-origin")
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let request = try RequestOptions.read(&arguments, command: "request").request
        // A provider that declares no resource origins trusts the URL the user typed.
        let declared = options.provider.endpoints.resourceOrigins
        let origins = extraOrigins + (declared.isEmpty ? [EndpointSecurity.origin(of: request.url)].compactMap { $0 } : [])
        let client = options.client(store: store, additionalOrigins: origins, transport: recorder)
        do {
            RequestOptions.print(try await client.send(request), json: options.json, console: context.console)
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }
}
