import Foundation
import OAuth

extension Provider {
    /// Slack's OAuth v2 ("Add to Slack"). See `README.md` beside this file for each quirk and
    /// its source.
    public static let slack = Provider(
        name: "slack",
        displayName: "Slack",
        endpoints: Endpoints(
            authorization: "https://slack.com/oauth/v2/authorize",
            token: "https://slack.com/api/oauth.v2.access",
            revocation: "https://slack.com/api/auth.revoke",
            resourceOrigins: ["https://slack.com"]
        ),
        fixes: [
            .successFlag(
                id: "slack.ok-envelope",
                summary: "Reads Slack's ok envelope: drops ok: true; ok: false with HTTP 200 is an error response.",
                member: "ok"
            ),
            .normaliseTokenType(
                id: "slack.bot-token-type",
                summary: "Reads token_type \"bot\" (and \"user\") as Bearer: Slack's Web API takes both as bearer tokens.",
                from: ["bot", "user"]
            ),
            .scopeSeparator(id: "slack.comma-separated-scopes", summary: "Separates scopes with commas in the authorization URL and in the granted scope.", ","),
        ],
        documentation: URL(string: "https://docs.slack.dev/reference/methods/oauth.v2.access")
    )
}
