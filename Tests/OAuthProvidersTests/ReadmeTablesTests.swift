import Foundation
import OAuth
import OAuthProviders
import Testing

/// The README's generated tables are what the package holds: the providers from their folders,
/// the building blocks from their declarations. Run the tests with `OAUTH_UPDATE_README=1` to
/// write them afresh.
@Suite struct ReadmeTablesTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// Compares the README's text between two markers with `expected`, or writes it there.
    func check(_ expected: String, between start: String, and end: String, what: String) throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        let open = try #require(text.range(of: start + "\n"), "README.md has no marker \(start)")
        let close = try #require(text.range(of: "\n" + end, range: open.upperBound..<text.endIndex), "README.md has no marker \(end)")
        if ProcessInfo.processInfo.environment["OAUTH_UPDATE_README"] == "1" {
            text.replaceSubrange(open.upperBound..<close.lowerBound, with: expected)
            try Data(text.utf8).write(to: Self.readme)
            return
        }
        #expect(String(text[open.upperBound..<close.lowerBound]) == expected,
                "README.md's \(what) is stale: run `OAUTH_UPDATE_README=1 swift test --filter ReadmeTablesTests`")
    }

    @Test func theProviderTableIsGeneratedFromTheFolders() throws {
        try check(BuiltInProviders.readmeTable, between: "<!-- providers: generated from the provider folders (`BuiltInProviders.readmeTable`) -->",
                  and: "<!-- end of providers -->", what: "table of providers")
    }
}
