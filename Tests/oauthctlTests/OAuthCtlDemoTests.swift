import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing
@testable import oauthctl

/// `oauthctl demo`: every flow passes with the fixes, the strict core alone fails somewhere
/// against every emulated provider, and the verdict can fail.
@Suite struct OAuthCtlDemoTests {
    @Test func everyFlowPassesWithTheFixesAndTheStrictCoreFailsSomewhere() async throws {
        let reports = try await DemoCommand.run(providers: ProviderRegistry.builtIn.providers.filter { $0.version == .oauth2 })
        #expect(reports.map(\.name) == ["standard", "standard OAuth 1.0a"] + ProviderRegistry.builtIn.providers.filter { $0.version == .oauth2 }.map(\.name))
        for report in reports {
            #expect(report.withFixes.map(\.flow) == (report.name == "standard OAuth 1.0a" ? DemoOAuth1Flows.names : DemoFlow.allCases.map(\.rawValue)))
            for result in report.withFixes {
                #expect(result.passed, "\(report.name) \(result.flow): \(result.summary)")
            }
            if let strict = report.strictCore {
                #expect(strict.contains { !$0.passed }, "the strict core alone passes every flow against \(report.name)")
            }
            #expect(report.succeeded)
        }
        let standard = try #require(reports.first)
        #expect(standard.strictCore == nil)
        #expect(standard.withFixes.allSatisfy { $0.fixes.isEmpty })
        let facebook = try #require(reports.first { $0.name == "facebook" })
        #expect(facebook.withFixes[0].fixes.contains("facebook.form-encoded-token-body"))
        #expect(facebook.withFixes[1].summary == "n/a: the provider issues no refresh token")
    }

    @Test func theTableAndTheExitStatus() async throws {
        let captured = OAuthCtlSandboxTests.Output()
        let status = await OAuthCtl.run(["demo", "weibo", "google"], console: captured.console)
        #expect(status == 0, "\(captured.out)")
        let lines = captured.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("provider") == true)
        #expect(lines.contains { $0.hasPrefix("weibo") && $0.contains("code + PKCE") && $0.contains("pass:") && $0.contains("weibo.json-under-text-plain") })
        #expect(lines.contains { $0.contains("protected request") && $0.contains("fails: 401") })
        #expect(lines.contains { $0.contains("refresh") && $0.contains("fails: no refresh token was issued") })
        #expect(captured.out.contains("Every flow passes with the providers' fixes."))
    }

    @Test func theJSONReport() async throws {
        let captured = OAuthCtlSandboxTests.Output()
        #expect(await OAuthCtl.run(["demo", "twitch", "--json"], console: captured.console) == 0)
        let reports = try #require(try JSONParser().parse(Data(captured.out.utf8)).arrayValue)
        #expect(reports.count == 3)
        #expect(reports[2].objectValue?["server"] == "twitch")
        #expect(reports[2].objectValue?["succeeded"] == true)
        #expect(reports[2].objectValue?["strictCore"]?.arrayValue?.count == DemoFlow.allCases.count)
    }

    /// A provider whose fixes are gone fails the demo: the verdict is not a constant.
    @Test func anOAuth1ProviderIsNamedAsSuch() async {
        let captured = OAuthCtlSandboxTests.Output()
        #expect(await OAuthCtl.run(["demo", "twitter"], console: captured.console) == 2)
        #expect(captured.error.contains("demo: twitter speaks OAuth 1.0a; the demo emulates OAuth 2.0 providers"))
    }

    @Test func withoutItsFixesAProviderFailsTheDemo() async throws {
        let facebook = try ProviderRegistry.builtIn.provider(named: "facebook")
        let reports = try await DemoCommand.run(providers: [facebook.strictCore])
        let report = try #require(reports.last)
        #expect(!report.succeeded)
        #expect(!report.withFixes[0].passed)
    }
}
