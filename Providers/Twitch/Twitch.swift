import Foundation
import OAuth

extension Provider {
    /// Twitch (id.twitch.tv and the Helix API). See `README.md` beside this file for each quirk
    /// and its source.
    public static let twitch = Provider(
        name: "twitch",
        displayName: "Twitch",
        endpoints: Endpoints(
            authorization: "https://id.twitch.tv/oauth2/authorize",
            token: "https://id.twitch.tv/oauth2/token",
            revocation: "https://id.twitch.tv/oauth2/revoke",
            deviceAuthorization: "https://id.twitch.tv/oauth2/device",
            resourceOrigins: ["https://api.twitch.tv"]
        ),
        fixes: [
            .scopeAsArray(id: "twitch.scope-array", summary: "Joins the granted scope, a JSON array, into a space-separated string."),
            .errorShape(
                id: "twitch.status-and-message-errors",
                summary: "Maps {status, message} errors to RFC 6749; an invalid code or refresh token is invalid_grant.",
                descriptionPath: ["message"],
                codes: [
                    (text: "Invalid authorization code", code: "invalid_grant"),
                    (text: "Invalid refresh token", code: "invalid_grant"),
                ],
                fallbackCode: "invalid_request"
            ),
            .extraHeaders(
                id: "twitch.client-id-header",
                summary: "Sends Client-Id: <client id> with API calls; Helix refuses a token without it.",
                [(name: "Client-Id", value: "{client_id}")], on: [.protectedRequest]
            ),
            .clientAuthentication(
                id: "twitch.client-secret-in-body",
                summary: "Sends client_id and client_secret in the body; Twitch's token endpoint does not take HTTP Basic.",
                .post
            ),
        ],
        documentation: URL(string: "https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/")
    )
}
