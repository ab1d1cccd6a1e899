import Foundation
import OAuth

/// The options every `oauthctl oauth1` command shares: which provider, where its endpoints are,
/// who the client is, and how requests are signed.
struct OAuth1Options {
    var provider: Provider
    var credentials: ClientCredentials
    var method: OAuth1SignatureMethod
    var placement: OAuth1SignaturePlacement
    var json: Bool
    /// Values for the provider's placeholders (`--value NAME=VALUE`).
    var values: [String: String] = [:]

    /// The declarations.
    static let group = OptionGroup("provider, server and client (OAuth 1.0a)", [
        OptionSpec("--provider", value: .provider, help: "The OAuth 1.0a provider whose endpoints and fixes to use.",
                   defaultValue: "the one --provider-file defines, else a bare OAuth 1.0a server"),
        OptionSpec("--request-token-url", value: .url("URL"), help: "The temporary-credentials endpoint.", defaultValue: "the provider's"),
        OptionSpec("--authorize-url", value: .url("URL"), help: "The resource owner authorization endpoint.", defaultValue: "the provider's"),
        OptionSpec("--access-token-url", value: .url("URL"), help: "The token-credentials endpoint.", defaultValue: "the provider's"),
        OptionSpec("--client-id", value: .text("KEY"), help: "The consumer key.", required: true),
        OptionSpec("--client-secret-file", value: .file("FILE"),
                   help: "Read the consumer secret from FILE (its first line), or from standard input with -.",
                   defaultValue: "$\(ClientOptions.secretVariable)"),
        OptionSpec("--client-secret", value: .text("SECRET"),
                   help: "The consumer secret itself. Other users can see it in `ps`: prefer --client-secret-file or $\(ClientOptions.secretVariable)."),
        OptionSpec("--signature-method", value: .choice(["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"]), help: "How requests are signed.",
                   defaultValue: "HMAC-SHA1"),
        OptionSpec("--signature-type", value: .choice(["header", "query", "body"]), help: "Where the signature goes.", defaultValue: "header"),
        OptionSpec("--value", "--endpoint-value", value: .text("NAME=VALUE"), help: "A value for a placeholder in the provider's endpoints or fixes.",
                   repeatable: true),
        OptionSpec("--json", help: "Print JSON on one line, and errors as JSON on standard error."),
    ])

    /// Reads the options of ``group``: the provider (an OAuth 1.0a one; without `--provider`,
    /// the one `--provider-file` named, or a bare OAuth 1.0a server whose endpoints the
    /// overrides give), its endpoints, the consumer and the signature.
    static func read(_ arguments: inout Arguments, context: CommandContext) throws -> OAuth1Options {
        var provider: Provider
        if let name = try arguments.value("--provider") {
            provider = try context.registry.provider(named: name)
        } else if context.providerFiles.count == 1 {
            provider = context.providerFiles[0]
        } else {
            provider = Provider(name: "oauth1", displayName: "OAuth 1.0a server", version: .oauth1, endpoints: Endpoints(), pkce: .unsupported)
        }
        guard provider.version == .oauth1 else {
            throw UsageError("--provider \(provider.name) speaks OAuth \(provider.version.name); the oauth1 commands need an OAuth 1.0a provider")
        }
        if let url = try arguments.value("--request-token-url") {
            provider.endpoints.requestToken = Endpoint(try ClientOptions.checkedURL(url, option: "--request-token-url").absoluteString)
        }
        if let url = try arguments.value("--authorize-url") {
            provider.endpoints.authorization = Endpoint(try ClientOptions.checkedURL(url, option: "--authorize-url").absoluteString)
        }
        if let url = try arguments.value("--access-token-url") {
            provider.endpoints.token = Endpoint(try ClientOptions.checkedURL(url, option: "--access-token-url").absoluteString)
        }
        guard let clientID = try arguments.value("--client-id") else { throw UsageError("--client-id is required (the consumer key)") }
        let secret = try Secrets.read(
            &arguments, option: "--client-secret", fileOption: "--client-secret-file", variable: ClientOptions.secretVariable, what: "consumer secret",
            console: context.console
        )
        var method = OAuth1SignatureMethod.hmacSHA1
        if let name = try arguments.value("--signature-method") {
            guard let parsed = OAuth1SignatureMethod(name: name) else {
                throw UsageError("--signature-method: expected HMAC-SHA1, HMAC-SHA256 or PLAINTEXT, got \(name)")
            }
            method = parsed
        }
        var placement = OAuth1SignaturePlacement.header
        if let name = try arguments.value("--signature-type") {
            guard let parsed = OAuth1SignaturePlacement(rawValue: name.lowercased()) else {
                throw UsageError("--signature-type: expected header, query or body, got \(name)")
            }
            placement = parsed
        }
        return OAuth1Options(
            provider: provider, credentials: ClientCredentials(id: clientID, secret: secret), method: method, placement: placement,
            json: arguments.flag("--json"), values: try ClientOptions.values(&arguments)
        )
    }

    /// A client for these options.
    func client(additionalOrigins: [String] = [], transport: (any HTTPTransport)? = nil) -> OAuth1Client {
        var configuration = OAuth1Client.Configuration()
        configuration.method = method
        configuration.placement = placement
        configuration.additionalResourceOrigins = additionalOrigins
        return OAuth1Client(provider: provider, credentials: credentials, transport: transport ?? URLSessionTransport(), configuration: configuration, endpointValues: values)
    }

    /// Credentials as JSON as the commands print them: the secret hidden, and the token
    /// redacted unless `show`.
    static func printable(_ token: OAuth1Token, show: Bool) -> JSONValue {
        var object = token.jsonObject()
        object["oauth_token_secret"] = .string("[redacted]")
        if !show { object["oauth_token"] = .string(Redaction.secret(token.token)) }
        return .object(object)
    }

    /// Reads a JSON file the commands wrote, with errors that name the file and the reason.
    static func read<T: Decodable>(_ type: T.Type, from path: String, role: String, expected: String) throws -> T {
        try LocalFiles.decode(T.self, from: path, role: role, expected: expected)
    }
}
