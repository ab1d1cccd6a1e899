import Foundation
import OAuth

/// `oauthctl oauth1`: the OAuth 1.0a flow, step by step: `request-token`, `authorize-url`,
/// `access-token`, then signed requests with `request`.
enum OAuth1Command {
    static let parameterOption = OptionSpec("--param", value: .text("NAME=VALUE"), help: "Another parameter for the call or URL.", repeatable: true)

    static let requestTokenSpec = CommandSpec(
        "oauth1 request-token", section: .oauth1, summary: "Get temporary credentials and keep them in a pending file (mode 0600).",
        options: [
            OptionSpec("--callback", value: .url("URI"), help: "Where the provider sends the browser back.", defaultValue: "oob (the user copies a verifier)"),
            parameterOption,
            OptionSpec("--pending-file", value: .file("FILE"), help: "Where to keep the temporary credentials.", required: true),
        ],
        groups: [OAuth1Options.group, RecordOptions.group, CommonOptions.providerFiles],
        examples: ["oauthctl oauth1 request-token --provider twitter --client-id KEY --client-secret-file secret.txt --callback http://127.0.0.1:8400/callback --pending-file pending.json"],
        run: { arguments, context in try await requestToken(&arguments, context: context) }
    )

    static let authorizeURLSpec = CommandSpec(
        "oauth1 authorize-url", section: .oauth1, summary: "Print the authorization URL for the pending temporary credentials.",
        options: [
            OptionSpec("--pending-file", value: .file("FILE"), help: "The pending file `oauth1 request-token` wrote.", required: true),
            parameterOption,
        ],
        groups: [OAuth1Options.group, CommonOptions.providerFiles],
        examples: ["oauthctl oauth1 authorize-url --provider twitter --client-id KEY --client-secret-file secret.txt --pending-file pending.json"],
        run: { arguments, context in try authorizeURL(&arguments, context: context) }
    )

    static let accessTokenSpec = CommandSpec(
        "oauth1 access-token", section: .oauth1, summary: "Exchange the callback (or a verifier) for token credentials, saved with mode 0600.",
        details: "The pending file counts once: it is used up before the exchange is sent.",
        options: [
            OptionSpec("--pending-file", value: .file("FILE"), help: "The pending file `oauth1 request-token` wrote.", required: true),
            OptionSpec("--callback", value: .url("URL"), help: "The URL the browser came back to."),
            OptionSpec("--verifier", value: .text("VERIFIER"), help: "The verifier the user copied (with an oob callback)."),
            OptionSpec("--token-file", value: .file("FILE"), help: "Where to save the token credentials (mode 0600).", required: true),
            TokenOutput.option,
        ],
        groups: [OAuth1Options.group, RecordOptions.group, CommonOptions.providerFiles],
        examples: ["oauthctl oauth1 access-token --provider twitter --client-id KEY --client-secret-file secret.txt --pending-file pending.json --callback \"$CALLBACK\" --token-file twitter1.json"],
        run: { arguments, context in try await accessToken(&arguments, context: context) }
    )

    static let requestSpec = CommandSpec(
        "oauth1 request", section: .oauth1, summary: "Send a signed request and print the response body.",
        arguments: "URL", argumentCount: 1...1,
        details: "Prints as `oauthctl request` does: the body alone on standard output, -i for the status line and headers, -v for the "
            + "exchange on standard error, --json for one object; HTTP 400 or more exits with 1.",
        options: [OptionSpec("--token-file", value: .file("FILE"), help: "The token credentials `oauth1 access-token` saved.", required: true)],
        groups: [RequestOptions.group, OAuth1Options.group, RecordOptions.group, CommonOptions.providerFiles],
        examples: ["oauthctl oauth1 request --provider twitter --client-id KEY --client-secret-file secret.txt --token-file twitter1.json https://api.twitter.com/1.1/account/verify_credentials.json"],
        run: { arguments, context in try await request(&arguments, context: context) }
    )

