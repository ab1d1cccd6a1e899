import Foundation
import OAuth

/// `oauthctl authorize-url`: prints the authorization URL and saves the state and PKCE verifier
/// to a pending file (mode 0600) for `oauthctl exchange`.
enum AuthorizeURLCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles)
        guard let redirectURI = try arguments.value("--redirect-uri") else { throw UsageError("--redirect-uri is required") }
        guard let pendingFile = try arguments.value("--pending-file") else { throw UsageError("--pending-file is required") }
        let scopes = try ClientOptions.scopes(&arguments)
        var parameters = FormParameters()
        for pair in try arguments.values("--param") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw UsageError("--param: expected NAME=VALUE, got \(pair)") }
            parameters.append(String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
        }
        let usePKCE = !arguments.flag("--no-pkce")
        guard try arguments.positionals().isEmpty else { throw UsageError("authorize-url takes no positional arguments") }
        let client = options.client()
        let (url, pending): (URL, PendingAuthorization)
        do {
            (url, pending) = try client.startAuthorization(redirectURI: redirectURI, scopes: scopes.isEmpty ? nil : scopes, usePKCE: usePKCE, additionalParameters: parameters)
        } catch let error as InsecureEndpointError {
            throw UsageError(error.description)
        }
        try FileTokenStore.writeAtomically(try JSONEncoder().encode(pending), to: pendingFile)
        if options.json {
            context.console.print(JSONWriter.string(["authorization_url": .string(url.absoluteString), "pending_file": .string(pendingFile)]))
        } else {
            context.console.print(url.absoluteString)
        }
        return 0
    }
}
