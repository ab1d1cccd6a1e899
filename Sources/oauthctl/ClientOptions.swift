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

    /// Reads `--provider`, the endpoint overrides (`--authorize-url`, `--token-url`,
    /// `--device-url`, `--revocation-url`, `--introspection-url`), `--client-id`,
    /// `--client-secret`, `--client-auth`, `--value NAME=VALUE`, `--enable-fix ID` and `--json`. The provider defaults to the one `--provider-file` named
    /// when there is exactly one, else `generic`.
    static func read(_ arguments: inout Arguments, registry: ProviderRegistry, providerFiles: [Provider], requireClientID: Bool = true) throws -> ClientOptions {
        let name = try arguments.value("--provider")
        var provider: Provider
        if let name {
            provider = try registry.provider(named: name)
        } else if providerFiles.count == 1 {
            provider = providerFiles[0]
        } else {
            provider = try registry.provider(named: "generic")
        }
        let enabled = try arguments.values("--enable-fix").map { FixID($0) }
        if !enabled.isEmpty { provider = try provider.enablingFixes(enabled) }
        if let url = try arguments.value("--authorize-url") {
            provider.endpoints.authorization = Endpoint(try checkedURL(url, option: "--authorize-url").absoluteString)
        }
        if let url = try arguments.value("--token-url") {
            provider.endpoints.token = Endpoint(try checkedURL(url, option: "--token-url").absoluteString)
            provider.endpoints.refresh = nil
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
        if requireClientID, clientID == nil { throw UsageError("--client-id is required") }
        var authentication: ClientAuthentication?
        if let method = try arguments.value("--client-auth") {
            guard let parsed = ClientAuthentication(name: method) else {
                throw UsageError("--client-auth: expected basic, post or none, got \(method)")
            }
            authentication = parsed
        }
        return ClientOptions(
            provider: provider,
            credentials: ClientCredentials(id: clientID ?? "", secret: try arguments.value("--client-secret")),
            clientAuthentication: authentication,
            json: arguments.flag("--json"),
            values: try values(&arguments)
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
        return OAuthClient(provider: provider, credentials: credentials, transport: transport ?? URLSessionTransport(), store: store, configuration: configuration, endpointValues: values)
    }

    /// The values for the provider's placeholders: `--value NAME=VALUE`, repeatable
    /// (`--endpoint-value` is the same option).
    static func values(_ arguments: inout Arguments) throws -> [String: String] {
        var values: [String: String] = [:]
        for pair in try arguments.values("--value") + arguments.values("--endpoint-value") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw UsageError("--value: expected NAME=VALUE, such as tenant=contoso, got \(pair)")
            }
            let name = String(pair[..<equals])
            guard values[name] == nil else { throw UsageError("--value: \(name) given twice") }
            values[name] = String(pair[pair.index(after: equals)...])
        }
        return values
    }

    /// Where the token is kept: `--token-file F`, or `--token-store redis://HOST[:PORT][/DB]?key=NAME`
    /// (one of the two), or `defaultFile` when neither is given; `nil` when there is no default.
    /// Returns the store and how to name it in messages.
    static func tokenStore(_ arguments: inout Arguments, defaultFile: String? = nil) throws -> (store: any TokenStore, name: String)? {
        let file = try arguments.value("--token-file")
        let url = try arguments.value("--token-store")
        switch (file, url) {
        case (_?, _?):
            throw UsageError("give --token-file or --token-store, not both")
        case (nil, let url?):
            do {
                let store = try RedisTokenStore(url: url)
                return (store, "redis key \(store.key) on \(store.redis.configuration.address)")
            } catch {
                throw UsageError("--token-store: \(error)")
            }
        case (let file?, nil):
            return (FileTokenStore(path: file), file)
        case (nil, nil):
            return defaultFile.map { (FileTokenStore(path: $0), $0) }
        }
    }

    /// Scopes from repeated `--scope`, each of which may itself hold several separated by spaces.
    static func scopes(_ arguments: inout Arguments) throws -> [String] {
        try arguments.values("--scope").flatMap { $0.split(separator: " ").map(String.init) }
    }

    /// Prints a token as JSON: indented, or on one line with `--json`.
    func printToken(_ token: Token, console: Console) {
        let value = JSONValue.object(token.jsonObject())
        console.print(json ? JSONWriter.string(value) : JSONWriter.prettyString(value))
    }
}
