import Foundation
import OAuth
import Testing

/// A context is a value: changing one field leaves the others and any copy as they were, and
/// two contexts with the same fields are equal and hash alike however they were made.
@Suite struct RequestContextTests {
    private let client = ClientCredentials(id: "c", secret: "s")

    @Test func changingAFieldKeepsTheOthersAndTheCopies() {
        let original = RequestContext(hookPoint: .protectedRequest, client: client, token: Token(accessToken: "t"), values: ["k": "v"])
        var changed = original
        changed.token = Token(accessToken: "u")
        changed.client.secret = nil
        changed.state = "xyz"
        #expect(original.token?.accessToken == "t")
        #expect(original.client.secret == "s")
        #expect(original.state == nil)
        #expect(changed.token?.accessToken == "u")
        #expect(changed.client == ClientCredentials(id: "c"))
        #expect(changed.state == "xyz")
        #expect(changed.hookPoint == .protectedRequest)
        #expect(changed.values == ["k": "v"])
        #expect(changed != original)
    }

    @Test func contextsWithTheSameFieldsAreEqual() {
        let made = RequestContext(hookPoint: .refreshRequest, client: client, grantType: "refresh_token", values: ["k": "v"])
        var built = RequestContext(hookPoint: .accessTokenRequest, client: ClientCredentials(id: "other"))
        built.hookPoint = .refreshRequest
        built.client = client
        built.grantType = "refresh_token"
        built.values = ["k": "v"]
        #expect(made == built)
        #expect(made.hashValue == built.hashValue)
        built.values["k"] = "w"
        #expect(made != built)
    }
}
