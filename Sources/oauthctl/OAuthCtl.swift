import Foundation
import OAuth
import OAuthProviders
import OAuthTesting

/// What every command gets: the registry (built-in providers plus those from
/// `--provider-file`), the providers read from files, and where to print.
struct CommandContext {
    let registry: ProviderRegistry
    let providerFiles: [Provider]
    let console: Console
}

/// `oauthctl`: the package's command line. Each command is a function of its arguments and
/// returns the exit status: 0 success, 1 failure (a mismatch, an OAuth error), 2 usage error.
enum OAuthCtl {
    static let usage = """
        usage: oauthctl COMMAND [OPTIONS]

        providers and recordings:
          providers [--search TEXT] [--json]       list the registered providers, their OAuth version and fixes;
                                                   --search keeps those whose name, display name, fix ids,
                                                   building block kinds or fix summaries contain TEXT
                                                   (ignoring case; exit 1 when none does)
          provider NAME [--json]                   show a provider: endpoints, client authentication,
                                                   token placement and every fix with its hook points
          blocks [--json | --markdown]             list the building blocks provider JSON may name, with their
                                                   parameters and defaults
          replay [NAME ...] [--json]               replay the providers' recordings (all when no NAME is given),
                                                   show each fix at work and prove each provider as the package's
                                                   tests do; exit 1 on any mismatch or unproven provider
          replay [NAME] [--provider-file P] --recordings DIR [--stale] [--json]
                                                   prove one provider with the recordings in DIR (added to a
                                                   built-in provider's own); --stale lists the fixes that did
                                                   not act on recorded exchanges and those no recording needs
          replay NAME --response FILE [--refresh | --request-token] [--json]
                                                   run a captured raw HTTP response (status line, headers,
                                                   blank line, body) through NAME's response fixes and print
                                                   the normalised token (for an OAuth 1.0a provider, the token
                                                   or with --request-token the temporary credentials), or the
                                                   error on stderr with exit 1

        OAuth 2.0 flows (each takes --provider NAME, --authorize-url URL, --token-url URL, --json, and
        --value NAME=VALUE for each placeholder the provider's endpoints or fixes name, such as
        --value tenant=contoso for Microsoft's {tenant}, and --enable-fix ID for each optional fix to turn on;
        wherever --token-file F is taken, --token-store redis://HOST[:PORT][/DB]?key=NAME keeps the token in
        Redis instead; processes and hosts that share a file or a key refresh once, under a lease):
          authorize-url --client-id ID --redirect-uri URI [--scope S]... [--param K=V]... [--no-pkce]
                        --pending-file F           print the authorization URL; save state and verifier to F
          exchange --client-id ID [--client-secret S] [--client-auth basic|post|none] --redirect-uri URI
                   (--callback URL --pending-file F | --code CODE [--code-verifier V]) [--token-file F]
                                                   exchange the code and print the token
          token --grant client_credentials|password|refresh_token --client-id ID [--client-secret S]
                [--client-auth ...] [--scope S]... [--username U --password P] [--refresh-token R]
                [--token-file F]                   run a grant and print the token; a refresh with --token-file
                                                   reads and rewrites that file
          request --token-file F [--client-id ID --client-secret S] [-X METHOD] [-H 'Name: value']...
                  [-d BODY] [--resource-origin ORIGIN]... URL
                                                   send a protected request, refreshing the token first when it
                                                   has expired and can be refreshed (which needs --client-id and
                                                   the token endpoint: --provider or --token-url); print the
                                                   status and body

          login --client-id ID [--client-secret S] [--scope S]... [--token-file F] [--port N] [--no-browser]
                [--timeout SECONDS]                sign in through the browser: a loopback redirect receiver on
                                                   127.0.0.1, the code exchanged, the token saved (default
                                                   ~/.config/oauthctl/<provider>.json, mode 0600)
          device --client-id ID [--client-secret S] [--scope S]... [--token-file F] [--device-url URL]
                                                   the device flow: print the user code and where to enter it,
                                                   poll until approved, save the token
          revoke (--token T [--token-type-hint access_token|refresh_token] | --token-file F)
                 [--revocation-url URL]            revoke a token (RFC 7009); with --token-file, its refresh
                                                   token, then remove the file
          introspect (--token T | --token-file F) [--token-type-hint H] [--introspection-url URL]
                                                   ask whether a token is active (RFC 7662)

        OAuth 1.0a (each takes --provider NAME or --provider-file PATH, --client-id KEY, --client-secret SECRET,
        --request-token-url, --authorize-url, --access-token-url, --signature-method HMAC-SHA1|HMAC-SHA256|PLAINTEXT,
        --signature-type header|query|body, --json):
          oauth1 request-token [--callback URI] [--param K=V]... --pending-file F
                                                   get temporary credentials (oob without --callback); save them to F
          oauth1 authorize-url --pending-file F [--param K=V]...
                                                   print the authorization URL
          oauth1 access-token --pending-file F (--callback URL | --verifier V) --token-file T
                                                   exchange for token credentials, written to T (mode 0600)
          oauth1 request --token-file T [-X METHOD] [-H 'Name: value']... [-d BODY] [--resource-origin ORIGIN]... URL
                                                   send a signed request; print the status and body

        sandbox and demo:
          sandbox [--port N] [--emulate NAME [--recordings DIR]] [--client ID[:SECRET]]... [--redirect-uri URI]...
                  [--user NAME:PASSWORD]... [--auto-approve] [--allow-implicit] [--device-interval SECONDS]
                  [--access-token-lifetime SECONDS] [--data-dir DIR] [--for SECONDS] [--json]
                                                   run the sandbox authorization server on 127.0.0.1 in the
                                                   foreground and print its endpoints and clients (without
                                                   --client: sandbox-app:sandbox-secret and the public
                                                   sandbox-public; without --user: alice:wonderland); --emulate
                                                   answers as a registered provider, from its recordings;
                                                   --data-dir keeps clients and tokens in JSON files there;
                                                   GET /sandbox/counters (and --json, at the end) counts the
                                                   refreshes served and the rotated-out refresh tokens seen
          demo [NAME ...] [--provider-file P --recordings DIR] [--verbose] [--json]
                                                   run the code flow with PKCE, refresh, a protected request,
                                                   revocation and a replayed code against the sandbox: a standard
                                                   server and every provider's emulation, with the provider's
                                                   fixes and with the strict core alone; one line per server
                                                   (--verbose: every flow); exit 1 unless every flow passes with
                                                   the fixes and, against each provider, the strict core alone
                                                   fails somewhere exactly when its fixes acted (a provider whose
                                                   fixes change nothing in these flows is standard)

        bench [--signing-only]                     time the hot paths against their baselines, as JSON
                                                   (run `swift run -c release oauthctl bench`); with
                                                   heaptrack installed, count allocations per signature;
                                                   with redis-server installed, also a protected request
                                                   whose token is kept in Redis (a server of its own)

        exchange, token, request, login, device and the oauth1 commands accept --record DIR [--force]: each
        exchange is written to DIR as a recording (secrets replaced by placeholders such as access-token-1,
        kept stable in DIR/.placeholders.json), ready for a provider's Recordings/; an existing file is
        kept unless --force, and fixes that did not act are named.
        every command accepts --provider-file PATH (repeatable) to add a provider defined in JSON.
        URLs must be https, or http to 127.0.0.1, ::1 or localhost. Tokens print as JSON with the
        RFC 6749 member names plus expires_at; an OAuth error prints `error: CODE: description` on
        stderr with exit status 1; a usage error exits 2.
        """

