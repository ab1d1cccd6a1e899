import Foundation
import OAuth

extension Provider {
    /// Facebook Login and the Graph API. See `README.md` beside this file for each quirk and
    /// its source.
    public static let facebook = Provider(
        name: "facebook",
        displayName: "Facebook",
        endpoints: Endpoints(
            authorization: "https://www.facebook.com/v19.0/dialog/oauth",
            token: "https://graph.facebook.com/v19.0/oauth/access_token",
            resourceOrigins: ["https://graph.facebook.com"]
        ),
        fixes: [
            .formEncodedBody(
                id: "facebook.form-encoded-token-body",
                summary: "Reads the legacy token body, form-encoded under text/plain, as JSON.",
                contentTypes: ["text/plain"]
            ),
            .renameMembers(
                id: "facebook.expires-not-expires-in",
                summary: "Reads the legacy body's expires as expires_in.",
                [(from: "expires", to: "expires_in")]
            ),
            .defaultTokenType(id: "facebook.missing-token-type", summary: "Adds token_type Bearer, which the legacy body leaves out."),
            .errorShape(
                id: "facebook.graph-error-object",
                summary: "Maps the Graph API error object {error:{message,type,code}} to an RFC 6749 error; a used code is invalid_grant.",
                codePath: ["error", "type"], descriptionPath: ["error", "message"],
                codes: [(text: "This authorization code has been used.", code: "invalid_grant")]
            ),
            .clientAuthentication(
                id: "facebook.client-secret-in-parameters",
                summary: "Sends client_id and client_secret as request parameters, as Facebook documents, not as HTTP Basic.",
                .post
            ),
        ],
        documentation: URL(string: "https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow")
    )
}
