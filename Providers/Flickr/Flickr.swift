import Foundation
import OAuth

extension Provider {
    /// Flickr's OAuth 1.0a. See `README.md` beside this file for each quirk and its source.
    public static let flickr = Provider(
        name: "flickr",
        displayName: "Flickr",
        version: .oauth1,
        endpoints: Endpoints(
            authorization: "https://www.flickr.com/services/oauth/authorize",
            token: "https://www.flickr.com/services/oauth/access_token",
            requestToken: "https://www.flickr.com/services/oauth/request_token",
            resourceOrigins: ["https://api.flickr.com", "https://up.flickr.com"]
        ),
        pkce: .unsupported,
        fixes: [
            .formUnderOtherContentType(
                id: "flickr.form-under-text-plain",
                summary: "Accepts the credentials and problem reports Flickr sends form-encoded under text/plain;charset=UTF-8.",
                contentTypes: ["text/plain"]
            ),
            .extraParameters(
                id: "flickr.permissions",
                summary: "Asks for perms=read on the authorization URL (Flickr also takes write and delete); without it Flickr uses the app's configured level.",
                [(name: "perms", value: "read")]
            ),
        ],
        documentation: URL(string: "https://www.flickr.com/services/api/auth.oauth.html")
    )
}
