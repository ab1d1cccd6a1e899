import Foundation
import OAuth

extension Provider {
    /// Twitter's (X's) OAuth 1.0a, for the v1.1 API. See `README.md` beside this file for each
    /// quirk and its source.
    public static let twitter = Provider(
        name: "twitter",
        displayName: "Twitter (X) OAuth 1.0a",
        version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://api.twitter.com/oauth/authorize",
            token: "https://api.twitter.com/oauth/access_token",
            requestToken: "https://api.twitter.com/oauth/request_token",
            resourceOrigins: ["https://api.twitter.com", "https://upload.twitter.com", "https://api.x.com"]
        ),
        pkce: .unsupported,
        fixes: [
            .formUnderOtherContentType(
                id: "twitter.form-under-text-html",
                summary: "Accepts the credentials Twitter sends form-encoded under text/html; charset=utf-8.",
                contentTypes: ["text/html"]
            ),
            .extraParameters(
                id: "twitter.read-only-access",
                summary: "Asks for read access with x_auth_access_type=read in the request-token call's query (Twitter also takes write); pass x_auth_access_type=write with the call to ask for more.",
                [(name: "x_auth_access_type", value: "read")], on: [.requestTokenRequest], inQuery: true
            ),
        ],
        documentation: URL(string: "https://developer.x.com/en/docs/authentication/oauth-1-0a/obtaining-user-access-tokens")
    )
}
