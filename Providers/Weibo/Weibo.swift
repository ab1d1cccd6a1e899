import Foundation
import OAuth

extension Provider {
    /// Sina Weibo's open platform. See `README.md` beside this file for each quirk and its
    /// source.
    public static let weibo = Provider(
        name: "weibo",
        displayName: "Sina Weibo",
        endpoints: Endpoints(
            authorization: "https://api.weibo.com/oauth2/authorize",
            token: "https://api.weibo.com/oauth2/access_token",
            revocation: "https://api.weibo.com/oauth2/revokeoauth2",
            resourceOrigins: ["https://api.weibo.com"]
        ),
        fixes: [
            .jsonUnderOtherContentType(
                id: "weibo.json-under-text-plain",
                summary: "Accepts the JSON token body Weibo sends as text/plain;charset=UTF-8.",
                contentTypes: ["text/plain"]
            ),
            .defaultTokenType(id: "weibo.missing-token-type", summary: "Adds token_type Bearer, which Weibo leaves out."),
            .coerceExpiresIn(id: "weibo.expires-in-as-string", summary: "Reads expires_in sent as a string (\"7200\"), as Weibo documents it, as a number."),
            .tokenInQuery(
                id: "weibo.token-in-query",
                summary: "Sends the token as the access_token query parameter, as Weibo's API documents, not in a Bearer header.",
                parameter: "access_token"
            ),
            .scopeSeparator(id: "weibo.comma-separated-scopes", summary: "Separates requested scopes with commas, as Weibo's authorize page asks.", ",", responses: false),
            .clientAuthentication(
                id: "weibo.client-secret-in-parameters",
                summary: "Sends client_id and client_secret as request parameters, as Weibo documents; HTTP Basic is not documented.",
                .post
            ),
        ],
        documentation: URL(string: "https://open.weibo.com/wiki/Oauth2")
    )
}