    /// Gets temporary credentials and saves them, with the callback, to the pending file.
    static func requestToken(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, context: context)
        let callback = try arguments.value("--callback") ?? "oob"
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        let parameters = try parameterOptions(&arguments)
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let (url, pending): (URL, OAuth1PendingAuthorization)
        do {
            (url, pending) = try await options.client(transport: recorder).startAuthorization(callback: callback, requestTokenParameters: parameters)
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        }
        context.console.keepSecret(pending.temporaryCredentials.secret)
        try PendingFiles.write(pending, to: pendingFile)
        if options.json {
            context.console.print(JSONWriter.string([
                "oauth_token": .string(pending.temporaryCredentials.token), "callback": .string(callback),
                "authorization_url": .string(url.absoluteString), "pending_file": .string(pendingFile),
            ]))
        } else {
            context.console.printError("Temporary credentials saved to \(pendingFile); `oauthctl oauth1 authorize-url` with the same options prints the URL")
        }
        return 0
    }

    /// Prints the authorization URL for the pending temporary credentials.
    static func authorizeURL(_ arguments: inout Arguments, context: CommandContext) throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, context: context)
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        let parameters = try parameterOptions(&arguments)
        let pending = try readPending(pendingFile)
        do {
            let url = try OAuth1Engine(provider: options.provider, endpointValues: options.values).authorizationRequest(for: pending, additionalParameters: parameters).url
            try EndpointSecurity.check(url, role: "authorization endpoint")
            context.console.print(options.json ? JSONWriter.string(["authorization_url": .string(url.absoluteString)]) : url.absoluteString)
            return 0
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        }
    }

    /// Exchanges the callback (or the verifier the user typed) for token credentials, written
    /// to the token file (mode 0600); the pending file is used up once the callback checks out.
    static func accessToken(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, context: context)
        guard let pendingFile = try arguments.value("--pending-file"), let tokenFile = try arguments.value("--token-file") else {
            throw UsageError("--pending-file and --token-file are required")
        }
        let callback = try arguments.value("--callback")
        let verifier = try arguments.value("--verifier")
        let show = arguments.flag("--show-tokens")
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        if callback != nil, verifier != nil { throw UsageError("give --callback or --verifier, not both") }
        let client = options.client(transport: recorder)
        if callback == nil, verifier == nil, client.engine.callbackRules == .rfc5849 {
            throw UsageError("--callback URL or --verifier V is required")
        }
        try TokenFiles.checkWritable(tokenFile)
        let pending = try readPending(pendingFile)
        context.console.keepSecret(pending.temporaryCredentials.secret)
        context.console.keepSecret(verifier)
        recorder?.redact(pending.temporaryCredentials.secret, as: .tokenSecret)
        let checkedVerifier = try callback.map { try client.engine.verifier(fromCallback: $0, pending: pending) } ?? verifier
        // The pending file counts once: it is used up before the exchange, and the exchange waits for that.
        try PendingFiles.markUsed(pendingFile)
        let token = try await client.finishAuthorization(verifier: checkedVerifier, pending: pending)
        context.console.keepSecret(token.token)
        context.console.keepSecret(token.secret)
        try FileTokenStore.writeAtomically(JSONWriter.data(.object(token.jsonObject())), to: tokenFile)
        let printable = OAuth1Options.printable(token, show: show)
        context.console.print(options.json ? JSONWriter.string(printable) : JSONWriter.prettyString(printable))
        if !options.json { context.console.printError("Token credentials saved to \(tokenFile)" + (show ? "" : " (token redacted: --show-tokens prints it)")) }
        return 0
    }

    /// Sends a request signed with the token credentials and prints the body.
    static func request(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try OAuth1Options.read(&arguments, context: context)
        guard let tokenFile = try arguments.value("--token-file") else { throw UsageError("--token-file is required") }
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let shape = try RequestOptions.read(&arguments, console: context.console)
        let origins = try RequestOptions.origins(&arguments, provider: options.provider, url: shape.request.url)
        try TokenFiles.enforcePrivateMode(tokenFile, console: context.console)
        let token = try OAuth1Options.read(OAuth1Token.self, from: tokenFile, role: "token file", expected: "OAuth 1.0a token credentials written by `oauthctl oauth1 access-token`")
        context.console.keepSecret(token.token)
        context.console.keepSecret(token.secret)
        recorder?.redact(token.secret, as: .tokenSecret)
        let client = options.client(additionalOrigins: origins, transport: shape.transport(recorder, console: context.console))
        await client.adopt(token)
        return shape.print(try await client.send(shape.request), json: options.json, console: context.console)
    }

    /// The pending temporary credentials, checked.
    static func readPending(_ path: String) throws -> OAuth1PendingAuthorization {
        try PendingFiles.read(
            OAuth1PendingAuthorization.self, from: path, expected: "temporary credentials written by `oauthctl oauth1 request-token`",
            hint: "run `oauthctl oauth1 request-token` again for new ones"
        )
    }

    /// `--param NAME=VALUE`, repeatable.
    static func parameterOptions(_ arguments: inout Arguments) throws -> FormParameters {
        var parameters = FormParameters()
        for pair in try arguments.values("--param") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw UsageError("--param: expected NAME=VALUE, got \(Arguments.shortened(pair))") }
            parameters.append(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        return parameters
    }
}
