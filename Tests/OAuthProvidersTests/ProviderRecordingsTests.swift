import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// Every built-in provider, proven against its recordings: the one test that keeps the
/// `Providers/` folders, the registry and the fixes in step.
@Suite struct ProviderRecordingsTests {
    @Test(arguments: Provider.builtIn.map(\.name))
    func providerIsProvenByItsRecordings(name: String) throws {
        let provider = try ProviderRegistry.builtIn.provider(named: name)
        let proof = ProviderProof(provider: provider, recordings: try BuiltInRecordings.recordings(for: name))
        #expect(proof.problems.isEmpty, "\(proof.problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyFolderIsARegisteredProviderWithRecordingsAndAReadme() throws {
        let folders = BuiltInRecordings.folderNames()
        #expect(!folders.isEmpty)
        for folder in folders {
            #expect(ProviderRegistry.builtIn.contains(folder), "Providers/\(folder) is not in Provider.builtIn (Providers/BuiltIn.swift)")
            let directory = BuiltInRecordings.providersDirectory.appendingPathComponent(folder)
            let recordings = (try? Recording.loadAll(from: directory.appendingPathComponent("Recordings"))) ?? []
            #expect(!recordings.isEmpty, "Providers/\(folder) has no recordings in Providers/\(folder)/Recordings")
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path), "Providers/\(folder) has no README.md")
        }
    }

    @Test func everyRegisteredProviderHasAFolder() {
        for provider in Provider.builtIn {
            #expect(BuiltInRecordings.folder(for: provider.name) != nil, "provider \(provider.name) has no folder under Providers/")
        }
    }

    @Test func everyRecordingNamesItsSource() throws {
        for provider in Provider.builtIn {
            for recording in try BuiltInRecordings.recordings(for: provider.name) {
                #expect(recording.source.count >= 20, "\(provider.name)/\(recording.name) needs a source")
            }
        }
    }

    @Test func everyFixIdBelongsToItsProvider() {
        for provider in Provider.builtIn {
            for fix in provider.fixes {
                #expect(fix.id.provider == provider.name, "fix \(fix.id) sits in provider \(provider.name)")
            }
        }
    }

    @Test func everyBuiltInProviderRoundTripsThroughJSON() throws {
        for provider in Provider.builtIn {
            let data = try provider.jsonData()
            let decoded = try Provider.decode(from: data)
            #expect(decoded.name == provider.name)
            #expect(decoded.fixes.map(\.id) == provider.fixes.map(\.id))
            #expect(decoded.fixes.map(\.hookPoints) == provider.fixes.map(\.hookPoints))
            let recordings = try BuiltInRecordings.recordings(for: provider.name)
            let proof = ProviderProof(provider: decoded, recordings: recordings)
            #expect(proof.problems.isEmpty, "\(provider.name) loaded from its own JSON: \(proof.problems)")
        }
    }
}
