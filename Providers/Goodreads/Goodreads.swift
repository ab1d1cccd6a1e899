import Foundation
import OAuth

extension Provider {
    /// Goodreads' OAuth, OAuth Core 1.0 rather than 1.0a. Goodreads stopped issuing API keys in
    /// December 2020; existing keys still use this flow. See `README.md` beside this file for
    /// each quirk and its source.
    public static let goodreads = Provider(
        name: "goodreads",
        displayName: "Goodreads",
        version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://www.goodreads.com/oauth/authorize",
            token: "https://www.goodreads.com/oauth/access_token",
            requestToken: "https://www.goodreads.com/oauth/request_token",
            resourceOrigins: ["https://www.goodreads.com"]
        ),
        pkce: .unsupported,
        fixes: [
            .oauthCore10Callback(
                id: "goodreads.oauth-core-1.0-callback",
                summary: "Follows OAuth Core 1.0's callback rules, as Goodreads does: no oauth_callback_confirmed, the callback on the authorization URL, and a callback with authorize=1 but no oauth_verifier."
            ),
            .formUnderOtherContentType(
                id: "goodreads.form-under-text",
                summary: "Accepts the credentials Goodreads sends form-encoded under text/plain or text/html.",
                contentTypes: ["text/plain", "text/html"]
            ),
            .getTokenRequest(
                id: "goodreads.get-token-requests",
                summary: "Asks for temporary and token credentials with GET, as Goodreads' clients do.",
                on: [.requestTokenRequest, .accessTokenRequest]
            ),
        ],
        documentation: URL(string: "https://www.goodreads.com/api/documentation")
    )
}
