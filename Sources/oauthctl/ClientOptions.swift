import Foundation
import OAuth

/// The options every OAuth 2.0 command shares: which provider, where its endpoints are, and
/// who the client is.
struct ClientOptions {
    var provider: Provider
    var credentials: ClientCredentials
    var clientAuthentication: ClientAuthentication?
    var json: Bool
    /// Values for the provider's placeholders (`--value tenant=contoso`).
    var values: [String: String] = [:]
    /// The provider's name, and the token endpoint's host and port when `--token-url` replaced
    /// it: what tells default token files apart.
    var providerKey: String
    /// Where the command writes: every token a client of these options gets (a refresh in the
    /// middle of a request included) is kept from its standard error.
    var console: Console? = nil

    /// The declarations: the provider and its endpoints, the client, its secret; `--client-id`
    /// is required unless the command can do without it.
    static func group(clientIDRequired: Bool = true) -> OptionGroup {
        OptionGroup("provider, server and client", [
        OptionSpec("--provider", value: .provider, help: "The provider whose endpoints and fixes to use.",
                   defaultValue: "the one --provider-file defines, else generic (the common tolerances)"),
        OptionSpec("--authorize-url", value: .url("URL"), help: "The authorization endpoint.", defaultValue: "the provider's"),
        OptionSpec("--token-url", value: .url("URL"), help: "The token endpoint (also used for refresh).", defaultValue: "the provider's"),
        OptionSpec("--device-url", value: .url("URL"), help: "The device authorization endpoint (RFC 8628).", defaultValue: "the provider's"),
        OptionSpec("--revocation-url", value: .url("URL"), help: "The revocation endpoint (RFC 7009).", defaultValue: "the provider's"),
        OptionSpec("--introspection-url", value: .url("URL"), help: "The introspection endpoint (RFC 7662).", defaultValue: "the provider's"),
        OptionSpec("--client-id", value: .text("ID"), help: "The client's id, as registered with the provider.", required: clientIDRequired),
        OptionSpec("--client-secret-file", value: .file("FILE"),
                   help: "Read the client secret from FILE (its first line), or from standard input with -.",
                   defaultValue: "$\(secretVariable), or no secret (a public client)"),
        OptionSpec("--client-secret", value: .text("SECRET"),
                   help: "The client secret itself. Other users can see it in `ps` while the command runs: prefer --client-secret-file or $\(secretVariable)."),
        OptionSpec("--client-auth", value: .choice(["basic", "post", "none"]),
                   help: "How the client authenticates: HTTP Basic, in the body, or not at all.", defaultValue: "the provider's (usually basic)"),
        OptionSpec("--value", "--endpoint-value", value: .text("NAME=VALUE"),
                   help: "A value for a placeholder in the provider's endpoints or fixes, such as tenant=contoso for {tenant}.", repeatable: true),
        OptionSpec("--enable-fix", value: .text("ID"), help: "Turn on one of the provider's optional fixes (`oauthctl provider NAME` lists them).",
                   repeatable: true),
        OptionSpec("--json", help: "Print JSON on one line, and errors as JSON on standard error."),
        ])
    }

    /// The environment variable that may hold the client secret.
    static let secretVariable = "OAUTHCTL_CLIENT_SECRET"

