import OAuth

/// A command line read against its command's declaration: every option known, checked and
/// taken apart before the command runs, so that a mistyped option is reported as such (with
/// the options it may have meant) and never as a missing one.
struct Arguments {
    /// The command the arguments were read for.
    let command: CommandSpec
    /// Whether `-h` or `--help` was given: the command's help is printed instead.
    let helpRequested: Bool
    /// The values given, by the option's first name; a flag has one empty value per use.
    private var given: [String: [String]]
    private var positional: [String]

    /// Reads `raw` (the words after the command's name) as `command` declares its options.
    ///
    /// - Parameter otherCommands: every command, to say which ones take an option this one does not.
    /// - Throws: ``UsageError`` for an unknown option, a missing or malformed value, an option
    ///   given twice that is not repeatable, a missing required option, an option that does not
    ///   apply to the selector's value, or the wrong number of arguments.
    init(_ raw: [String], for command: CommandSpec, otherCommands: [CommandSpec] = []) throws(UsageError) {
        self.command = command
        let options = command.allOptions
        var given: [String: [String]] = [:]
        var positional: [String] = []
        let end = raw.firstIndex(of: "--") ?? raw.endIndex
        helpRequested = raw[..<end].contains { $0 == "--help" || $0 == "-h" }
        self.given = [:]
        self.positional = []
        if helpRequested { return }
        var index = 0
        while index < raw.count {
            let word = raw[index]
            index += 1
            if word == "--" {
                positional += raw[index...]
                break
            }
            guard word.hasPrefix("-"), word != "-" else {
                positional.append(word)
                continue
            }
            var name = word
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            } else if !word.hasPrefix("--"), word.count > 2, options.contains(where: { $0.takesValue && $0.names.contains(String(word.prefix(2))) }) {
                // -XPOST, as curl reads it.
                name = String(word.prefix(2))
                inline = String(word.dropFirst(2))
            }
            guard let option = options.first(where: { $0.names.contains(name) }) else {
                throw Self.unknown(name, command: command, otherCommands: otherCommands)
            }
            guard option.takesValue else {
                if inline != nil { throw UsageError("\(name) takes no value") }
                given[option.name, default: []].append("")
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < raw.count else { throw UsageError("\(name) needs a value (\(option.value.placeholder ?? "VALUE"))") }
                let next = raw[index]
                if next.hasPrefix("--"), next.count > 2, options.contains(where: { $0.names.contains(next.split(separator: "=").first.map(String.init) ?? next) }) {
                    throw UsageError("\(name) needs a value (\(option.value.placeholder ?? "VALUE")), got the option \(next)")
                }
                value = next
                index += 1
            }
            if case .choice(let choices) = option.value, !choices.contains(value) {
                let near = NearMatches.find(value, in: choices, limit: 1)
                throw UsageError(
                    "\(name): expected \(Self.list(choices, conjunction: "or")), got \(value)" + (near.first.map { "; did you mean \($0)?" } ?? "")
                )
            }
            given[option.name, default: []].append(value)
        }
        for option in options {
            let count = given[option.name]?.count ?? 0
            if count > 1, !option.repeatable { throw UsageError("\(option.name) given \(count) times; expected once") }
            if count == 0, option.required {
                throw UsageError("\(option.name) \(option.value.placeholder ?? "") is required: \(option.help)")
            }
            if count > 0, !option.requires.isEmpty, !option.requires.contains(where: { given[$0] != nil }) {
                throw UsageError("\(option.name) goes with \(option.requires.joined(separator: " or "))")
            }
        }
        if let selector = command.selector, let choice = given[selector]?.first {
            for option in options where given[option.name] != nil {
                if let onlyWith = option.onlyWith, !onlyWith.contains(choice) {
                    throw UsageError("\(option.name) does not apply to \(selector) \(choice); it goes with \(selector) \(onlyWith.joined(separator: " or "))")
                }
            }
        }
        guard command.argumentCount.contains(positional.count) else {
            let expected = command.arguments.isEmpty ? "no arguments" : command.arguments
            if let stray = positional.first, command.argumentCount.upperBound == 0 {
                throw UsageError("\(command.name) takes no arguments, got \"\(Self.shortened(stray))\"")
            }
            throw UsageError("\(command.name) takes \(expected), got \(positional.count) argument\(positional.count == 1 ? "" : "s")")
        }
        self.given = given
        self.positional = positional
    }

    /// Arguments with nothing given, for a command that reads no options.
    init(command: CommandSpec) {
        self.command = command
        helpRequested = false
        given = [:]
        positional = []
    }

    /// Whether the option was given, by any of its names.
    func isGiven(_ name: String) -> Bool {
        command.option(named: name).map { given[$0.name] != nil } ?? false
    }

    /// Removes a flag such as `--json` and says whether it was given.
    mutating func flag(_ name: String) -> Bool {
        (try? values(name)).map { !$0.isEmpty } ?? false
    }

    /// Removes the option and returns its values in order.
    ///
    /// - Throws: ``UsageError`` when the command does not declare the option: a mistake in
    ///   the command, found by its tests.
    mutating func values(_ name: String) throws(UsageError) -> [String] {
        guard let option = command.option(named: name) else {
            assertionFailure("\(command.name) reads \(name), which it does not declare")
            throw UsageError("\(command.name) does not declare \(name)")
        }
        return given.removeValue(forKey: option.name) ?? []
    }

    /// Removes the option and returns its value, given at most once (the parser checked).
    mutating func value(_ name: String) throws(UsageError) -> String? {
        try values(name).last
    }

    /// The positional arguments (their number checked against the declaration).
    func positionals() throws(UsageError) -> [String] {
        positional
    }

    /// The error for an option the command does not take: the near matches among its own, or
    /// the commands that do take it.
    static func unknown(_ name: String, command: CommandSpec, otherCommands: [CommandSpec]) -> UsageError {
        let own = command.allOptions.flatMap(\.names) + ["--help"]
        let near = NearMatches.find(name, in: own.filter { $0.hasPrefix("--") == name.hasPrefix("--") || name.count > 2 }, limit: 2)
        if !near.isEmpty {
            return UsageError("unknown option \(name); did you mean \(list(near, conjunction: "or"))?")
        }
        let takers = otherCommands.filter { $0.option(named: name) != nil }.map(\.name)
        if !takers.isEmpty {
            let shown = takers.count > 4 ? Array(takers.prefix(4)) + ["others"] : takers
            return UsageError("\(name) does not apply to \(command.name) (it goes with \(list(shown, conjunction: "and")))")
        }
        return UsageError("unknown option \(name)")
    }

    /// `a, b or c`.
    static func list(_ items: [String], conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }

    /// A word of the command line as an error may show it: short, since it may be a secret
    /// typed in the wrong place.
    static func shortened(_ word: String) -> String {
        word.count > 24 ? Redaction.secret(word) : word
    }
}

/// A mistake on the command line: exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
