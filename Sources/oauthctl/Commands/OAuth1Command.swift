import Foundation
import OAuth

/// `oauthctl oauth1`: the OAuth 1.0a flow, step by step: `request-token`, `authorize-url`,
/// `access-token`, then signed requests with `request`.
enum OAuth1Command {
    static func run(_ arguments: inout Arguments, context: CommandContext, subcommand: String?) async throws -> Int32 {
        switch subcommand {
        case "request-token": return try await requestToken(&arguments, context: context)
        case "authorize-url": return try authorizeURL(&arguments, context: context)
        case "access-token": return try await accessToken(&arguments, context: context)
        case "request": return try await request(&arguments, context: context)
        case let other?: throw UsageError("oauth1: expected request-token, authorize-url, access-token or request, got \(other)")
        case nil: throw UsageError("oauth1: expected request-token, authorize-url, access-token or request")
        }
    }

    /// Gets temporary credentials and saves them, with the callback, to the pending file.
    static func requestToken(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        let callback = try arguments.value("--callback") ?? "oob"
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        let parameters = try parameterOptions(&arguments)
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        guard try arguments.positionals().isEmpty else { throw UsageError("oauth1 request-token takes no positional arguments") }
        do {
            let (url, pending) = try await options.client(transport: recorder).startAuthorization(callback: callback, requestTokenParameters: parameters)
            try FileTokenStore.writeAtomically(try JSONEncoder().encode(pending), to: pendingFile)
            if options.json {
                context.console.print(JSONWriter.string([
                    "oauth_token": .string(pending.temporaryCredentials.token), "callback": .string(callback),
                    "authorization_url": .string(url.absoluteString), "pending_file": .string(pendingFile),
                ]))
            } else {
                context.console.print("Temporary credentials saved to \(pendingFile); `oauthctl oauth1 authorize-url` with the same options prints the URL")
            }
            return 0
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    /// Prints the authorization URL for the pending temporary credentials.
    static func authorizeURL(_ arguments: inout Arguments, context: CommandContext) throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        let parameters = try parameterOptions(&arguments)
        guard try arguments.positionals().isEmpty else { throw UsageError("oauth1 authorize-url takes no positional arguments") }
        let pending = try OAuth1Options.read(OAuth1PendingAuthorization.self, from: pendingFile, option: "--pending-file")
        do {
            let url = try OAuth1Engine(provider: options.provider, endpointValues: options.values).authorizationRequest(for: pending, additionalParameters: parameters).url
            try EndpointSecurity.check(url, role: "authorization endpoint")
            context.console.print(options.json ? JSONWriter.string(["authorization_url": .string(url.absoluteString)]) : url.absoluteString)
            return 0
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    /// Exchanges the callback (or the verifier the user typed) for token credentials, written
    /// to the token file (mode 0600); the pending file is removed once the callback checks out.
    static func accessToken(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        guard let tokenFile = try arguments.value("--token-file") else { throw UsageError("--token-file is required") }
        let callback = try arguments.value("--callback")
        let verifier = try arguments.value("--verifier")
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        guard try arguments.positionals().isEmpty else { throw UsageError("oauth1 access-token takes no positional arguments") }
        if callback != nil, verifier != nil { throw UsageError("give --callback or --verifier, not both") }
        let client = options.client(transport: recorder)
        if callback == nil, verifier == nil, client.engine.callbackRules == .rfc5849 {
            throw UsageError("--callback URL or --verifier V is required")
        }
        let pending = try OAuth1Options.read(OAuth1PendingAuthorization.self, from: pendingFile, option: "--pending-file")
        recorder?.redact(pending.temporaryCredentials.secret, as: .tokenSecret)
        do {
            let checkedVerifier = try callback.map { try client.engine.verifier(fromCallback: $0, pending: pending) } ?? verifier
            // The pending file counts once: it goes before the exchange, and the exchange waits for that.
            do {
                try FileManager.default.removeItem(atPath: pendingFile)
            } catch {
                throw UsageError("--pending-file: cannot remove \(pendingFile) before using it: \(error.localizedDescription)")
            }
            let token = try await client.finishAuthorization(verifier: checkedVerifier, pending: pending)
            try FileTokenStore.writeAtomically(JSONWriter.data(.object(token.jsonObject())), to: tokenFile)
            let printable = OAuth1Options.printable(token)
            context.console.print(options.json ? JSONWriter.string(printable) : JSONWriter.prettyString(printable))
            if !options.json { context.console.printError("Token credentials saved to \(tokenFile)") }
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    /// Sends a request signed with the token credentials and prints the status and body.
    static func request(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        guard let tokenFile = try arguments.value("--token-file") else { throw UsageError("--token-file is required") }
        let extraOrigins = try arguments.values("--resource-origin")
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let request = try RequestOptions.read(&arguments, command: "oauth1 request").request
        let token = try OAuth1Options.read(OAuth1Token.self, from: tokenFile, option: "--token-file")
        // A provider that declares no resource origins trusts the URL the user typed.
        let declared = options.provider.endpoints.resourceOrigins
        let origins = extraOrigins + (declared.isEmpty ? [EndpointSecurity.origin(of: request.url)].compactMap { $0 } : [])
        recorder?.redact(token.secret, as: .tokenSecret)
        let client = options.client(additionalOrigins: origins, transport: recorder)
        await client.adopt(token)
        do {
            RequestOptions.print(try await client.send(request), json: options.json, console: context.console)
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }

    /// `--param NAME=VALUE`, repeatable.
    static func parameterOptions(_ arguments: inout Arguments) throws -> FormParameters {
        var parameters = FormParameters()
        for pair in try arguments.values("--param") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw UsageError("--param: expected NAME=VALUE, got \(pair)") }
            parameters.append(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        return parameters
    }
}
