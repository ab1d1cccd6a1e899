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

    /// A protected request goes only to the provider's resource origins, filled from the
    /// recording's values (`https://{domain}`) or from the token (`{instance_url}`): an API call
    /// recorded for a host the client would refuse proves nothing.
    @Test func everyProtectedRequestGoesToAResourceOrigin() throws {
        var count = 0
        for provider in ProviderRegistry.builtIn.providers where provider.version == .oauth2 {
            for recording in try BuiltInRecordings.recordings(for: provider.name) {
                guard case .protectedRequest(let request, let token, let credentials) = recording.input else { continue }
                let client = OAuthClient(provider: provider, credentials: credentials ?? ClientCredentials(id: "client"), endpointValues: recording.endpointValues)
                let origin = try #require(EndpointSecurity.origin(of: request.url))
                #expect(client.allowedOrigins(for: token).contains(origin), "\(provider.name)/\(recording.name): \(origin) is not among \(client.allowedOrigins(for: token).sorted())")
                count += 1
            }
        }
        #expect(count > 30)
    }

    /// An issuer with placeholders fills with the same kind of values as the endpoints, into an
    /// https URL.
    @Test func everyIssuerIsAnHTTPSURLOnceFilled() throws {
        for provider in ProviderRegistry.builtIn.providers {
            guard let issuer = provider.issuer else { continue }
            let template = Endpoint(issuer)
            let values = Dictionary(uniqueKeysWithValues: template.placeholders.map { ($0, "example") })
            let url = try template.url(values)
            #expect(url.scheme == "https", "\(provider.name): issuer \(issuer)")
            #expect(url.query == nil && url.fragment == nil, "\(provider.name): issuer \(issuer) has a query or fragment (RFC 8414 §2)")
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
