import Foundation
import OAuth

extension Provider {
    /// Douban API v2 (closed to new apps). See `README.md` beside this file for each quirk and
    /// its source.
    public static let douban = Provider(
        name: "douban",
        displayName: "Douban",
        endpoints: Endpoints(
            authorization: "https://www.douban.com/service/auth2/auth",
            token: "https://www.douban.com/service/auth2/token",
            resourceOrigins: ["https://api.douban.com"]
        ),
        fixes: [
            .defaultTokenType(id: "douban.missing-token-type", summary: "Adds token_type Bearer, which Douban leaves out."),
            .scopeSeparator(id: "douban.comma-separated-scopes", summary: "Separates requested scopes with commas, as Douban's OAuth page asks.", ",", responses: false),
            .clientAuthentication(
                id: "douban.client-secret-in-parameters",
                summary: "Sends client_id and client_secret as request parameters, as Douban documents; HTTP Basic is not documented.",
                .post
            ),
        ],
        documentation: URL(string: "https://developers.douban.com/wiki/?title=oauth2")
    )
}
