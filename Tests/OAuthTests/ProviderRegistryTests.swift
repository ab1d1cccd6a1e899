import Foundation
import OAuth
import Testing

/// The registry: explicit list, case-insensitive names, duplicates refused, near matches.
@Suite struct ProviderRegistryTests {
    func provider(_ name: String, fixes: [Fix] = []) -> Provider {
        Provider(name: name, displayName: name, endpoints: Endpoints(token: Endpoint("https://\(name).example/token")), fixes: fixes)
    }

    @Test func lookupIgnoresCase() throws {
        let registry = try ProviderRegistry([provider("github"), provider("gitlab")])
        #expect(try registry.provider(named: "GitHub").name == "github")
        #expect(registry.contains("GITLAB"))
        #expect(registry.names == ["github", "gitlab"])
    }

    @Test func duplicatesAndBadNamesAreRefused() {
        #expect(throws: ProviderRegistryError.duplicateProvider("github")) { try ProviderRegistry([provider("github"), provider("github")]) }
        #expect(throws: ProviderRegistryError.invalidName("Git Hub")) { try ProviderRegistry([provider("Git Hub")]) }
        #expect(throws: ProviderRegistryError.duplicateFix("a.x", provider: "a")) {
            try ProviderRegistry([provider("a", fixes: [Fix(id: "a.x", DefaultTokenType()), Fix(id: "a.x", ScopeAsArray())])])
        }
        #expect(throws: ProviderRegistryError.duplicateProvider("b")) { try ProviderRegistry([provider("a")]).adding([provider("b"), provider("b")]) }
    }

    @Test func unknownNamesListNearMatches() {
        let registry = try! ProviderRegistry([provider("github"), provider("gitlab"), provider("google"), provider("twitch")])
        #expect(throws: ProviderRegistryError.unknownProvider("githbu", nearMatches: ["github"])) { try registry.provider(named: "githbu") }
        #expect(throws: ProviderRegistryError.unknownProvider("git", nearMatches: ["github", "gitlab"])) { try registry.provider(named: "git") }
        #expect(throws: ProviderRegistryError.unknownProvider("zzzzzz", nearMatches: [])) { try registry.provider(named: "zzzzzz") }
        let error = ProviderRegistryError.unknownProvider("githbu", nearMatches: ["github", "gitlab"])
        #expect(error.description == #"unknown provider "githbu"; did you mean "github", "gitlab"?"#)
    }

    @Test func perClientEnablingByNameByIdsOrWithAFixDisabled() throws {
        let weibo = provider("weibo", fixes: [Fix(id: "weibo.missing-token-type", DefaultTokenType()), Fix(id: "weibo.token-in-query", TokenInQuery())])
        let registry = try ProviderRegistry([weibo, provider("acme")])
        #expect(try registry.provider(named: "weibo").tokenPlacement == .query("access_token"))
        let headerOnly = try registry.provider(named: "weibo").disablingFixes(["weibo.token-in-query"])
        #expect(headerOnly.fixes.map(\.id) == ["weibo.missing-token-type"])
        #expect(headerOnly.tokenPlacement == .bearerHeader)
        let acme = try registry.provider(named: "acme").addingFixes(try registry.fixes(["weibo.missing-token-type"]))
        #expect(acme.fixes.map(\.id) == ["weibo.missing-token-type"])
        #expect(throws: ProviderRegistryError.unknownFix("weibo.token-in-querry", nearMatches: ["weibo.token-in-query"])) {
            try registry.provider(named: "weibo").disablingFixes(["weibo.token-in-querry"])
        }
        #expect(throws: ProviderRegistryError.self) { try registry.fix("nope.nothing") }
    }
}
