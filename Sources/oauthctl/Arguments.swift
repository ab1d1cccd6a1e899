/// The command line after the command name: options with values, flags and positional
/// arguments, read in any order.
struct Arguments {
    private var remaining: [String]

    init(_ arguments: [String]) {
        self.remaining = arguments
    }

    /// Removes and returns the first argument when it is not an option: a subcommand.
    mutating func shift() -> String? {
        guard let first = remaining.first, !first.hasPrefix("-") else { return nil }
        return remaining.removeFirst()
    }

    /// Removes a flag such as `--json` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = remaining.firstIndex(of: name) else { return false }
        remaining.remove(at: index)
        return true
    }

    /// Removes every `--name VALUE` (or `--name=VALUE`) and returns the values in order.
    mutating func values(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        var index = 0
        while index < remaining.count {
            let argument = remaining[index]
            if argument == name {
                guard index + 1 < remaining.count else { throw UsageError("\(name) needs a value") }
                values.append(remaining[index + 1])
                remaining.removeSubrange(index...index + 1)
            } else if argument.hasPrefix(name + "=") {
                values.append(String(argument.dropFirst(name.count + 1)))
                remaining.remove(at: index)
            } else {
                index += 1
            }
        }
        return values
    }

    /// Removes `--name VALUE` given at most once.
    mutating func value(_ name: String) throws(UsageError) -> String? {
        let all = try values(name)
        guard all.count <= 1 else { throw UsageError("\(name) given \(all.count) times; expected once") }
        return all.first
    }

    /// The positional arguments left; an unknown option is a usage error.
    func positionals() throws(UsageError) -> [String] {
        if let option = remaining.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw UsageError("unknown option \(option)")
        }
        return remaining
    }
}

/// A mistake on the command line: exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
