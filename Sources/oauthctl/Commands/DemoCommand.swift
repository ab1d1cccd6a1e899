import Foundation
import OAuth
import OAuthTesting

/// `oauthctl demo`: the sandbox on an ephemeral loopback port, a standard server and every
/// registered provider's emulation, the real flows through the real client and transport, once
/// with the provider's fixes and once with the strict core alone; a table of what happened.
///
/// The strict run authenticates the client the way the provider declares (a caller's choice,
/// no fix needed), and when it cannot get a token it goes on with one the fixes got, so that
/// every flow shows what the strict core alone makes of the provider.
///
/// Exit 0 only when every flow passes with the fixes, and the strict core alone fails somewhere
/// against every emulated provider (the emulation shows the quirks the fixes are for).
enum DemoCommand {
    /// One provider's flows, with its fixes and with the strict core alone.
    struct Report: Sendable {
        var name: String
        var withFixes: [DemoResult]
        var strictCore: [DemoResult]?

        /// Whether the provider shows what it should: every flow passes with the fixes, and
        /// the strict core alone fails somewhere (for a provider with fixes).
        var succeeded: Bool {
            withFixes.allSatisfy(\.passed) && (strictCore.map { !$0.allSatisfy(\.passed) } ?? true)
        }
    }

    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let json = arguments.flag("--json")
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
            context.console.print(JSONWriter.prettyString(.array(reports.map(jsonValue))))
        } else {
            print(reports, seconds: seconds, console: context.console)
        }
        return reports.allSatisfy(\.succeeded) ? 0 : 1
    }

    /// Runs the standard server's flows and each provider's, with and without its fixes; each
    /// provider is emulated from its recordings (`recordings[i]` for `providers[i]`, or by
    /// default its built-in ones).
    static func run(providers: [Provider], recordings: [[Recording]]? = nil) async throws -> [Report] {
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
        var reports = [Report(name: "standard", withFixes: await DemoFlows(provider: standard, base: standardBase, expectations: standardExpectations).run())]
        reports.append(Report(name: "standard OAuth 1.0a", withFixes: await DemoOAuth1Flows(base: standardBase).run()))
        for emulation in emulations {
            let base = server.base(of: emulation.name)
            var provider = emulation.provider
            provider.endpoints = endpoints(base: base, origin: origin)
            let expectations = DemoExpectations(
                refreshTokens: emulation.tokenTemplates.contains { $0.refreshToken != nil },
                replayedCodeError: emulation.recordedError(for: "invalid_grant", at: .accessTokenResponse)?.code ?? "invalid_grant"
            )
            let fixed = await DemoFlows(provider: provider, base: base, expectations: expectations).run()
            // The strict run authenticates the client as the provider wants: a caller can choose
            // that without any fix, and it lets the run show what the fixes do beyond it.
            let strict = await DemoFlows(
                provider: provider.strictCore, base: base, expectations: expectations, clientAuthentication: provider.clientAuthentication,
                seed: provider
            ).run()
            reports.append(Report(name: emulation.name, withFixes: fixed, strictCore: strict))
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

    // MARK: Output

    static func print(_ reports: [Report], seconds: TimeInterval, console: Console) {
        var rows: [[String]] = [["provider", "flow", "with fixes", "strict core alone", "fixes fired"]]
        for report in reports {
            for (index, result) in report.withFixes.enumerated() {
                let strict = report.strictCore.map { cell($0[index], passWord: "passes", failWord: "fails") } ?? "(no fixes)"
                rows.append([
                    index == 0 ? report.name : "", result.flow, cell(result, passWord: "pass", failWord: "FAIL"), strict,
                    result.fixes.map(\.rawValue).joined(separator: ", "),
                ])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let padded = (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            var line = (padded + [row[4]]).joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            console.print(line)
        }
        console.print()
        let flows = reports.reduce(0) { $0 + $1.withFixes.count }
        let failedWithFixes = reports.filter { !$0.withFixes.allSatisfy(\.passed) }.map(\.name)
        let strictPassing = reports.filter { report in report.strictCore.map { $0.allSatisfy(\.passed) } ?? false }.map(\.name)
        console.print("\(reports.count) servers, \(flows) flows with fixes, \(String(format: "%.1f", seconds)) s. OAuth 1.0a providers are proven by their recordings: `oauthctl replay`.")
        console.print(failedWithFixes.isEmpty ? "Every flow passes with the providers' fixes." : "FAILED with fixes: \(failedWithFixes.joined(separator: ", ")).")
        console.print(strictPassing.isEmpty
            ? "The strict core alone fails somewhere against every emulated provider: the fixes are what makes them work."
            : "The strict core alone passes every flow against \(strictPassing.joined(separator: ", ")): the emulation shows no quirk there.")
    }

    /// A table cell: the verdict and, when it says something, the summary, shortened.
    static func cell(_ result: DemoResult, passWord: String, failWord: String) -> String {
        if result.skipped { return "skipped" }
        let verdict = result.passed ? passWord : failWord
        let summary = result.summary.count > 60 ? String(result.summary.prefix(59)) + "…" : result.summary
        return "\(verdict): \(summary)"
    }

    static func jsonValue(_ report: Report) -> JSONValue {
        func flows(_ results: [DemoResult]) -> JSONValue {
            .array(results.map { result in
                .object([
                    "flow": .string(result.flow), "passed": .bool(result.passed), "summary": .string(result.summary),
                    "fixes": .array(result.fixes.map { .string($0.rawValue) }),
                ])
            })
        }
        var object: JSONObject = ["server": .string(report.name), "succeeded": .bool(report.succeeded), "withFixes": flows(report.withFixes)]
        if let strict = report.strictCore { object["strictCore"] = flows(strict) }
        return .object(object)
    }
}
