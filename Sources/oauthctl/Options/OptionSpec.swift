/// One command-line option, declared once: its names, the value it takes, its help text and
/// default, and when it applies. Parsing, `--help`, the README's command reference and the
/// shell completions are all read from these declarations.
struct OptionSpec: Sendable {
    /// What follows the option on the command line.
    enum Value: Sendable, Equatable {
        /// Nothing: a flag such as `--json`.
        case none
        /// Free text, shown as the placeholder (`ID`, `SECONDS`).
        case text(String)
        /// A file path (completed as a file); `-` may mean standard input where the help says so.
        case file(String)
        /// A directory path (completed as a directory).
        case directory(String)
        /// One of a fixed list.
        case choice([String])
        /// A registered provider's name (completed from the built-in registry).
        case provider
        /// A URL.
        case url(String)

        /// The placeholder shown after the option's name, or `nil` for a flag.
        var placeholder: String? {
            switch self {
            case .none: nil
            case .text(let name), .file(let name), .directory(let name), .url(let name): name
            case .choice(let choices): choices.joined(separator: "|")
            case .provider: "NAME"
            }
        }
    }

    /// The names, long first where there is one (`--request`, `-X`); the first is the one
    /// commands read it by.
    let names: [String]
    let value: Value
    /// What it does, in a sentence or two.
    let help: String
    /// What holds when it is not given, for the help (`300`, `the provider's`); `nil` for none.
    let defaultValue: String?
    /// Whether it may be given more than once.
    let repeatable: Bool
    /// Whether the command refuses to run without it.
    let required: Bool
    /// The values of the command's selector option (`--grant`) this option goes with; `nil`
    /// for all.
    let onlyWith: [String]?
    /// Options this one goes with: at least one of them must be given too.
    let requires: [String]

    init(
        _ names: String..., value: Value = .none, help: String, defaultValue: String? = nil, repeatable: Bool = false,
        required: Bool = false, onlyWith: [String]? = nil, requires: [String] = []
    ) {
        self.names = names
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.repeatable = repeatable
        self.required = required
        self.onlyWith = onlyWith
        self.requires = requires
    }

    /// The name commands read the option by.
    var name: String { names[0] }

    /// Whether the option takes a value.
    var takesValue: Bool { value != .none }

    /// `-X, --request METHOD`: the names, short ones first, and the placeholder.
    var signature: String {
        let ordered = names.filter { !$0.hasPrefix("--") } + names.filter { $0.hasPrefix("--") }
        return ordered.joined(separator: ", ") + (value.placeholder.map { " \($0)" } ?? "")
    }

    /// The help text with the default, the selector values it goes with, and whether it repeats.
    var fullHelp: String {
        var text = help
        if let onlyWith { text += " Only with --grant " + onlyWith.joined(separator: " or ") + "." }
        if !requires.isEmpty { text += " Goes with " + requires.joined(separator: " or ") + "." }
        if repeatable { text += " Repeatable." }
        if required { text += " Required." }
        if let defaultValue { text += " Default: \(defaultValue)." }
        return text
    }
}

/// Options that several commands share, under a heading: the client options, where the token
/// is kept, record mode.
struct OptionGroup: Sendable {
    /// The heading (`client and server`).
    let title: String
    let options: [OptionSpec]

    init(_ title: String, _ options: [OptionSpec]) {
        self.title = title
        self.options = options
    }
}
