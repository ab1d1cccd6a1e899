import Foundation
import OAuth

extension Provider {
    /// The Fitbit Web API. See `README.md` beside this file for each quirk and its source.
    public static let fitbit = Provider(
        name: "fitbit",
        displayName: "Fitbit",
        endpoints: Endpoints(
            authorization: "https://www.fitbit.com/oauth2/authorize",
            token: "https://api.fitbit.com/oauth2/token",
            revocation: "https://api.fitbit.com/oauth2/revoke",
            introspection: "https://api.fitbit.com/1.1/oauth2/introspect",
            resourceOrigins: ["https://api.fitbit.com"]
        ),
        fixes: [
            .errorShape(
                id: "fitbit.errors-array",
                summary: "Maps Fitbit's {\"errors\":[{\"errorType\",\"message\"}]} error body to error and error_description, on token and refresh responses.",
                codePath: ["errors", 0, "errorType"], descriptionPath: ["errors", 0, "message"]
            ),
        ],
        documentation: URL(string: "https://dev.fitbit.com/build/reference/web-api/authorization/")
    )
}
