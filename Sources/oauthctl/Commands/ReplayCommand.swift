import Foundation
import OAuth
import OAuthProviders
import OAuthTesting

/// `oauthctl replay`: the providers' recordings through their fixes, each provider proven as
/// the package proves its own; a provider from `--provider-file` with its recordings from
/// `--recordings DIR`; `--stale` for the fixes the recordings no longer need; or a response the
/// user captured through one provider's response fixes.
enum ReplayCommand {
    static let spec = CommandSpec(
        "replay", section: .providers,
        summary: "Replay the providers' recordings through their fixes and prove each provider; or run a captured response through them.",
        arguments: "[NAME ...]", argumentCount: 0...Int.max,
        details: """
            Without NAME, every provider (or those --provider-file defines). Each recording shows the raw response, what the strict \
            core alone makes of it, the fixes that fired and the result; each provider is proven as the package's tests prove it. \
            The exit status is 1 on any mismatch or unproven provider. --recordings DIR adds your own recordings to one provider's; \
            --response FILE runs a captured raw HTTP response (status line, headers, blank line, body) through one provider's \
            response fixes and prints the normalised token, or the error on standard error with exit status 1.
            """,
        options: [
            OptionSpec("--recordings", value: .directory("DIR"), help: "Prove one provider with the recordings in DIR (added to a built-in provider's own)."),
            OptionSpec("--stale", help: "List the fixes that did not act on recorded exchanges, and those no recording needs."),
            OptionSpec("--response", value: .file("FILE"), help: "Run a captured raw HTTP response through one provider's response fixes."),
            OptionSpec("--refresh", help: "Read the captured response as a refresh response.", requires: ["--response"]),
            OptionSpec("--request-token", help: "OAuth 1.0a: read the captured response as temporary credentials.", requires: ["--response"]),
            OptionSpec("--json", help: "Print JSON."),
        ],
        examples: [
            "oauthctl replay github facebook",
            "oauthctl replay --provider-file acme.json --recordings Acme/Recordings",
            "oauthctl replay facebook --response captured.http --json | jq .access_token",
        ],
        run: { arguments, context in try run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) throws -> Int32 {
        let registry = context.registry
        let json = arguments.flag("--json")
        let refresh = arguments.flag("--refresh")
        let requestToken = arguments.flag("--request-token")
        let stale = arguments.flag("--stale")
        let responseFile = try arguments.value("--response")
        let recordingsDirectory = try arguments.value("--recordings")
        let names = try arguments.positionals()
        let providers = try names.isEmpty
            ? (context.providerFiles.isEmpty ? registry.providers : context.providerFiles)
            : names.map { name throws(ProviderRegistryError) in try registry.provider(named: name) }
        if let responseFile {
            guard providers.count == 1 else { throw UsageError("replay --response takes one provider NAME (or one --provider-file), got \(providers.count)") }
            return try replayCapture(file: responseFile, provider: providers[0], refresh: refresh, requestToken: requestToken, json: json, console: context.console)
        }
        if recordingsDirectory != nil, providers.count != 1 {
            throw UsageError("--recordings DIR goes with one provider: name it, or give one --provider-file, got \(providers.count)")
        }
        let sets = try providers.map { provider in (provider, try RecordingSources.recordings(for: provider, directory: recordingsDirectory)) }
        if stale { return staleFixes(sets, console: context.console) }
        return replayRecordings(of: sets, json: json, console: context.console)
    }

    // MARK: Recordings

    static func replayRecordings(of sets: [(Provider, [Recording])], json: Bool, console: Console) -> Int32 {
        var results: [JSONValue] = []
        var matches = 0, mismatches = 0, total = 0, unproven = 0
        for (provider, recordings) in sets {
            if !json { console.print("\(provider.name): \(provider.displayName), \(recordings.count) recording\(recordings.count == 1 ? "" : "s")") }
            for recording in recordings {
                total += 1
                let trace = FixTrace()
                let outcome = recording.replay(with: provider, trace: trace)
                let strict = recording.replay(with: provider.strictCore)
                let matched = outcome.matches(recording.expected)
                if matched { matches += 1 } else { mismatches += 1 }
                if json {
                    results.append([
                        "provider": .string(provider.name), "recording": .string(recording.name), "title": .string(recording.title),
                        "hookPoint": .string(recording.hookPoint.name), "compliant": .bool(recording.compliant),
                        "expected": .string(recording.expected.description), "outcome": .string(outcome.description),
                        "strictCore": .string(strict.description), "fixesFired": .array(trace.fixes.map { .string($0.rawValue) }),
                        "match": .bool(matched),
                    ])
                    continue
                }
                console.print("")
                console.print("  \(recording.name): \(recording.title)")
                console.print("    source:      \(recording.source)")
                printInput(recording.input, hookPoint: recording.hookPoint, console: console)
                console.print("    strict core: \(strict)")
                console.print("    fixes fired: " + (trace.entries.isEmpty ? "none" : trace.entries.map(\.description).joined(separator: ", ")))
                console.print("    result:      \(outcome)")
                console.print(matched ? "    match" : "    MISMATCH: expected \(recording.expected)")
            }
            let problems = ProviderProof(provider: provider, recordings: recordings).problems
            unproven += problems.isEmpty ? 0 : 1
            if json {
                for problem in problems { console.printError("not proven: \(problem)") }
                continue
            }
            console.print("")
            if problems.isEmpty {
                console.print("  proven: with the fixes every recording matches; without them the strict core fails or differs on every quirk;")
                console.print("  every fix is needed by a recording and leaves the golden responses unchanged")
            } else {
                for problem in problems { console.print("  NOT PROVEN: \(problem.message)") }
            }
            console.print("")
        }
        if json {
            console.print(JSONWriter.prettyString(.array(results)))
        } else {
            console.print("\(sets.count) provider\(sets.count == 1 ? "" : "s"), \(total) recordings: \(matches) match, \(mismatches) mismatch")
            if unproven > 0 { console.print("\(unproven) provider\(unproven == 1 ? " is" : "s are") not proven: see NOT PROVEN above") }
        }
        return mismatches == 0 && unproven == 0 ? 0 : 1
    }

    /// `--stale`: for each provider, the fixes that ran on its recorded exchanges (those record
    /// mode wrote; all recordings when there are none) and never acted, and the fixes no
    /// recording needs.
    static func staleFixes(_ sets: [(Provider, [Recording])], console: Console) -> Int32 {
        for (provider, recordings) in sets {
            let live = recordings.filter { $0.sentRequest != nil }
            let basis = live.isEmpty ? recordings : live
            let traces = basis.map { recording in
                let trace = FixTrace()
                _ = recording.replay(with: provider, trace: trace)
                return trace
            }
            var lines: [String] = []
            for fix in provider.fixes {
                let ran = traces.filter { trace in trace.entries.contains { $0.fix == fix.id } || trace.idle.contains { $0.fix == fix.id } }
                let acted = ran.filter { trace in trace.entries.contains { $0.fix == fix.id } }
                if !ran.isEmpty, acted.isEmpty {
                    lines.append("\(fix.id): did not act on any of the \(ran.count) \(live.isEmpty ? "recording" : "recorded exchange")\(ran.count == 1 ? "" : "s") it ran on")
                }
                let without = provider.withFixes(provider.fixes.filter { $0.id != fix.id })
                if !recordings.contains(where: { !$0.replay(with: without).matches($0.expected) }) {
                    lines.append("\(fix.id): no recording needs it (removing it changes no outcome)")
                }
            }
            let count = live.isEmpty ? recordings.count : live.count
            let kind = "\(count) \(live.isEmpty ? "recording" : "recorded exchange")\(count == 1 ? "" : "s")"
            console.print("\(provider.name): \(lines.isEmpty ? "no stale fix" : "\(lines.count) sign\(lines.count == 1 ? "" : "s") of a stale fix") over \(kind)")
            for line in lines { console.print("  \(line)") }
        }
        return 0
    }

    private static func printInput(_ input: Recording.Input, hookPoint: HookPoint, console: Console) {
        switch input {
        case .response(let response, let previous):
            if let previous, let refreshToken = previous.refreshToken { console.print("    refreshing:  refresh_token \(refreshToken)") }
            console.print("    recorded:    HTTP \(response.status) (\(hookPoint))")
            for field in response.headers { console.print("                 \(field.name): \(field.value)") }
            for line in String(decoding: response.body, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                console.print("                 | \(line)")
            }
        case .authorization(let inputs):
            console.print("    input:       authorization request for client \(inputs.clientID), scopes \((inputs.scopes ?? []).joined(separator: " "))")
        case .tokenRequest(let grant, let client):
            console.print("    input:       \(grant.type) token request for client \(client.id)")
        case .revocationRequest(_, let hint, let client):
            console.print("    input:       revocation of " + (hint.map { "a token (\($0.name))" } ?? "a token") + " for client \(client.id)")
        case .protectedRequest(let request, _, let client):
            console.print("    input:       \(request.method) \(request.url.absoluteString)" + (client.map { " as client \($0.id)" } ?? ""))
        case .oauth1Request(let inputs):
            console.print("    input:       OAuth 1.0a \(hookPoint) for consumer \(inputs.consumerKey), nonce \(inputs.nonce), timestamp \(inputs.timestamp)")
        case .oauth1Authorization(let inputs, _):
            console.print("    input:       OAuth 1.0a authorization URL for request token \(inputs.token ?? "")")
        case .oauth1Callback(let callback, let inputs):
            console.print("    input:       callback \(callback) for request token \(inputs.token ?? "")")
        case .oauth1ProtectedRequest(let request, _):
            console.print("    input:       \(request.method) \(request.url.absoluteString), signed with OAuth 1.0a")
        case .authorizationResponse(let callback, _, let client):
            console.print("    input:       callback \(callback) for client \(client.id)")
        }
    }

    // MARK: A captured response

    static func replayCapture(file: String, provider: Provider, refresh: Bool, requestToken: Bool = false, json: Bool, console: Console) throws -> Int32 {
        let data = try LocalFiles.read(file, role: "response file")
        let response: HTTPResponse
        do {
            response = try HTTPResponse(rawHTTP: data)
        } catch {
            throw UsageError("\(file): \(error)")
        }
        let trace = FixTrace()
        if provider.version == .oauth1 {
            return replayOAuth1Capture(response, provider: provider, requestToken: requestToken, json: json, console: console)
        }
        if requestToken { throw UsageError("--request-token goes with an OAuth 1.0a provider; \(provider.name) speaks OAuth 2.0") }
        let engine = FlowEngine(provider: provider)
        do {
            let token = try engine.token(from: response, at: refresh ? .refreshResponse : .accessTokenResponse, trace: trace)
            if json {
                console.print(JSONWriter.string(.object(token.jsonObject())))
            } else {
                console.print(JSONWriter.prettyString(.object(token.jsonObject())))
                console.printError("fixes fired: " + (trace.fixes.isEmpty ? "none" : trace.fixes.map(\.rawValue).joined(separator: ", ")))
            }
            return 0
        } catch let error as TokenResponseError {
            let status = ErrorReport.print(error, console: console)
            if !json, !trace.fixes.isEmpty { console.printError("fixes fired: " + trace.fixes.map(\.rawValue).joined(separator: ", ")) }
            return status
        }
    }

    /// A captured OAuth 1.0a credentials response through the provider's response fixes.
    static func replayOAuth1Capture(_ response: HTTPResponse, provider: Provider, requestToken: Bool, json: Bool, console: Console) -> Int32 {
        let trace = FixTrace()
        let engine = OAuth1Engine(provider: provider)
        do {
            let credentials = requestToken
                ? try engine.temporaryCredentials(from: response, trace: trace) : try engine.tokenCredentials(from: response, trace: trace)
            console.print(json ? JSONWriter.string(.object(credentials.jsonObject())) : JSONWriter.prettyString(.object(credentials.jsonObject())))
            if !json { console.printError("fixes fired: " + (trace.fixes.isEmpty ? "none" : trace.fixes.map(\.rawValue).joined(separator: ", "))) }
            return 0
        } catch {
            let status = ErrorReport.print(error, console: console)
            if !json, !trace.fixes.isEmpty { console.printError("fixes fired: " + trace.fixes.map(\.rawValue).joined(separator: ", ")) }
            return status
        }
    }
}
