/// Option groups that belong to no single kind of command.
enum CommonOptions {
    /// `--provider-file PATH`: every command that looks providers up takes it.
    static let providerFiles = OptionGroup("provider files", [
        OptionSpec("--provider-file", value: .file("PATH"),
                   help: "Add a provider defined in JSON (the format `oauthctl provider NAME --json` prints).", repeatable: true),
    ])
}
