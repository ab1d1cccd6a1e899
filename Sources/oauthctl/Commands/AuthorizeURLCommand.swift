import Foundation
import OAuth

/// `oauthctl authorize-url`: prints the authorization URL and saves the state and PKCE verifier
/// to a pending file (mode 0600) for `oauthctl exchange`.
enum AuthorizeURLCommand {
    static let spec = CommandSpec(
        "authorize-url", section: .oauth2, summary: "Print the authorization URL; keep its state and PKCE verifier in a pending file.",
        details: "The state is 32 bytes from the system's CSPRNG and PKCE uses S256 unless the provider refuses it. The pending file "
            + "(mode 0600) is good for one `oauthctl exchange`.",
        options: [
            OptionSpec("--redirect-uri", value: .url("URI"), help: "Where the provider sends the browser back.", required: true),
            OptionSpec("--pending-file", value: .file("FILE"), help: "Where to keep the state and verifier for `exchange`.", required: true),
            ClientOptions.scopeOption,
            OptionSpec("--param", value: .text("NAME=VALUE"), help: "Another parameter for the authorization URL.", repeatable: true),
            OptionSpec("--no-pkce", help: "Leave PKCE out.", defaultValue: "PKCE S256 when the provider allows it"),
        ],
        groups: [ClientOptions.group(), CommonOptions.providerFiles],
        examples: [
            "oauthctl authorize-url --provider github --client-id ID --redirect-uri http://127.0.0.1:8400/callback --scope repo --pending-file pending.json",
        ],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, context: context)
        guard let redirectURI = try arguments.value("--redirect-uri"), let pendingFile = try arguments.value("--pending-file") else {
            throw UsageError("--redirect-uri and --pending-file are required")
        }
        let scopes = try ClientOptions.scopes(&arguments)
        let parameters = try OAuth1Command.parameterOptions(&arguments)
        let usePKCE = !arguments.flag("--no-pkce")
        let client = options.client()
        let (url, pending): (URL, PendingAuthorization)
        do {
            (url, pending) = try client.startAuthorization(redirectURI: redirectURI, scopes: scopes.isEmpty ? nil : scopes, usePKCE: usePKCE, additionalParameters: parameters)
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        }
        try PendingFiles.write(pending, to: pendingFile)
        if options.json {
            context.console.print(JSONWriter.string(["authorization_url": .string(url.absoluteString), "pending_file": .string(pendingFile)]))
        } else {
            context.console.print(url.absoluteString)
        }
        return 0
    }
}
