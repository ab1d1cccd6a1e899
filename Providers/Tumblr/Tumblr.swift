import Foundation
import OAuth

extension Provider {
    /// Tumblr's OAuth 1.0a. See `README.md` beside this file for each quirk and its source.
    public static let tumblr = Provider(
        name: "tumblr",
        displayName: "Tumblr OAuth 1.0a",
        version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://www.tumblr.com/oauth/authorize",
            token: "https://www.tumblr.com/oauth/access_token",
            requestToken: "https://www.tumblr.com/oauth/request_token",
            resourceOrigins: ["https://api.tumblr.com"]
        ),
        pkce: .unsupported,
        fixes: [
            .getTokenRequest(
                id: "tumblr.get-access-token",
                summary: "Asks for token credentials with GET, the method Tumblr documents for oauth/access_token.",
                on: [.accessTokenRequest]
            ),
        ],
        documentation: URL(string: "https://github.com/tumblr/docs/blob/master/api.md#oauth1-authorization")
    )
}
