import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// Every built-in provider, proven against its recordings: the one test that keeps the
/// `Providers/` folders, the registry and the fixes in step.
@Suite struct ProviderRecordingsTests {
    @Test(arguments: ProviderRegistry.builtIn.names)
    func providerIsProvenByItsRecordings(name: String) throws {
        let provider = try ProviderRegistry.builtIn.provider(named: name)
        let proof = ProviderProof(provider: provider, recordings: try BuiltInRecordings.recordings(for: name))
        #expect(proof.problems.isEmpty, "\(proof.problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyFolderLoads() {
        #expect(BuiltInProviders.problems.isEmpty, "\(BuiltInProviders.problems.joined(separator: "\n"))")
        #expect(BuiltInProviders.folders.count == ProviderRegistry.builtIn.providers.count)
    }

    @Test(arguments: BuiltInProviders.folders.map(\.name))
    func everyFolderHasAReadmeAndRecordingsThatNameTheirSources(folder name: String) throws {
        let folder = try #require(BuiltInProviders.folder(named: name))
        let readme = try #require(folder.readme, "Providers/\(name) has no README.md")
        #expect(readme.contains("source") || readme.contains("Source"), "Providers/\(name)/README.md names no source")
        let recordings = try Recording.loadAll(from: folder)
        #expect(!recordings.isEmpty, "Providers/\(name) has no recordings in Providers/\(name)/Recordings")
        for recording in recordings {
            #expect(recording.source.count >= 20, "\(name)/\(recording.name) needs a source")
        }
    }

    @Test func everyFixIdBelongsToItsProvider() {
        for provider in ProviderRegistry.builtIn.providers {
            for fix in provider.fixes {
                #expect(fix.id.provider == provider.name, "fix \(fix.id) sits in provider \(provider.name)")
            }
        }
    }

    @Test func everyBuiltInProviderRoundTripsThroughJSON() throws {
        for provider in ProviderRegistry.builtIn.providers {
            let data = try provider.jsonData()
            let decoded = try Provider.decode(from: data, catalog: BuiltInProviders.catalog)
            #expect(decoded.name == provider.name)
            #expect(decoded.fixes.map(\.id) == provider.fixes.map(\.id))
            #expect(decoded.fixes.map(\.hookPoints) == provider.fixes.map(\.hookPoints))
            #expect(try decoded.jsonData() == data)
            let proof = ProviderProof(provider: decoded, recordings: try BuiltInRecordings.recordings(for: provider.name))
            #expect(proof.problems.isEmpty, "\(provider.name) loaded from its own JSON: \(proof.problems)")
        }
    }
}
