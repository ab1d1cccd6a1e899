import Foundation
import OAuth

/// `oauthctl exchange`: reads the callback (checked against the pending file, which is then
/// removed: a state is good once) or takes a code, exchanges it and prints the token.
enum ExchangeCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        let redirectURI = try arguments.value("--redirect-uri")
        let callback = try arguments.value("--callback")
        let pendingFile = try arguments.value("--pending-file")
        let code = try arguments.value("--code")
        let codeVerifier = try arguments.value("--code-verifier")
        let stored = try ClientOptions.tokenStore(&arguments)
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        guard try arguments.positionals().isEmpty else { throw UsageError("exchange takes no positional arguments") }
        let store: any TokenStore = stored?.store ?? InMemoryTokenStore()
        let client = options.client(store: store, transport: recorder)
        do {
            let token: Token
            switch (callback, code) {
            case (let callback?, nil):
                guard let pendingFile else { throw UsageError("--callback needs --pending-file") }
                let pending = try readPending(pendingFile)
                if let redirectURI, redirectURI != pending.redirectURI {
                    throw UsageError("--redirect-uri \(redirectURI) differs from the pending request's \(pending.redirectURI)")
                }
                // The pending request is used up once the callback proves to be its answer, not
                // before: a forged callback must not spend it.
                _ = try AuthorizationCallback.code(from: callback, for: pending)
                try? FileManager.default.removeItem(atPath: pendingFile)
                // The client reads the callback again through the provider's fixes (a value kept
                // with the token, a signed callback checked) and repeats the state where they ask.
                token = try await client.exchange(callback: callback, pending: pending)
            case (nil, let code?):
                guard let redirectURI else { throw UsageError("--code needs --redirect-uri") }
                token = try await client.exchange(code: code, redirectURI: redirectURI, codeVerifier: codeVerifier)
            default:
                throw UsageError("give either --callback URL with --pending-file F, or --code CODE")
            }
            options.printToken(token, console: context.console)
            return 0
        } catch let error as UsageError {
            throw error
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    static func readPending(_ path: String) throws -> PendingAuthorization {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read pending file \(path)") }
        do {
            return try JSONDecoder().decode(PendingAuthorization.self, from: data)
        } catch {
            throw UsageError("\(path) is not a pending authorization written by `oauthctl authorize-url`")
        }
    }
}
