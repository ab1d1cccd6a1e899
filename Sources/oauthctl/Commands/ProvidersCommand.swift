import Foundation
import OAuth

/// `oauthctl providers [--search TEXT] [--json]`: every registered provider, its OAuth version
/// and its fixes; with `--search`, those whose name, display name, fix ids, building block kinds
/// or fix summaries contain the text, case-insensitively (exit 1 when none does).
enum ProvidersCommand {
    static let spec = CommandSpec(
        "providers", section: .providers, summary: "List the registered providers, their OAuth version and fixes.",
        details: "--search keeps the providers whose name, display name, fix ids, building block kinds or fix summaries contain TEXT, "
            + "ignoring case; the exit status is 1 when none does.",
        options: [
            OptionSpec("--search", value: .text("TEXT"), help: "Keep the providers that mention TEXT.", defaultValue: "all providers"),
            OptionSpec("--json", help: "Print a JSON array."),
        ],
        examples: ["oauthctl providers", "oauthctl providers --search json-token-request", "oauthctl providers --json | jq -r '.[].name'"],
        run: { arguments, context in try run(&arguments, registry: context.registry, console: context.console) }
    )

    static func run(_ arguments: inout Arguments, registry: ProviderRegistry, console: Console) throws -> Int32 {
        let json = arguments.flag("--json")
        let search = try arguments.value("--search")
        if let search, search.trimmingCharacters(in: .whitespaces).isEmpty { throw UsageError("--search needs some text to look for") }
        let providers = search.map { text in registry.providers.filter { matches($0, text) } } ?? registry.providers
        if let search, providers.isEmpty {
            let detail = #"nothing matches "\#(search)" (searched names, display names, fix ids, building block kinds and fix summaries)"#
            if json {
                ErrorReport.printMessage(code: "no_match", detail: detail, status: ExitStatus.refused, json: true, console: console)
            } else {
                console.printError("providers: " + detail)
            }
            return ExitStatus.refused
        }
        if json {
            let list: [JSONValue] = providers.map { provider in
                [
                    "name": .string(provider.name), "displayName": .string(provider.displayName), "version": .string(provider.version.name),
                    "fixes": .array(provider.fixes.map { .string($0.id.rawValue) }),
                ]
            }
            console.print(JSONWriter.prettyString(.array(list)))
            return 0
        }
        let width = max(8, providers.map(\.name.count).max() ?? 0) + 2
        console.print("NAME".padding(width) + "OAUTH  FIXES")
        for provider in providers {
            let fixes = provider.fixes.isEmpty ? "-" : provider.fixes.map(\.id.rawValue).joined(separator: ", ")
            console.print(provider.name.padding(width) + provider.version.name.padding(7) + fixes)
        }
        return 0
    }

    /// Whether `text` is in the provider's name or display name, or in one of its fixes' id,
    /// building block kind or summary, ignoring case.
    static func matches(_ provider: Provider, _ text: String) -> Bool {
        let fields = [provider.name, provider.displayName] + provider.fixes.flatMap { fix in
            [fix.id.rawValue, fix.summary] + (fix.block.map { [type(of: $0).kind] } ?? [])
        }
        return fields.contains { $0.range(of: text, options: .caseInsensitive) != nil }
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
