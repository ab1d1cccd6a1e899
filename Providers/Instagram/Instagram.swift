import Foundation
import OAuth

extension Provider {
    /// Instagram Basic Display (deprecated by Meta; requests fail since 4 December 2024). See
    /// `README.md` beside this file for each quirk and its source.
    public static let instagram = Provider(
        name: "instagram",
        displayName: "Instagram Basic Display",
        endpoints: Endpoints(
            authorization: "https://api.instagram.com/oauth/authorize",
            token: "https://api.instagram.com/oauth/access_token",
            resourceOrigins: ["https://graph.instagram.com"]
        ),
        fixes: [
            .defaultTokenType(id: "instagram.missing-token-type", summary: "Adds token_type Bearer, which the code exchange leaves out."),
            .errorShape(
                id: "instagram.error-type-and-message",
                summary: "Maps {error_type, code, error_message} errors to RFC 6749; a used or invalid code is invalid_grant.",
                descriptionPath: ["error_message"],
                codes: [
                    (text: "This authorization code has been used", code: "invalid_grant"),
                    (text: "Invalid authorization code", code: "invalid_grant"),
                ],
                fallbackCode: "invalid_request"
            ),
            .tokenInQuery(
                id: "instagram.token-in-query",
                summary: "Sends the token as the access_token query parameter, as the Graph API calls are documented.",
                parameter: "access_token"
            ),
            .scopeSeparator(id: "instagram.comma-separated-scopes", summary: "Separates requested scopes with commas, as the authorize page documents.", ",", responses: false),
            .clientAuthentication(
                id: "instagram.client-secret-in-body",
                summary: "Sends client_id and client_secret in the POST body, as documented; HTTP Basic is not.",
                .post
            ),
        ],
        documentation: URL(string: "https://developers.facebook.com/docs/instagram-basic-display-api/")
    )
}
