import Foundation
import OAuth

extension Provider {
    /// The plentymarkets REST API login of back-end users. See `README.md` beside this file for
    /// each quirk and its source.
    public static let plentymarkets = Provider(
        name: "plentymarkets",
        displayName: "plentymarkets",
        endpoints: Endpoints(
            token: "https://{host}/rest/login",
            refresh: "https://{host}/rest/login/refresh",
            resourceOrigins: []
        ),
        fixes: [
            .snakeCaseMembers(
                id: "plentymarkets.camel-case-members",
                summary: "Renames camelCase members (accessToken, tokenType, expiresIn, refreshToken) to snake_case, on login and refresh responses."
            ),
        ],
        documentation: URL(string: "https://developers.plentymarkets.com/en-gb/developers/main/rest-api-guides/getting-started.html")
    )
}
