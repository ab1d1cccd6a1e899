import Foundation
import OAuth
import OAuthProviders
import Testing

/// The OAuth 1.0a providers' parameter fixes give a default and step aside for the caller's own
/// value: Twitter's `x_auth_access_type`, Trello's `name`/`scope`/`expiration`, Flickr's `perms`.
@Suite struct OAuth1ProviderParametersTests {
    let signer = OAuth1Signer(client: ClientCredentials(id: "key", secret: "secret"))
    let pending = OAuth1PendingAuthorization(temporaryCredentials: OAuth1Token(token: "temp", secret: "s"), callback: "oob", createdAt: Date())

    func engine(_ name: String) throws -> OAuth1Engine {
        OAuth1Engine(provider: try ProviderRegistry.builtIn.provider(named: name))
    }

    func query(_ url: URL) throws -> FormParameters {
        try FormParameters(decoding: Data((url.query ?? "").utf8))
    }

    @Test func twitterAsksForReadUnlessTheCallerAsksForWrite() throws {
        let twitter = try engine("twitter")
        let byDefault = try twitter.requestTokenRequest(callback: "oob", signer: signer)
        #expect(try query(byDefault.url).values(for: "x_auth_access_type") == ["read"])
        let write = try twitter.requestTokenRequest(callback: "oob", signer: signer, additionalParameters: ["x_auth_access_type": "write"])
        #expect(try query(write.url).values(for: "x_auth_access_type") == ["write"])
        // The parameter sits in the query, where Twitter documents it, and is signed there.
        #expect(write.body == nil || write.body?.isEmpty == true)
        let base = try OAuth1SignatureBase.baseString(for: write, oauthParameters: [])
        #expect(base.contains("x_auth_access_type%3Dwrite"))
    }

    @Test func trelloAndFlickrAuthorizationDefaultsGiveWayToTheCallers() throws {
        let trello = try engine("trello")
        let defaults = try query(try trello.authorizationRequest(for: pending).url)
        #expect(defaults["scope"] == "read")
        #expect(defaults["expiration"] == "30days")
        let mine = try query(try trello.authorizationRequest(for: pending, additionalParameters: ["scope": "read,write", "expiration": "never", "name": "My app"]).url)
        #expect(mine.values(for: "scope") == ["read,write"])
        #expect(mine.values(for: "expiration") == ["never"])
        #expect(mine.values(for: "name") == ["My app"])
        #expect(mine["oauth_token"] == "temp")

        let flickr = try engine("flickr")
        #expect(try query(try flickr.authorizationRequest(for: pending).url)["perms"] == "read")
        #expect(try query(try flickr.authorizationRequest(for: pending, additionalParameters: ["perms": "delete"]).url).values(for: "perms") == ["delete"])
    }
}
