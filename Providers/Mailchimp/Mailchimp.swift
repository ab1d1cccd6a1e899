import Foundation
import OAuth

extension Provider {
    /// Mailchimp's Marketing API. See `README.md` beside this file for each quirk and its source.
    public static let mailchimp = Provider(
        name: "mailchimp",
        displayName: "Mailchimp",
        endpoints: Endpoints(
            authorization: "https://login.mailchimp.com/oauth2/authorize",
            token: "https://login.mailchimp.com/oauth2/token",
            resourceOrigins: ["https://login.mailchimp.com"]
        ),
        fixes: [
            .zeroExpiresInMeansNoExpiry(
                id: "mailchimp.zero-expires-in",
                summary: "Reads expires_in 0 as \"never expires\": Mailchimp tokens do not expire."
            ),
            .nullMeansAbsent(id: "mailchimp.null-scope", summary: "Treats \"scope\": null as no scope; Mailchimp has no scopes.", members: ["scope"]),
            .defaultTokenType(id: "mailchimp.missing-token-type", summary: "Adds token_type Bearer, which Mailchimp leaves out."),
            .clientAuthentication(
                id: "mailchimp.client-secret-in-body",
                summary: "Sends client_id and client_secret in the form body; Mailchimp's token endpoint does not take HTTP Basic.",
                .post
            ),
        ],
        documentation: URL(string: "https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/")
    )
}
