import OAuth
import OAuthTesting

/// One server's flows in `oauthctl demo`: with the provider's fixes, with the strict core alone,
/// and what the two show about the provider.
struct DemoReport: Sendable {
    /// The server: `standard`, `standard OAuth 1.0a`, or the emulated provider's name.
    var name: String
    /// The flows with the provider's fixes (for a standard server, with none).
    var withFixes: [DemoResult]
    /// The same flows with the strict core alone; `nil` for a standard server.
    var strictCore: [DemoResult]?
    /// The fixes that acted in the run with fixes, in the order they first did.
    var fired: [FixID]
    /// What the runs show about an emulated provider; `nil` for a standard server.
    var verdict: EmulationVerdict?

    /// A report; give `strictCore` and the `provider` whose fixes the client ran to judge an
    /// emulated provider.
    init(name: String, withFixes: [DemoResult], strictCore: [DemoResult]? = nil, provider: Provider? = nil) {
        self.name = name
        self.withFixes = withFixes
        self.strictCore = strictCore
        var seen = Set<FixID>()
        fired = withFixes.flatMap(\.fixes).filter { seen.insert($0).inserted }
        if let strictCore, let provider {
            verdict = EmulationVerdict(
                provider: provider, fired: fired, passedWithFixes: withFixes.allSatisfy(\.passed), strictCorePassed: strictCore.allSatisfy(\.passed)
            )
        }
    }

    /// Whether the server shows what it should: every flow passes with the fixes and, for an
    /// emulated provider, the strict core alone fails exactly when the fixes acted.
    var succeeded: Bool {
        verdict?.succeeded ?? withFixes.allSatisfy(\.passed)
    }

    /// The report as `oauthctl demo --json` prints it.
    var json: JSONValue {
        func flows(_ results: [DemoResult]) -> JSONValue {
            .array(results.map { result in
                .object([
                    "flow": .string(result.flow), "passed": .bool(result.passed), "summary": .string(result.summary),
                    "fixes": .array(result.fixes.map { .string($0.rawValue) }),
                ])
            })
        }
        var object: JSONObject = ["server": .string(name), "succeeded": .bool(succeeded), "withFixes": flows(withFixes)]
        if let strictCore { object["strictCore"] = flows(strictCore) }
        if let verdict { object["verdict"] = .string(verdict.description) }
        return .object(object)
    }
}
