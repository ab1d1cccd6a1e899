import Foundation
import OAuth

extension Provider {
    /// GitHub OAuth apps (and GitHub Apps' user tokens). See `README.md` beside this file for
    /// each quirk and its source.
    public static let github = Provider(
        name: "github",
        displayName: "GitHub",
        endpoints: Endpoints(
            authorization: "https://github.com/login/oauth/authorize",
            token: "https://github.com/login/oauth/access_token",
            deviceAuthorization: "https://github.com/login/device/code",
            resourceOrigins: ["https://api.github.com"]
        ),
        fixes: [
            .extraHeaders(
                id: "github.ask-for-json",
                summary: "Sends Accept: application/json on token and device requests; without it GitHub answers form-encoded.",
                [(name: "Accept", value: "application/json")], on: [.accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest]
            ),
            .formEncodedBody(
                id: "github.form-encoded-token-body",
                summary: "Reads a form-encoded token or device body, GitHub's default when Accept does not ask for JSON.",
                contentTypes: [MediaType.formURLEncoded], on: [.accessTokenResponse, .refreshResponse, .deviceAuthorizationResponse]
            ),
            .errorInSuccessBody(id: "github.error-with-200", summary: "Reads an error body sent with HTTP 200 as an error response."),
            .scopeSeparator(
                id: "github.comma-separated-scope",
                summary: "Reads the granted scope as a comma-separated list (\"repo,gist\"); requested scopes stay space-separated.",
                ",", requests: false
            ),
            .clientAuthentication(
                id: "github.client-secret-in-parameters",
                summary: "Sends client_id and client_secret as parameters, as GitHub documents.",
                .post
            ),
        ],
        documentation: URL(string: "https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps")
    )
}
