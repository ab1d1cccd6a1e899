import Foundation
import OAuth

/// `oauthctl device`: the device authorization grant (RFC 8628): prints the user code and the
/// verification URI, polls as §3.5 requires, stores the token.
enum DeviceCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        let scopes = try ClientOptions.scopes(&arguments)
        guard let (store, tokenFile) = try ClientOptions.tokenStore(&arguments, defaultFile: LoginCommand.defaultTokenFile(provider: options.provider.name)) else { return 2 }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        guard try arguments.positionals().isEmpty else { throw UsageError("device takes no positional arguments") }
        let client = options.client(store: store, transport: recorder)
        do {
            let authorization = try await client.startDeviceAuthorization(scopes: scopes.isEmpty ? nil : scopes)
            if options.json {
                context.console.print(JSONWriter.string(.object(authorization.jsonObject(includingDeviceCode: false))))
            } else {
                context.console.print("To sign in, open \(authorization.verificationURI.absoluteString) and enter the code \(authorization.userCode)")
                if let complete = authorization.verificationURIComplete { context.console.print("(or open \(complete.absoluteString))") }
            }
            context.console.printError("Waiting for approval; polling every \(authorization.interval) s for up to \(authorization.expiresIn) s …")
            let token = try await client.pollDeviceAuthorization(authorization)
            options.printToken(token, console: context.console)
            context.console.printError("Token saved to \(tokenFile)")
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }
}
