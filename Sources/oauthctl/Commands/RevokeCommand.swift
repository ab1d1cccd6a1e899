import Foundation
import OAuth

/// `oauthctl revoke` and `oauthctl introspect`: RFC 7009 and RFC 7662, for a token given or
/// the one in a token file.
enum RevokeCommand {
    static func revoke(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let (options, client, token, hint, tokenFile) = try read(&arguments, context: context, command: "revoke")
        do {
            if let token {
                try await client.revoke(token, hint: hint)
            } else {
                try await client.revokeStoredToken()
                context.console.printError("Token revoked and \(tokenFile ?? "the token file") removed")
            }
            if options.json { context.console.print(#"{"revoked":true}"#) } else { context.console.print("revoked") }
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    static func introspect(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let (options, client, given, hint, _) = try read(&arguments, context: context, command: "introspect")
        do {
            let stored = try await client.currentToken()
            guard let token = given ?? stored?.accessToken else { throw UsageError("give --token, or --token-file holding a token") }
            let result = try await client.introspect(token, hint: hint ?? (given == nil ? .accessToken : nil))
            var object = result.claims
            object["active"] = .bool(result.active)
            context.console.print(options.json ? JSONWriter.string(.object(object)) : JSONWriter.prettyString(.object(object)))
            return 0
        } catch let error as UsageError {
            throw error
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    private static func read(_ arguments: inout Arguments, context: CommandContext, command: String) throws
        -> (ClientOptions, OAuthClient, String?, TokenTypeHint?, String?)
    {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        let token = try arguments.value("--token")
        let stored = try ClientOptions.tokenStore(&arguments)
        let tokenFile = stored?.name
        let hint: TokenTypeHint?
        switch try arguments.value("--token-type-hint") {
        case nil: hint = nil
        case "access_token": hint = .accessToken
        case "refresh_token": hint = .refreshToken
        case let other?: throw UsageError("--token-type-hint: expected access_token or refresh_token, got \(other)")
        }
        guard try arguments.positionals().isEmpty else { throw UsageError("\(command) takes no positional arguments") }
        guard token != nil || stored != nil else { throw UsageError("\(command) needs --token, --token-file or --token-store") }
        let store: any TokenStore = stored?.store ?? InMemoryTokenStore()
        return (options, options.client(store: store), token, hint, tokenFile)
    }
}
