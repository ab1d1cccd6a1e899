import Foundation
import OAuth
import OAuthProviders
import OAuthTesting

/// `oauthctl`: the package's command line. Each command is a function of its arguments and
/// returns the exit status: 0 success, 1 failure (a mismatch, an OAuth error), 2 usage error.
enum OAuthCtl {
    static let usage = """
        usage: oauthctl COMMAND [OPTIONS]

        commands:
          providers [--json]                       list the registered providers, their OAuth version and fixes
          provider NAME [--json]                   show a provider: endpoints, client authentication,
                                                   token placement and every fix with its hook points
          replay [NAME ...] [--json]               replay the providers' recordings (all when no NAME is given)
                                                   and show each fix at work; exit 1 on any mismatch
          replay NAME --response FILE [--refresh] [--json]
                                                   run a captured raw HTTP response (status line, headers,
                                                   blank line, body) through NAME's response fixes and print
                                                   the normalised token, or the error on stderr with exit 1

        every command accepts --provider-file PATH (repeatable) to add a provider defined in JSON.
        """

    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let command = arguments.first else {
            console.printError(usage)
            return 2
        }
        var rest = Arguments(Array(arguments.dropFirst()))
        do {
            let registry = try registry(adding: try rest.values("--provider-file"))
            switch command {
            case "providers": return try ProvidersCommand.run(&rest, registry: registry, console: console)
            case "provider": return try ProviderCommand.run(&rest, registry: registry, console: console)
            case "replay": return try ReplayCommand.run(&rest, registry: registry, console: console)
            case "help", "--help", "-h":
                console.print(usage)
                return 0
            default:
                throw UsageError("unknown command \"\(command)\"")
            }
        } catch let error as UsageError {
            console.printError("oauthctl: \(error)")
            console.printError("run `oauthctl help` for the commands")
            return 2
        } catch let error as ProviderRegistryError {
            console.printError("oauthctl: \(error)")
            return 2
        } catch let error as ProviderDefinitionError {
            console.printError("oauthctl: \(error)")
            return 2
        } catch {
            console.printError("oauthctl: \(error)")
            return 1
        }
    }

    /// The built-in registry plus the providers in the given JSON files.
    static func registry(adding files: [String]) throws -> ProviderRegistry {
        var providers: [Provider] = []
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read provider file \(path)")
            }
            providers.append(try Provider.decode(from: data, registry: .builtIn))
        }
        return try ProviderRegistry.builtIn.adding(providers)
    }
}
