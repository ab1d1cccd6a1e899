import Foundation
import OAuth

extension Provider {
    /// eBay's REST APIs. See `README.md` beside this file for each quirk and its source.
    public static let ebay = Provider(
        name: "ebay",
        displayName: "eBay",
        endpoints: Endpoints(
            authorization: "https://auth.ebay.com/oauth2/authorize",
            token: "https://api.ebay.com/identity/v1/oauth2/token",
            resourceOrigins: ["https://api.ebay.com"]
        ),
        fixes: [
            .normaliseTokenType(
                id: "ebay.access-token-type-names",
                summary: "Reads token_type \"User Access Token\" and \"Application Access Token\" as Bearer, on token and refresh responses.",
                from: ["User Access Token", "Application Access Token"]
            ),
        ],
        documentation: URL(string: "https://developer.ebay.com/api-docs/static/oauth-tokens.html")
    )
}
