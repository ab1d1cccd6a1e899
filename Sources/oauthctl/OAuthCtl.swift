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

/// `oauthctl`: the package's command line. Each command is declared once (``CommandSpec``); its
/// arguments are read and checked against that declaration before it runs; it returns the exit
/// status (``ExitStatus``).
enum OAuthCtl {
    /// The version `oauthctl --version` prints: the package's, as CHANGELOG.md lists it.
    static let version = "0.1.0"

    /// Every command, in the order the usage lists them.
    static let commands: [CommandSpec] = [
        ProvidersCommand.spec, ProviderCommand.spec, BlocksCommand.spec, ReplayCommand.spec,
        AuthorizeURLCommand.spec, ExchangeCommand.spec, TokenCommand.spec, RefreshCommand.spec, RequestCommand.spec,
        LoginCommand.spec, DeviceCommand.spec, RevokeCommand.revokeSpec, RevokeCommand.introspectSpec,
        OAuth1Command.requestTokenSpec, OAuth1Command.authorizeURLSpec, OAuth1Command.accessTokenSpec, OAuth1Command.requestSpec,
        SandboxCommand.spec, DemoCommand.spec, BenchCommand.spec, helpSpec, completionSpec,
    ]

    static let helpSpec = CommandSpec(
        "help", section: .tool, summary: "Show the commands, or one command's options, defaults and examples.",
        arguments: "[COMMAND]", argumentCount: 0...2,
        options: [OptionSpec("--markdown", help: "Print the README's command reference instead.")],
        groups: [],
        examples: ["oauthctl help token", "oauthctl help oauth1 request"],
        run: { arguments, context in try help(&arguments, console: context.console) }
    )

    static let completionSpec = CommandSpec(
        "completion", section: .tool, summary: "Print a completion script for bash, zsh or fish.",
        arguments: "bash|zsh|fish", argumentCount: 1...1,
        details: "bash: `source <(oauthctl completion bash)` (in ~/.bashrc). zsh: `oauthctl completion zsh > \"${fpath[1]}/_oauthctl\"`. "
            + "fish: `oauthctl completion fish > ~/.config/fish/completions/oauthctl.fish`.",
        groups: [],
        examples: ["source <(oauthctl completion bash)", "oauthctl completion fish > ~/.config/fish/completions/oauthctl.fish"],
        run: { arguments, context in try completion(&arguments, console: context.console) }
    )

    /// Runs the command line (without the program's name) and returns the exit status.
    static func run(_ arguments: [String], console: Console) async -> Int32 {
        let json = arguments.prefix { $0 != "--" }.contains("--json")
        guard let first = arguments.first else {
            console.printError(HelpText.usage(commands))
            return ExitStatus.usage
        }
        switch first {
        case "--version", "version":
            guard arguments.count == 1 else {
                return usageError(UsageError("\(first): expected nothing after it, got \(arguments[1])"), command: nil, json: json, console: console)
            }
            console.print("oauthctl \(version)")
            return ExitStatus.success
        case "--help", "-h":
            console.print(HelpText.usage(commands))
            return ExitStatus.success
        default:
            break
        }
        let command: CommandSpec
        let rest: [String]
        do {
            (command, rest) = try resolve(arguments)
        } catch let error as GroupHelp {
            console.print(HelpText.group(error.group, commands))
            return ExitStatus.success
        } catch {
            return usageError(error, command: nil, json: json, console: console)
        }
        var parsed: Arguments
        do {
            parsed = try Arguments(rest, for: command, otherCommands: commands)
        } catch {
            return usageError(error, command: command, json: json, console: console)
        }
        if parsed.helpRequested {
            console.print(HelpText.command(command))
            return ExitStatus.success
        }
        do {
            var files: [Provider] = []
            if command.option(named: "--provider-file") != nil { files = try providers(from: try parsed.values("--provider-file")) }
            let context = CommandContext(registry: try ProviderRegistry.builtIn.adding(files), providerFiles: files, console: console)
            return try await command.run(&parsed, context)
        } catch let error as UsageError {
            return usageError(error, command: command, json: json, console: console)
        } catch {
            return ErrorReport.print(error, json: json, console: console)
        }
    }

