import Foundation
import OAuth
import OAuthTesting

/// `oauthctl demo`: the sandbox on an ephemeral loopback port, a standard server and every
/// registered provider's emulation, the real flows through the real client and transport, once
/// with the provider's fixes and once with the strict core alone; a line per server says what
/// happened (``DemoOutput``).
///
/// The strict run authenticates the client the way the provider declares (a caller's choice,
/// no fix needed), and when it cannot get a token it goes on with one the fixes got, so that
/// every flow shows what the strict core alone makes of the provider.
///
/// Exit 0 only when every flow passes with the fixes, and for every emulated provider the strict
/// core alone fails somewhere exactly when its fixes acted in the flows (``EmulationVerdict``): a
/// provider whose fixes change nothing there is standard, and the strict core alone must pass.
///
/// By default one summary line per server, at most 100 columns; `--verbose` adds the table of
/// every flow.
enum DemoCommand {
    static let spec = CommandSpec(
        "demo", section: .sandbox,
        summary: "Run real OAuth flows against the sandbox: a standard server and every provider's emulation, with and without fixes.",
        arguments: "[NAME ...]", argumentCount: 0...Int.max,
        details: """
            Runs the code flow with PKCE, a refresh, a protected request, revocation and a replayed code against the sandbox on an \
            ephemeral 127.0.0.1 port: a standard server, then each provider's emulation (or those NAMEd), with the provider's fixes \
            and with the strict core alone. One line per server within 100 columns; --verbose shows every flow. The exit status is \
            0 only when every flow passes with the fixes and, against each provider, the strict core alone fails somewhere exactly \
            when its fixes acted.
            """,
        options: [
            OptionSpec("--recordings", value: .directory("DIR"), help: "Emulate one provider (named, or from --provider-file) from the recordings in DIR."),
            OptionSpec("--verbose", help: "A row per flow: what happened with the fixes and with the strict core alone, and which fixes fired."),
            OptionSpec("--json", help: "Print the report as JSON."),
        ],
        examples: ["oauthctl demo", "oauthctl demo weibo google --verbose", "oauthctl demo --provider-file acme.json --recordings Acme/Recordings"],
        run: { arguments, context in try await run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let json = arguments.flag("--json")
        let verbose = arguments.flag("--verbose")
        let recordingsDirectory = try arguments.value("--recordings")
        let names = try arguments.positionals()
        let providers: [Provider]
        if names.isEmpty {
            // Every OAuth 2.0 provider, or those from --provider-file; one without recordings is
            // an error (RecordingSources), never silently left out.
            let candidates = context.providerFiles.isEmpty ? context.registry.providers : context.providerFiles
            providers = candidates.filter { $0.version == .oauth2 }
        } else {
            providers = try names.map { name in
                let provider = try context.registry.provider(named: name)
                guard provider.version == .oauth2 else {
                    throw UsageError("demo: \(provider.name) speaks OAuth \(provider.version.name); the demo emulates OAuth 2.0 providers (`oauthctl replay \(provider.name)` shows its fixes)")
                }
                return provider
            }
        }
        if recordingsDirectory != nil, providers.count != 1 {
            throw UsageError("--recordings DIR goes with one provider: name it, or give one --provider-file, got \(providers.count)")
        }
        let recordings = try providers.map { try RecordingSources.recordings(for: $0, directory: recordingsDirectory) }
        let started = Date()
        let reports = try await run(providers: providers, recordings: recordings)
        let seconds = Date().timeIntervalSince(started)
        if json {
            context.console.print(JSONWriter.prettyString(.array(reports.map(\.json))))
        } else {
            DemoOutput(reports: reports, seconds: seconds).lines(verbose: verbose).forEach { context.console.print($0) }
        }
        return reports.allSatisfy(\.succeeded) ? 0 : 1
    }

    /// Runs the standard server's flows and each provider's, with and without its fixes; each
    /// provider is emulated from its recordings (`recordings[i]` for `providers[i]`, or by
    /// default its built-in ones).
    static func run(providers: [Provider], recordings: [[Recording]]? = nil) async throws -> [DemoReport] {
        let emulations = try providers.enumerated().map { index, provider in
            try SandboxEmulation(provider: provider, recordings: recordings?[index] ?? BuiltInRecordings.recordings(for: provider.name))
        }
        let server = DemoServer(emulations: emulations)
        try await server.start()
        defer { server.stop() }
        let origin = server.server.baseURL.absoluteString

        let standardBase = server.base(of: "standard")
        let standard = Provider(
            name: "standard", displayName: "Standard OAuth 2.0 server", endpoints: endpoints(base: standardBase, origin: origin),
            issuer: standardBase, issuerInAuthorizationResponse: true
        )
        let standardExpectations = DemoExpectations(refreshTokens: true, replayedCodeError: "invalid_grant")
        var reports = [DemoReport(name: "standard", withFixes: await DemoFlows(provider: standard, base: standardBase, expectations: standardExpectations).run())]
        reports.append(DemoReport(name: "standard OAuth 1.0a", withFixes: await DemoOAuth1Flows(base: standardBase).run()))
        for emulation in emulations {
            let base = server.base(of: emulation.name)
            // The provider's endpoints, and its issuer if it declares one, are the sandbox's.
            let provider = emulation.clientProvider(base: base, resourceOrigin: origin)
            let expectations = DemoExpectations(
                refreshTokens: emulation.tokenTemplates.contains { $0.refreshToken != nil },
                replayedCodeError: emulation.replayedCodeError.code, replayedCodeDescription: emulation.replayedCodeError.description
            )
            // The client is given a stand-in for every value the provider's clients are given.
            let fixed = await DemoFlows(provider: provider, base: base, expectations: expectations, values: emulation.values).run()
            // The strict run authenticates the client as the provider wants: a caller can choose
            // that without any fix, and it lets the run show what the fixes do beyond it.
            let strict = await DemoFlows(
                provider: provider.strictCore, base: base, expectations: expectations, values: emulation.values,
                clientAuthentication: provider.clientAuthentication, seed: provider
            ).run()
            reports.append(DemoReport(name: emulation.name, withFixes: fixed, strictCore: strict, provider: provider))
        }
        return reports
    }

    /// Every endpoint of a sandbox, and its origin as the resource origin.
    static func endpoints(base: String, origin: String) -> Endpoints {
        Endpoints(
            authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"), revocation: Endpoint(base + "/revoke"),
            introspection: Endpoint(base + "/introspect"), deviceAuthorization: Endpoint(base + "/device_authorization"),
            resourceOrigins: [origin]
        )
    }
}
