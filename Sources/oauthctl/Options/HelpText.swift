/// The texts derived from the command declarations: the top-level usage, each command's
/// `--help`, and the README's command reference in Markdown.
enum HelpText {
    /// The widest a help line gets.
    static let width = 100

    // MARK: The top-level usage

    /// `oauthctl help`: every command with its summary, by section, then how to learn more,
    /// the exit statuses and the rules for secrets.
    static func usage(_ commands: [CommandSpec]) -> String {
        var lines = [
            "oauthctl \(OAuthCtl.version): OAuth 2.0 and 1.0a from the command line, each provider's quirks fixed by name.",
            "",
            "usage: oauthctl COMMAND [OPTIONS] [ARGUMENTS]",
            "       oauthctl help COMMAND      a command's options, defaults and examples (or COMMAND --help)",
            "       oauthctl completion bash|zsh|fish",
            "       oauthctl --version",
        ]
        let nameWidth = (commands.map(\.name.count).max() ?? 0) + 2
        for section in CommandSpec.Section.allCases {
            let inSection = commands.filter { $0.section == section }
            guard !inSection.isEmpty else { continue }
            lines += ["", "\(section.rawValue):"]
            for command in inSection {
                lines += wrapped(command.summary, firstPrefix: "  " + command.name.padded(to: nameWidth), prefix: String(repeating: " ", count: nameWidth + 2))
            }
        }
        lines += ["", "exit status:"]
        for (status, meaning) in ExitStatus.table {
            lines += wrapped(meaning, firstPrefix: "  " + String(status).padded(to: 5), prefix: String(repeating: " ", count: 7))
        }
        lines += [""]
        lines += wrapped(
            "Tokens print redacted (gho_16...[redacted]) unless --show-tokens is given, or the token is saved nowhere and standard "
                + "output is not a terminal. Give a client secret with --client-secret-file FILE (- for standard input) or "
                + "$\(ClientOptions.secretVariable), not on the command line where `ps` shows it.",
            firstPrefix: "", prefix: ""
        )
        return lines.joined(separator: "\n")
    }

    /// `oauthctl oauth1`: the subcommands of a command group.
    static func group(_ name: String, _ commands: [CommandSpec]) -> String {
        let members = commands.filter { $0.name.hasPrefix(name + " ") }
        let nameWidth = (members.map(\.name.count).max() ?? 0) + 2
        var lines = ["usage: oauthctl \(name) SUBCOMMAND [OPTIONS]", ""]
        for command in members {
            lines += wrapped(command.summary, firstPrefix: "  " + command.name.padded(to: nameWidth), prefix: String(repeating: " ", count: nameWidth + 2))
        }
        lines += ["", "`oauthctl \(name) SUBCOMMAND --help` shows a subcommand's options."]
        return lines.joined(separator: "\n")
    }

    // MARK: A command's help

    /// `COMMAND --help`: what it does, its usage, every option with its default, examples.
    static func command(_ command: CommandSpec) -> String {
        var lines = ["oauthctl \(command.name): \(command.summary)", "", "usage: \(command.synopsis)"]
        if !command.details.isEmpty {
            lines.append("")
            lines += wrapped(command.details, firstPrefix: "", prefix: "")
        }
        var sections: [(String, [OptionSpec])] = []
        if !command.options.isEmpty { sections.append(("options", command.options)) }
        for group in command.groups { sections.append((group.title, group.options)) }
        sections.append(("help", [OptionSpec("--help", "-h", help: "Show this help.")]))
        let column = 30
        for (title, options) in sections {
            lines += ["", "\(title):"]
            for option in options {
                let signature = "  " + option.signature
                if signature.count + 2 <= column {
                    lines += wrapped(option.fullHelp, firstPrefix: signature.padded(to: column), prefix: String(repeating: " ", count: column))
                } else {
                    lines.append(signature)
                    lines += wrapped(option.fullHelp, firstPrefix: String(repeating: " ", count: column), prefix: String(repeating: " ", count: column))
                }
            }
        }
        if !command.examples.isEmpty {
            lines += ["", "examples:"]
            lines += command.examples.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Markdown

    /// The README's command reference: a table of the commands, a section per command with its
    /// usage, its own options and examples, and a section per shared option group.
    static func markdown(_ commands: [CommandSpec]) -> String {
        var lines = ["| command | what it does |", "|---|---|"]
        for command in commands {
            lines.append("| [`\(command.name)`](#\(anchor("oauthctl " + command.name))) | \(escaped(command.summary)) |")
        }
        var groups: [OptionGroup] = []
        for command in commands {
            lines += ["", "#### `oauthctl \(command.name)`", "", escaped(command.summary) + (command.details.isEmpty ? "" : " " + escaped(command.details))]
            lines += ["", "`\(command.synopsis)`"]
            if !command.options.isEmpty {
                lines += ["", "| option | what it does | default |", "|---|---|---|"]
                lines += command.options.map(row)
            }
            if !command.groups.isEmpty {
                let links = command.groups.map { "[\($0.title)](#\(anchor("options: " + $0.title)))" }
                lines += ["", (command.options.isEmpty ? "Options: " : "And the options of ") + links.joined(separator: ", ") + "."]
            }
            for group in command.groups where !groups.contains(where: { $0.title == group.title }) { groups.append(group) }
            if !command.examples.isEmpty {
                lines += ["", "```sh"] + command.examples + ["```"]
            }
        }
        for group in groups {
            lines += ["", "#### Options: \(group.title)", "", "| option | what it does | default |", "|---|---|---|"]
            lines += group.options.map(row)
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ option: OptionSpec) -> String {
        var help = option.help
        if let onlyWith = option.onlyWith { help += " Only with --grant " + onlyWith.joined(separator: " or ") + "." }
        if !option.requires.isEmpty { help += " Goes with " + option.requires.joined(separator: " or ") + "." }
        if option.repeatable { help += " Repeatable." }
        let signature = option.signature.replacingOccurrences(of: "|", with: "\\|")
        return "| `\(signature)` | \(escaped(help)) | \(escaped(option.defaultValue ?? (option.required ? "required" : "-"))) |"
    }

    /// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character.isLetter || character.isNumber || character == "-" || character == "_" { return character }
            return character == " " ? "-" : nil
        })
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: Wrapping

    /// `text` in lines of at most ``width`` columns, the first after `firstPrefix`, the others
    /// after `prefix`; a word longer than a line stays whole.
    static func wrapped(_ text: String, firstPrefix: String, prefix: String) -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineHasWords = false
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if lineHasWords, line.count + 1 + word.count > width {
                lines.append(line)
                line = prefix
                lineHasWords = false
            }
            line += (lineHasWords ? " " : "") + word
            lineHasWords = true
        }
        lines.append(line)
        return lines
    }
}

extension String {
    /// The string padded with spaces to `width` characters; a longer one gets one space.
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
