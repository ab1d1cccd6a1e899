import Foundation
import OAuth

/// `oauthctl exchange`: reads the callback (checked against the pending file, which is then
/// marked used: a state is good once) or takes a code, exchanges it and prints the token.
enum ExchangeCommand {
    static let spec = CommandSpec(
        "exchange", section: .oauth2, summary: "Exchange an authorization code for a token and print it.",
        details: "Give the URL the browser came back to with --callback and the pending file `authorize-url` wrote: the callback is "
            + "checked against it (state, redirect URI, issuer), and the pending file is then used up; the provider's fixes read "
            + "it too (values they keep with the token, a signed callback) and get its state. Or give a --code you got another way.",
        options: [
            OptionSpec("--callback", value: .url("URL"), help: "The URL the browser came back to; - reads it from standard input, where `ps` does not show its code.",
                       requires: ["--pending-file"]),
            OptionSpec("--pending-file", value: .file("FILE"), help: "The pending file `authorize-url` wrote.", requires: ["--callback"]),
            OptionSpec("--code", value: .text("CODE"), help: "An authorization code, instead of --callback.", requires: ["--redirect-uri"]),
            OptionSpec("--code-verifier", value: .text("VERIFIER"), help: "The PKCE verifier that goes with --code.", requires: ["--code"]),
            OptionSpec("--redirect-uri", value: .url("URI"), help: "The redirect URI of the authorization request.",
                       defaultValue: "the pending file's"),
            TokenOutput.option,
        ],
        groups: [ClientOptions.group(), TokenStorage.group(.saveWhenGiven), RecordOptions.group, CommonOptions.providerFiles],
        examples: [
            "oauthctl exchange --provider github --client-id ID --client-secret-file secret.txt --callback \"$CALLBACK\" --pending-file pending.json --token-file token.json",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, context: context)
        let redirectURI = try arguments.value("--redirect-uri")
        let callback = try arguments.value("--callback").map { value in value == "-" ? try Self.callbackFromStandardInput(context.console) : value }
        let pendingFile = try arguments.value("--pending-file")
        let code = try arguments.value("--code")
        let codeVerifier = try arguments.value("--code-verifier")
        context.console.keepSecret(codeVerifier)
        let show = arguments.flag("--show-tokens")
        let location = try await TokenStorage.read(&arguments, client: options, console: context.console, mode: .saveWhenGiven)
        let recorder = try RecordOptions.read(&arguments, provider: options.provider, credentials: options.credentials, endpointValues: options.values, console: context.console)
        let client = options.client(store: location?.store ?? InMemoryTokenStore(), transport: recorder)
        let token: Token
        switch (callback, code, pendingFile) {
        case (let callback?, nil, let pendingFile?):
            let pending = try readPending(pendingFile)
            context.console.keepSecret(pending.codeVerifier)
            if let redirectURI, redirectURI != pending.redirectURI {
                throw UsageError("--redirect-uri \(redirectURI) differs from the pending request's \(pending.redirectURI)")
            }
            // The pending request is used up once the callback proves to be its answer, not
            // before: a forged callback must not spend it.
            let code = try AuthorizationCallback.code(from: callback, for: pending)
            context.console.keepSecret(code)
            try PendingFiles.markUsed(pendingFile)
            // The client reads the callback again through the provider's fixes (a value kept
            // with the token, a signed callback checked) and repeats the state where they ask.
            token = try await client.exchange(callback: callback, pending: pending)
        case (nil, let code?, _):
            context.console.keepSecret(code)
            token = try await client.exchange(code: code, redirectURI: redirectURI, codeVerifier: codeVerifier)
        default:
            throw UsageError("give either --callback URL with --pending-file F, or --code CODE")
        }
        TokenOutput.print(token, json: options.json, show: TokenOutput.showsTokens(flag: show, savedTo: location?.name, console: context.console), console: context.console)
        if let location { context.console.printError("Token saved to \(location.name)") }
        return 0
    }

    static func readPending(_ path: String) throws -> PendingAuthorization {
        try PendingFiles.read(
            PendingAuthorization.self, from: path, expected: "a pending authorization written by `oauthctl authorize-url`",
            hint: "run `oauthctl authorize-url` again for a new one"
        )
    }

    /// The longest callback URL read from standard input.
    static let maximumCallbackBytes = 64 * 1024

    /// `--callback -`: the first line of standard input.
    static func callbackFromStandardInput(_ console: Console) throws(UsageError) -> String {
        let data = try console.readStandardInput(for: "--callback -", limit: maximumCallbackBytes + 1)
        guard data.count <= maximumCallbackBytes else {
            throw UsageError("--callback -: expected a URL of at most \(maximumCallbackBytes) bytes on standard input, got more")
        }
        let line = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let url = line.trimmingCharacters(in: .whitespaces)
        guard !url.isEmpty else { throw UsageError("--callback -: expected the URL the browser came back to on standard input, got an empty line") }
        return url
    }
}
