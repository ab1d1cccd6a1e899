import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing
@testable import oauthctl

/// Help, version, mistakes on the command line, shell completions and the README's command
/// reference: all derived from each command's one declaration.
@Suite struct OAuthCtlHelpTests {
    let cli = CLI()

    /// The text with its line breaks and runs of spaces as single spaces: help is wrapped.
    func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test(arguments: OAuthCtl.commands.map(\.name))
    func everyCommandHasHelpWithEveryOptionItsDefaultAndAnExample(name: String) async throws {
        let command = try #require(OAuthCtl.commands.first { $0.name == name })
        let words = name.split(separator: " ").map(String.init)
        let help = await cli.run(words + ["--help"])
        #expect(help.status == 0, "\(help.error)")
        #expect(help.error.isEmpty)
        #expect(help.out.contains("usage: oauthctl \(name)"))
        let flat = flattened(help.out)
        for option in command.allOptions {
            #expect(flat.contains(option.signature), "\(name) --help does not show \(option.signature)")
            if let defaultValue = option.defaultValue {
                #expect(flat.contains("Default: " + flattened(defaultValue)), "\(name) --help does not show the default of \(option.name)")
            }
        }
        #expect(!command.examples.isEmpty, "\(name) has no example")
        for example in command.examples { #expect(help.out.contains(example)) }
        // `oauthctl help NAME` says the same; so does -h, even with the required options missing.
        #expect(await cli.run(["help"] + words).out == help.out)
        #expect(await cli.run(words + ["-h"]).out == help.out)
    }

    @Test func helpComesBeforeAnyCheck() async {
        for words in [["login", "--help"], ["sandbox", "--help"], ["token", "--grnt", "x", "--help"], ["oauth1", "request", "--help"]] {
            let result = await cli.run(words)
            #expect(result.status == 0, "\(words): \(result.error)")
            #expect(result.out.hasPrefix("oauthctl \(words[0] == "oauth1" ? "oauth1 request" : words[0]):"))
        }
        let group = await cli.run(["oauth1", "--help"])
        #expect(group.status == 0)
        for name in ["request-token", "authorize-url", "access-token", "request"] { #expect(group.out.contains("oauth1 \(name)")) }
    }

    @Test func theUsageListsEveryCommandTheExitStatusesAndTheRulesForSecrets() async {
        let usage = await cli.run(["help"])
        #expect(usage.status == 0)
        for command in OAuthCtl.commands { #expect(usage.out.contains("  \(command.name) "), "the usage does not list \(command.name)") }
        for (status, _) in ExitStatus.table { #expect(usage.out.contains("  \(status) ")) }
        #expect(usage.out.contains("--show-tokens"))
        #expect(usage.out.split(separator: "\n").allSatisfy { $0.count <= HelpText.width }, "a usage line is wider than \(HelpText.width) columns")
        let bare = await cli.run([])
        #expect(bare.status == 2)
        #expect(bare.error == usage.out)
    }

    @Test func theVersionIsTheChangelogs() async throws {
        let version = await cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.out == "oauthctl \(OAuthCtl.version)\n")
        let extra = await cli.run(["--version", "extra"])
        #expect(extra.status == 2 && extra.out.isEmpty)
        #expect(extra.error.contains("--version: expected nothing after it, got extra"), "\(extra.error)")
        let changelog = try String(contentsOf: Self.repository.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let first = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        #expect(first?.hasPrefix("## \(OAuthCtl.version)") == true, "CHANGELOG.md's latest entry is \(first ?? "missing")")
    }

    // MARK: Mistakes

    @Test func aMistypedOptionIsNamedWithWhatItMayHaveMeant() async {
        let result = await cli.run(["token", "--grnt", "client_credentials", "--client-id", "c"])
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("oauthctl token: unknown option --grnt; did you mean --grant?\n"), "\(result.error)")
        #expect(!result.error.contains("is required"))
        #expect(result.error.contains("Run `oauthctl token --help` for its options."))
        #expect(result.out.isEmpty)
    }

    @Test(arguments: [
        (["token", "--grant", "client_credentials", "--client-id", "c", "--username", "u"],
         "--username does not apply to --grant client_credentials; it goes with --grant password"),
        (["token", "--grant", "password", "--client-id", "c", "--refresh-token", "r"],
         "--refresh-token does not apply to --grant password; it goes with --grant refresh_token"),
        (["token", "--grant", "client_credential", "--client-id", "c"], "--grant: expected client_credentials, password or refresh_token, got client_credential; did you mean client_credentials?"),
        (["request", "--token-file", "t", "--scope", "repo", "https://api.example/"], "--scope does not apply to request (it goes with"),
        (["exchange", "--client-id", "c", "--code-verifier", "v"], "--code-verifier goes with --code"),
        (["token", "--client-id", "c"], "--grant client_credentials|password|refresh_token is required"),
        (["tokn"], "unknown command tokn; did you mean token?"),
        (["token", "--grant", "client_credentials", "--client-id"], "--client-id needs a value (ID)"),
        (["token", "--grant", "client_credentials", "--client-id", "--json"], "--client-id needs a value (ID), got the option --json"),
        (["providers", "--json=yes"], "--json takes no value"),
        (["request", "--token-file", "t"], "request takes URL, got 0 arguments"),
        (["provider"], "provider takes NAME, got 0 arguments"),
        (["completion", "tcsh"], "completion: expected bash, zsh or fish, got tcsh"),
    ])
    func mistakesAreUsageErrorsThatSayWhatWasExpected(arguments: [String], message: String) async {
        let result = await cli.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.error)")
        #expect(result.error.contains(message), "\(arguments): \(result.error)")
    }

    @Test func aMistypedOptionNeverEchoesItsValue() async {
        let secret = "hunter2-but-much-longer-0987"
        let result = await cli.run(["token", "--grant", "client_credentials", "--client-id", "c", "--client-secrt=\(secret)"])
        #expect(result.status == 2)
        #expect(result.error.contains("unknown option --client-secrt; did you mean --client-secret?"), "\(result.error)")
        #expect(!result.both.contains(secret))
    }

    @Test func usageErrorsAreJSONWithJSON() async throws {
        let result = await cli.run(["token", "--grnt", "x", "--json"])
        #expect(result.status == 2)
        let error = try JSONParser().parse(Data(result.error.utf8))
        #expect(error[path: ["error"]] == "usage")
        #expect(error[path: ["exit_status"]] == 2)
        #expect(error[path: ["error_description"]] == "unknown option --grnt; did you mean --grant?")
    }

    @Test func optionsAreReadAsCurlReadsThem() throws {
        let parsed = try Arguments(["-XPOST", "-H", "A: b", "--header=C: d", "--", "--not-an-option"], for: RequestCommand.spec)
        var arguments = parsed
        #expect(try arguments.value("-X") == "POST")
        #expect(try arguments.values("--header") == ["A: b", "C: d"])
        #expect(try arguments.positionals() == ["--not-an-option"])
        #expect(throws: UsageError.self) { try Arguments(["--token-file", "a", "--token-file", "b", "https://x.example/"], for: RequestCommand.spec) }
    }

    // MARK: Completions

    @Test(arguments: Completion.shells)
    func completionScriptsNameEveryCommandAndOption(shell: String) async throws {
        let result = await cli.run(["completion", shell])
        #expect(result.status == 0)
        for word in Completion.topLevel(OAuthCtl.commands) { #expect(result.out.contains(word)) }
        for command in OAuthCtl.commands {
            for option in command.allOptions {
                let long = try #require(option.names.first { $0.hasPrefix("--") })
                let spelled = shell == "fish" ? "-l \(long.dropFirst(2))" : long
                #expect(result.out.contains(spelled), "\(shell): \(command.name) \(long)")
            }
        }
        #expect(result.out.contains("github"), "provider names are completed")
        if let checker = Self.shell(shell) {
            let (status, output) = try Self.execute(checker, ["-n", "-c", result.out])
            #expect(status == 0, "\(shell) -n: \(output)")
        }
    }

    /// bash itself completes with the script: options, the choices of --grant, subcommands, providers.
    @Test func bashCompletesOptionsChoicesSubcommandsAndProviders() async throws {
        guard let bash = Self.shell("bash") else { return }
        let script = await cli.run(["completion", "bash"]).out
        func complete(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let program = script + "\nCOMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _oauthctl; printf '%s\\n' \"${COMPREPLY[@]}\""
            let (status, output) = try Self.execute(bash, ["-c", program])
            #expect(status == 0, "\(output)")
            return output.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["oauthctl", "tok"]) == ["token"])
        #expect(try complete(["oauthctl", "token", "--gr"]) == ["--grant"])
        #expect(try complete(["oauthctl", "token", "--grant", "pa"]) == ["password"])
        #expect(try complete(["oauthctl", "oauth1", "access"]) == ["access-token"])
        #expect(try complete(["oauthctl", "oauth1", "request", "--signature-m"]) == ["--signature-method"])
        #expect(try complete(["oauthctl", "provider", "gith"]) == ["github"])
        #expect(try complete(["oauthctl", "login", "--provider", "twitc"]) == ["twitch"])
        #expect(try complete(["oauthctl", "request", "--sc"]) == [], "request takes no --scope")
    }

    static func shell(_ name: String) -> String? {
        ["/bin/\(name)", "/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func execute(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = try ChildProcess(executable, arguments, capture: .both)
        let data = process.output?.readDataToEndOfFile() ?? Data()
        return (process.waitUntilExit(), String(decoding: data, as: UTF8.self))
    }

    // MARK: The README

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Run the tests with `OAUTH_UPDATE_README=1` to write the reference afresh.
    @Test func theReadmeCommandReferenceIsGeneratedFromTheDeclarations() throws {
        let readme = Self.repository.appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- command reference: generated by `oauthctl help --markdown` -->\n"))
        let end = try #require(text.range(of: "\n<!-- end of command reference -->", range: start.upperBound..<text.endIndex))
        let expected = HelpText.markdown(OAuthCtl.commands)
        if ProcessInfo.processInfo.environment["OAUTH_UPDATE_README"] == "1" {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: expected)
            try Data(text.utf8).write(to: readme)
            return
        }
        #expect(String(text[start.upperBound..<end.lowerBound]) == expected,
                "README.md's command reference is stale: run `OAUTH_UPDATE_README=1 swift test --filter OAuthCtlHelpTests`")
    }

    @Test func theReadmeDocumentsEveryExitStatus() throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        for (status, _) in ExitStatus.table { #expect(text.contains("| \(status) |"), "README.md's exit status table lacks \(status)") }
    }
}