    /// Reads the options of ``group``. The provider defaults to the one `--provider-file` named
    /// when there is exactly one, else `generic`.
    static func read(_ arguments: inout Arguments, context: CommandContext, requireClientID: Bool = true) throws -> ClientOptions {
        let registry = context.registry
        var provider: Provider
        if let name = try arguments.value("--provider") {
            provider = try registry.provider(named: name)
        } else if context.providerFiles.count == 1 {
            provider = context.providerFiles[0]
        } else {
            provider = try registry.provider(named: "generic")
        }
        var providerKey = provider.name
        let enabled = try arguments.values("--enable-fix").map { FixID($0) }
        if !enabled.isEmpty { provider = try provider.enablingFixes(enabled) }
        if let url = try arguments.value("--authorize-url") {
            provider.endpoints.authorization = Endpoint(try checkedURL(url, option: "--authorize-url").absoluteString)
        }
        if let url = try arguments.value("--token-url") {
            let checked = try checkedURL(url, option: "--token-url")
            provider.endpoints.token = Endpoint(checked.absoluteString)
            provider.endpoints.refresh = nil
            providerKey += "@" + (checked.host ?? "") + (checked.port.map { "_\($0)" } ?? "")
        }
        if let url = try arguments.value("--device-url") {
            provider.endpoints.deviceAuthorization = Endpoint(try checkedURL(url, option: "--device-url").absoluteString)
        }
        if let url = try arguments.value("--revocation-url") {
            provider.endpoints.revocation = Endpoint(try checkedURL(url, option: "--revocation-url").absoluteString)
        }
        if let url = try arguments.value("--introspection-url") {
            provider.endpoints.introspection = Endpoint(try checkedURL(url, option: "--introspection-url").absoluteString)
        }
        let clientID = try arguments.value("--client-id")
        if requireClientID, clientID == nil { throw UsageError("--client-id is required: the client's id, as registered with the provider") }
        var authentication: ClientAuthentication?
        if let method = try arguments.value("--client-auth") {
            guard let parsed = ClientAuthentication(name: method) else {
                throw UsageError("--client-auth: expected basic, post or none, got \(method)")
            }
            authentication = parsed
        }
        let secret = try Secrets.read(
            &arguments, option: "--client-secret", fileOption: "--client-secret-file", variable: secretVariable, what: "client secret", console: context.console
        )
        return ClientOptions(
            provider: provider,
            credentials: ClientCredentials(id: clientID ?? "", secret: secret),
            clientAuthentication: authentication,
            json: arguments.flag("--json"),
            values: try values(&arguments),
            providerKey: providerKey,
            console: context.console
        )
    }

    /// A URL given on the command line: absolute, https or http to a loopback host.
    static func checkedURL(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
            throw UsageError("\(option): expected an absolute URL, got \(text)")
        }
        do {
            try EndpointSecurity.check(url, role: option)
        } catch {
            throw UsageError("\(error)")
        }
        return url
    }

    /// A client for these options.
    func client(store: any TokenStore = InMemoryTokenStore(), additionalOrigins: [String] = [], transport: (any HTTPTransport)? = nil) -> OAuthClient {
        var configuration = OAuthClient.Configuration()
        configuration.clientAuthentication = clientAuthentication
        configuration.additionalResourceOrigins = additionalOrigins
        if let console {
            configuration.onTokenChange = { token in
                console.keepSecret(token?.accessToken)
                console.keepSecret(token?.refreshToken)
            }
        }
        return OAuthClient(provider: provider, credentials: credentials, transport: transport ?? URLSessionTransport(), store: store, configuration: configuration, endpointValues: values)
    }

    /// The values for the provider's placeholders: `--value NAME=VALUE`, repeatable
    /// (`--endpoint-value` is the same option).
    static func values(_ arguments: inout Arguments) throws -> [String: String] {
        var values: [String: String] = [:]
        for pair in try arguments.values("--value") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError("--value: expected NAME=VALUE, such as tenant=contoso, got \(Arguments.shortened(pair))")
            }
            let name = String(pair[..<equals])
            guard values[name] == nil else { throw UsageError("--value: \(name) given twice") }
            values[name] = String(pair[pair.index(after: equals)...])
        }
        return values
    }

    /// `--scope`, repeatable, each of which may itself hold several separated by spaces.
    static let scopeOption = OptionSpec(
        "--scope", value: .text("SCOPE"), help: "A scope to ask for; several may be given, or separated by spaces in one.",
        defaultValue: "the provider's default scopes", repeatable: true
    )

    /// Scopes from repeated `--scope`.
    static func scopes(_ arguments: inout Arguments) throws -> [String] {
        try arguments.values("--scope").flatMap { $0.split(separator: " ").map(String.init) }
    }
}