    /// The command the words name (`token`, `oauth1 request`) and the words after it.
    static func resolve(_ arguments: [String]) throws -> (CommandSpec, [String]) {
        if arguments.count >= 2, let command = commands.first(where: { $0.name == arguments[0] + " " + arguments[1] }) {
            return (command, Array(arguments.dropFirst(2)))
        }
        if let command = commands.first(where: { $0.name == arguments[0] }) {
            return (command, Array(arguments.dropFirst()))
        }
        let groups = Completion.groups(commands)
        if groups.contains(arguments[0]) {
            let subcommands = Completion.subcommands(of: arguments[0], commands)
            guard let word = arguments.dropFirst().first, word != "--help", word != "-h" else {
                if arguments.count > 1 { throw GroupHelp(group: arguments[0]) }
                throw UsageError("\(arguments[0]): expected a subcommand: \(Arguments.list(subcommands, conjunction: "or"))")
            }
            let near = NearMatches.find(word, in: subcommands, limit: 1)
            throw UsageError("\(arguments[0]): unknown subcommand \(Arguments.shortened(word))" + (near.first.map { "; did you mean \($0)?" } ?? ""))
        }
        let near = NearMatches.find(arguments[0], in: Completion.topLevel(commands), limit: 2)
        throw UsageError(
            "unknown command \(Arguments.shortened(arguments[0]))" + (near.isEmpty ? "" : "; did you mean \(Arguments.list(near, conjunction: "or"))?")
        )
    }

    /// `oauthctl oauth1 --help`: the subcommands of a group.
    private struct GroupHelp: Error {
        let group: String
    }

    /// Prints a usage error and where to read more; exit status 2.
    static func usageError(_ error: any Error, command: CommandSpec?, json: Bool, console: Console) -> Int32 {
        guard let usage = error as? UsageError else { return ErrorReport.print(error, json: json, console: console) }
        if json {
            ErrorReport.printMessage(code: "usage", detail: usage.description, status: ExitStatus.usage, json: true, console: console)
        } else {
            console.printError("oauthctl\(command.map { " \($0.name)" } ?? ""): \(usage.description)")
            console.printError(command.map { "Run `oauthctl \($0.name) --help` for its options." } ?? "Run `oauthctl help` for the commands.")
        }
        return ExitStatus.usage
    }

    /// `oauthctl help [COMMAND]`, and `--markdown` for the README.
    static func help(_ arguments: inout Arguments, console: Console) throws -> Int32 {
        if arguments.flag("--markdown") {
            console.print(HelpText.markdown(commands))
            return ExitStatus.success
        }
        let words = try arguments.positionals()
        guard !words.isEmpty else {
            console.print(HelpText.usage(commands))
            return ExitStatus.success
        }
        if words.count == 1, Completion.groups(commands).contains(words[0]) {
            console.print(HelpText.group(words[0], commands))
            return ExitStatus.success
        }
        let (command, rest) = try resolve(words)
        guard rest.isEmpty else { throw UsageError("help takes one command, got \(words.joined(separator: " "))") }
        console.print(HelpText.command(command))
        return ExitStatus.success
    }

    /// `oauthctl completion SHELL`.
    static func completion(_ arguments: inout Arguments, console: Console) throws -> Int32 {
        let shell = try arguments.positionals()[0]
        let names = ProviderRegistry.builtIn.providers.map(\.name)
        guard let script = Completion.script(for: shell, commands: commands, providers: names) else {
            throw UsageError("completion: expected bash, zsh or fish, got \(Arguments.shortened(shell))")
        }
        console.print(script)
        return ExitStatus.success
    }

    /// The providers defined in JSON files.
    static func providers(from files: [String]) throws -> [Provider] {
        try files.map { path in
            let data = try LocalFiles.read(path, role: "provider file")
            return try Provider.decode(from: data, catalog: BuiltInProviders.catalog, registry: .builtIn)
        }
    }
}
