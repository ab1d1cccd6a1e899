import Foundation
import OAuth

extension Provider {
    /// Every built-in provider, in the order `oauthctl providers` lists them. Adding a provider
    /// is a folder under `Providers/` and one line here.
    public static let builtIn: [Provider] = [
        .generic,
        .facebook,
        .fitbit,
        .mailchimp,
        .weibo,
        .douban,
        .ebay,
        .plentymarkets,
        .slack,
        .instagram,
        .github,
        .google,
        .twitch,
        .twitter,
        .trello,
        .tumblr,
        .flickr,
        .goodreads,
    ]
}

extension ProviderRegistry {
    /// The registry of built-in providers.
    public static let builtIn: ProviderRegistry = {
        do {
            return try ProviderRegistry(Provider.builtIn)
        } catch {
            preconditionFailure("the built-in provider list is invalid: \(error)")
        }
    }()
}

/// Where the provider folders are in this package's sources, for tools that read the
/// recordings beside each definition.
public enum ProviderFolders {
    /// The `Providers/` directory.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
}
