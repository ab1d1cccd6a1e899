import OAuth

/// The providers that ship with the package: one folder each under `Providers/`, holding its
/// definition (`provider.json`), its `README.md` and its `Recordings/`. The build embeds every
/// folder in the product, so the registry and the recordings are there wherever the binary
/// runs; a folder is its own registration.
///
/// ```swift
/// let github = try ProviderRegistry.builtIn.provider(named: "github")   // a typo lists near matches
/// let same = Provider.github                                            // or by name, checked by the compiler
/// ```
public enum BuiltInProviders {
    /// The providers' building blocks: the core's and those written for one provider.
    public static let catalog = FixCatalog.builtIn.adding(blocks: providerBlocks)

    /// The registry of the folders' providers, and the folders that could not be read.
    private static let loaded: (registry: ProviderRegistry, problems: [String]) = {
        var registry = ProviderRegistry()
        var pending = folders
        var problems: [String] = []
        // A definition may reuse another provider's fix by id ("use"): read in passes until no
        // more can be read.
        while !pending.isEmpty {
            var failed: [(folder: ProviderFolder, error: any Error)] = []
            for folder in pending {
                do {
                    registry = try registry.adding([try folder.provider(catalog: catalog, registry: registry)])
                } catch {
                    failed.append((folder, error))
                }
            }
            if failed.count == pending.count {
                problems += failed.map { "\($0.error)" }
                break
            }
            pending = failed.map(\.folder)
        }
        return (registry, problems)
    }()

    /// The registry of every built-in provider.
    public static var registry: ProviderRegistry { loaded.registry }

    /// What kept a folder out of the registry, one line each; empty when every folder loaded
    /// (the package's tests make sure it is).
    public static var problems: [String] { loaded.problems }

    /// The folder of the provider with this name, in any case.
    public static func folder(named name: String) -> ProviderFolder? {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "")
        return folders.first { $0.name.lowercased() == key }
    }

    /// A built-in provider by the name its folder gives it. Used by the generated accessors
    /// such as ``OAuth/Provider/github``, whose names come from the folders themselves.
    static func provider(named name: String) -> Provider {
        guard let provider = try? registry.provider(named: name) else {
            preconditionFailure("built-in provider \(name) did not load: \(problems.joined(separator: "; "))")
        }
        return provider
    }
}

extension ProviderRegistry {
    /// The registry of built-in providers: every folder under `Providers/`.
    public static var builtIn: ProviderRegistry { BuiltInProviders.registry }
}

extension BuiltInProviders {
    /// The README's table of providers: each with a link to its folder, its OAuth version and its
    /// summary, in name order. A test holds the README to it.
    public static var readmeTable: String {
        var lines = ["| provider | OAuth | what sets it apart |", "|---|---|---|"]
        for provider in registry.providers.sorted(by: { $0.name < $1.name }) {
            let folder = folder(named: provider.name)?.name ?? provider.name
            let summary = provider.summary ?? (provider.fixes.isEmpty ? "follows the RFCs as documented" : provider.fixes.map(\.summary).joined(separator: " "))
            lines.append("| [`\(provider.name)`](Providers/\(folder)/) | \(provider.version.name) | \(summary.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n")
    }
}
