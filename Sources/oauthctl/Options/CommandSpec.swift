/// One command, declared once: its name, what it does, its options (its own and the groups it
/// shares), its arguments, its examples, and the function that runs it. `COMMAND --help`,
/// `oauthctl help COMMAND`, the top-level usage, the README's command reference and the shell
/// completions are all derived from these declarations.
struct CommandSpec: Sendable {
    /// Where the command is listed in the usage.
    enum Section: String, CaseIterable, Sendable {
        case providers = "providers and recordings"
        case oauth2 = "OAuth 2.0"
        case oauth1 = "OAuth 1.0a"
        case sandbox = "sandbox and demo"
        case tool = "the tool itself"
    }

    /// The words after `oauthctl` (`token`, `oauth1 request`).
    let name: String
    let section: Section
    /// One line: what it does.
    let summary: String
    /// The positional arguments as the usage shows them (`URL`, `[NAME ...]`), or empty.
    let arguments: String
    /// How many positional arguments it takes.
    let argumentCount: ClosedRange<Int>
    /// More about it, a paragraph or two.
    let details: String
    /// Its own options.
    let options: [OptionSpec]
    /// The option groups it shares with other commands.
    let groups: [OptionGroup]
    /// The option whose value decides which other options apply (`--grant`), if any.
    let selector: String?
    /// Command lines to copy, each a complete `oauthctl …` line.
    let examples: [String]
    /// Runs the command on its parsed arguments and returns the exit status.
    let run: @Sendable (inout Arguments, CommandContext) async throws -> Int32

    init(
        _ name: String, section: Section, summary: String, arguments: String = "", argumentCount: ClosedRange<Int> = 0...0, details: String = "",
        options: [OptionSpec] = [], groups: [OptionGroup] = [CommonOptions.providerFiles], selector: String? = nil, examples: [String],
        run: @escaping @Sendable (inout Arguments, CommandContext) async throws -> Int32
    ) {
        self.name = name
        self.section = section
        self.summary = summary
        self.arguments = arguments
        self.argumentCount = argumentCount
        self.details = details
        self.options = options
        self.groups = groups
        self.selector = selector
        self.examples = examples
        self.run = run
    }

    /// Every option the command takes: its own, then its groups'.
    var allOptions: [OptionSpec] {
        options + groups.flatMap(\.options)
    }

    /// The option with this name (any of its names), if the command takes it.
    func option(named name: String) -> OptionSpec? {
        allOptions.first { $0.names.contains(name) }
    }

    /// `oauthctl token --grant GRANT --client-id ID [OPTIONS]`: the required options, then the
    /// arguments.
    var synopsis: String {
        var parts = ["oauthctl", name]
        for option in allOptions where option.required {
            parts.append(option.name + (option.value.placeholder.map { " \($0)" } ?? ""))
        }
        if allOptions.contains(where: { !$0.required }) { parts.append("[OPTIONS]") }
        if !arguments.isEmpty { parts.append(arguments) }
        return parts.joined(separator: " ")
    }
}
