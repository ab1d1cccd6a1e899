import Foundation
import OAuth
import OAuthProviders
import Testing

/// Every OAuth 2.0 provider's authorization URL carries the PKCE challenge its setting asks for:
/// S256 by default, the verifier itself with `plain` for a `plain-only` provider (MyAnimeList),
/// none for an `unsupported` one. Recordings cannot show this: they always sign with S256.
@Suite struct ProviderPKCETests {
    static let oauth2Providers = ProviderRegistry.builtIn.providers
        .filter { $0.version == .oauth2 && $0.endpoints.authorization != nil }
        .map(\.name)

    @Test(arguments: oauth2Providers)
    func authorizationURLCarriesTheChallengeThePolicyAsksFor(name: String) throws {
        let provider = try ProviderRegistry.builtIn.provider(named: name)
        // The authorization endpoint's values, and the issuer's, which the pending authorization holds.
        let placeholders = (provider.endpoints.authorization?.placeholders ?? []) + (provider.issuer.map { Endpoint($0).placeholders } ?? [])
        let values = Dictionary(placeholders.map { ($0, "example") }, uniquingKeysWith: { first, _ in first })
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "client"), endpointValues: values)
        let (url, pending) = try client.startAuthorization(redirectURI: "http://127.0.0.1:8400/callback")
        let query = try FormParameters(decoding: Data((URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery ?? "").utf8))

        switch provider.pkce {
        case .unsupported:
            #expect(query["code_challenge"] == nil, "\(name) sends a challenge although its policy is unsupported")
            #expect(pending.codeVerifier == nil)
        case .plainOnly:
            let verifier = try #require(pending.codeVerifier)
            #expect(query["code_challenge_method"] == "plain")
            #expect(query["code_challenge"] == verifier)
        default:
            let verifier = try #require(pending.codeVerifier)
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["code_challenge"] == Base64URL.encode(SHA256.hash(verifier.utf8)))
        }
    }
}
