import OAuth
import OAuthProviders

/// `oauthctl blocks [--json | --markdown]`: every building block a provider JSON file may name,
/// with its parameters and their defaults, as the blocks themselves declare them.
enum BlocksCommand {
    static let spec = CommandSpec(
        "blocks", section: .providers, summary: "List the building blocks provider JSON may name, with their parameters and defaults.",
        options: [
            OptionSpec("--json", help: "Print a JSON array."),
            OptionSpec("--markdown", help: "Print the README's table."),
        ],
        groups: [],
        examples: ["oauthctl blocks", "oauthctl blocks --json | jq '.[].kind'"],
        run: { arguments, context in try run(&arguments, console: context.console) }
    )

    static func run(_ arguments: inout Arguments, console: Console) throws -> Int32 {
        let json = arguments.flag("--json")
        let markdown = arguments.flag("--markdown")
        guard !(json && markdown) else { throw UsageError("blocks takes --json or --markdown, not both") }
        let kinds = BuiltInProviders.catalog.kinds
        if json {
            console.print(JSONWriter.prettyString(.array(kinds.map(jsonValue))))
        } else if markdown {
            console.print(markdownTable(kinds))
        } else {
            for kind in kinds {
                console.print("\(kind.name): \(kind.summary)")
                var example: JSONObject = ["kind": .string(kind.name)]
                for member in kind.example { example[member.key] = member.value }
                console.print("  example: \(JSONWriter.string(.object(example)))")
                for parameter in kind.parameters {
                    console.print("  \(parameter.name): \(parameter.summary); \(parameter.expected)" + (parameter.defaultValue.map { ", default \($0)" } ?? ", required"))
                }
            }
        }
        return 0
    }

    /// The README's table of building blocks.
    static func markdownTable(_ kinds: [FixKind]) -> String {
        var lines = ["| kind | does | parameters (default) |", "|---|---|---|"]
        for kind in kinds {
            let parameters = kind.parameters.map { parameter in
                "`\(parameter.name)`" + (parameter.defaultValue.map { " (`\($0)`)" } ?? " (required)")
            }
            lines.append("| `\(kind.name)` | \(kind.summary) | \(parameters.isEmpty ? "-" : parameters.joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n")
    }

    static func jsonValue(_ kind: FixKind) -> JSONValue {
        [
            "kind": .string(kind.name), "summary": .string(kind.summary), "example": .object(kind.example),
            "parameters": .array(kind.parameters.map { parameter in
                var object: JSONObject = ["name": .string(parameter.name), "summary": .string(parameter.summary), "expected": .string(parameter.expected)]
                if let value = parameter.defaultValue { object["default"] = .string(value) } else { object["required"] = true }
                return .object(object)
            }),
        ]
    }
}
