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

    /// Reads `--provider` (an OAuth 1.0a provider; without it, the one `--provider-file` named,
    /// or a bare OAuth 1.0a server whose endpoints the overrides give), `--request-token-url`,
    /// `--authorize-url`, `--access-token-url`, `--client-id`, `--client-secret`,
    /// `--signature-method`, `--signature-type` and `--json`.
    static func read(_ arguments: inout Arguments, registry: ProviderRegistry, providerFiles: [Provider]) throws -> OAuth1Options {
        var provider: Provider
        if let name = try arguments.value("--provider") {
            provider = try registry.provider(named: name)
        } else if providerFiles.count == 1 {
            provider = providerFiles[0]
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
        let secret = try arguments.value("--client-secret")
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

    /// Credentials as JSON with the secret hidden: what the commands print.
    static func printable(_ token: OAuth1Token) -> JSONValue {
        var object = token.jsonObject()
        object["oauth_token_secret"] = .string("[redacted]")
        return .object(object)
    }

    /// Reads a JSON file the commands wrote.
    static func read<T: Decodable>(_ type: T.Type, from path: String, option: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("\(option): cannot read \(path)") }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw UsageError("\(option): \(path) is not what oauthctl oauth1 writes: \(error)")
        }
    }
}
