import OAuth

/// `oauthctl providers [--json]`: every registered provider, its OAuth version and its fixes.
enum ProvidersCommand {
    static func run(_ arguments: inout Arguments, registry: ProviderRegistry, console: Console) throws -> Int32 {
        let json = arguments.flag("--json")
        guard try arguments.positionals().isEmpty else { throw UsageError("providers takes no arguments") }
        if json {
            let list: [JSONValue] = registry.providers.map { provider in
                [
                    "name": .string(provider.name), "displayName": .string(provider.displayName), "version": .string(provider.version.name),
                    "fixes": .array(provider.fixes.map { .string($0.id.rawValue) }),
                ]
            }
            console.print(JSONWriter.prettyString(.array(list)))
            return 0
        }
        let width = max(8, registry.names.map(\.count).max() ?? 0) + 2
        console.print("NAME".padding(width) + "OAUTH  FIXES")
        for provider in registry.providers {
            let fixes = provider.fixes.isEmpty ? "-" : provider.fixes.map(\.id.rawValue).joined(separator: ", ")
            console.print(provider.name.padding(width) + provider.version.name.padding(7) + fixes)
        }
        return 0
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
