import Foundation
import OAuth
import OAuthProviders
import Testing

/// Pocket's recording proves a JSON body; here, the form bodies: an API call with no body gets
/// the pair as its whole body, and one with a form body keeps its parameters and its own
/// consumer_key.
@Suite struct GetPocketCredentialsTests {
    let engine = FlowEngine(provider: try! ProviderRegistry.builtIn.provider(named: "getpocket"))
    let client = ClientCredentials(id: "1234-abcd+1234")
    let token = Token(accessToken: "5678defg+5678/x=")

    @Test func aCallWithoutABodyGetsThePairAsItsBody() throws {
        let request = try engine.protectedRequest(HTTPRequest(url: URL(string: "https://getpocket.com/v3/get")!), token: token, client: client)
        #expect(request.method == "POST")
        #expect(request.headers["Authorization"] == nil)
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(request.body.map { String(decoding: $0, as: UTF8.self) } == "consumer_key=1234-abcd%2B1234&access_token=5678defg%2B5678%2Fx%3D")
        #expect(try request.formParameters["access_token"] == token.accessToken)
    }

    @Test func aFormBodyKeepsItsParametersAndItsOwnConsumerKey() throws {
        var call = HTTPRequest(method: "POST", url: URL(string: "https://getpocket.com/v3/get")!)
        call.setFormParameters(["count": "10", "consumer_key": "mine"])
        let request = try engine.protectedRequest(call, token: token, client: client)
        #expect(try request.formParameters.parameters.map { "\($0.name)=\($0.value)" } == ["count=10", "consumer_key=mine", "access_token=\(token.accessToken)"])
        #expect(request.headers["Authorization"] == nil)
    }
}
