import Foundation
import OAuth

extension Provider {
    /// Google's OAuth 2.0 and OpenID Connect. See `README.md` beside this file for each quirk and
    /// its source.
    public static let google = Provider(
        name: "google",
        displayName: "Google",
        endpoints: Endpoints(
            authorization: "https://accounts.google.com/o/oauth2/v2/auth",
            token: "https://oauth2.googleapis.com/token",
            revocation: "https://oauth2.googleapis.com/revoke",
            deviceAuthorization: "https://oauth2.googleapis.com/device/code",
            resourceOrigins: ["https://www.googleapis.com", "https://openidconnect.googleapis.com"]
        ),
        fixes: [
            .extraParameters(
                id: "google.offline-access",
                summary: "Asks for access_type=offline and prompt=consent: without them Google gives a refresh token only on the first consent, if at all.",
                [(name: "access_type", value: "offline"), (name: "prompt", value: "consent")]
            ),
            .renameMembers(
                id: "google.device-verification-url",
                summary: "Reads the device authorization response's verification_url as verification_uri (RFC 8628 §3.2).",
                [(from: "verification_url", to: "verification_uri")], on: [.deviceAuthorizationResponse]
            ),
        ],
        documentation: URL(string: "https://developers.google.com/identity/protocols/oauth2/web-server")
    )
}
