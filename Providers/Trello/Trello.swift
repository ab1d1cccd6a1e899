import Foundation
import OAuth

extension Provider {
    /// Trello's OAuth 1.0a. See `README.md` beside this file for each quirk and its source.
    public static let trello = Provider(
        name: "trello",
        displayName: "Trello",
        version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://trello.com/1/OAuthAuthorizeToken",
            token: "https://trello.com/1/OAuthGetAccessToken",
            requestToken: "https://trello.com/1/OAuthGetRequestToken",
            resourceOrigins: ["https://api.trello.com", "https://trello.com"]
        ),
        pkce: .unsupported,
        fixes: [
            .extraParameters(
                id: "trello.authorization-parameters",
                summary: "Names the app and asks for scope=read and expiration=30days on the authorization URL, which Trello's page shows the user; pass your own name, scope (read,write,account) and expiration (1hour, 1day, 30days, never) to change them.",
                [(name: "name", value: "OAuth client"), (name: "scope", value: "read"), (name: "expiration", value: "30days")]
            ),
        ],
        documentation: URL(string: "https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/")
    )
}