    static func run(_ arguments: [String], console: Console) async -> Int32 {
        guard let command = arguments.first else {
            console.printError(usage)
            return 2
        }
        var rest = Arguments(Array(arguments.dropFirst()))
        do {
            let files = try providers(from: try rest.values("--provider-file"))
            let context = CommandContext(registry: try ProviderRegistry.builtIn.adding(files), providerFiles: files, console: console)
            switch command {
            case "providers": return try ProvidersCommand.run(&rest, registry: context.registry, console: console)
            case "provider": return try ProviderCommand.run(&rest, registry: context.registry, console: console)
            case "replay": return try ReplayCommand.run(&rest, context: context)
            case "blocks": return try BlocksCommand.run(&rest, console: console)
            case "authorize-url": return try await AuthorizeURLCommand.run(&rest, context: context)
            case "exchange": return try await ExchangeCommand.run(&rest, context: context)
            case "token": return try await TokenCommand.run(&rest, context: context)
            case "request": return try await RequestCommand.run(&rest, context: context)
            case "login": return try await LoginCommand.run(&rest, context: context)
            case "device": return try await DeviceCommand.run(&rest, context: context)
            case "revoke": return try await RevokeCommand.revoke(&rest, context: context)
            case "introspect": return try await RevokeCommand.introspect(&rest, context: context)
            case "oauth1":
                let subcommand = rest.shift()
                return try await OAuth1Command.run(&rest, context: context, subcommand: subcommand)
            case "sandbox": return try await SandboxCommand.run(&rest, context: context)
            case "demo": return try await DemoCommand.run(&rest, context: context)
            case "bench": return try await BenchCommand.run(&rest, context: context)
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
            return ErrorReport.print(error, console: console)
        }
    }

    /// The providers defined in JSON files.
    static func providers(from files: [String]) throws -> [Provider] {
        try files.map { path in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read provider file \(path)")
            }
            return try Provider.decode(from: data, catalog: BuiltInProviders.catalog, registry: .builtIn)
        }
    }
}
