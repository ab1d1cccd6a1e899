import Foundation
import OAuth

/// Token endpoint responses that follow RFC 6749 to the letter. Every response fix must leave
/// them as they are, and the strict core must read them.
public enum GoldenResponses {
    /// A golden response and where it comes from.
    public struct Golden: Sendable {
        /// What it is.
        public let title: String
        /// The response.
        public let response: HTTPResponse
        /// What the strict core makes of it.
        public let expected: Outcome
    }

    private static let jsonHeaders: HTTPHeaders = [
        "Content-Type": "application/json;charset=UTF-8", "Cache-Control": "no-store", "Pragma": "no-cache",
    ]

    /// The goldens.
    public static let all: [Golden] = [
        Golden(
            title: "RFC 6750 §4 example access token response",
            response: HTTPResponse(status: 200, headers: jsonHeaders, body: Data("""
                {
                  "access_token":"mF_9.B5f-4.1JqM",
                  "token_type":"Bearer",
                  "expires_in":3600,
                  "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"
                }
                """.utf8)),
            expected: .token(["access_token": "mF_9.B5f-4.1JqM", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"])
        ),
        Golden(
            title: "RFC 6749 §5.1 example, with token_type Bearer for the RFC's placeholder \"example\"",
            response: HTTPResponse(status: 200, headers: jsonHeaders, body: Data("""
                {
                  "access_token":"2YotnFZFEjr1zCsicMWpAA",
                  "token_type":"Bearer",
                  "expires_in":3600,
                  "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
                  "example_parameter":"example_value"
                }
                """.utf8)),
            expected: .token([
                "access_token": "2YotnFZFEjr1zCsicMWpAA", "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA", "example_parameter": "example_value",
            ])
        ),
        Golden(
            title: "RFC 6749 §5.1 members with a granted scope (RFC 6749 §3.3 space-separated list)",
            response: HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(
                #"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"bearer","expires_in":3600,"scope":"read write"}"#.utf8
            )),
            expected: .token(["access_token": "2YotnFZFEjr1zCsicMWpAA", "token_type": "Bearer", "expires_in": 3600, "scope": "read write"])
        ),
        Golden(
            title: "RFC 6749 §5.2 example error response",
            response: HTTPResponse(status: 400, headers: jsonHeaders, body: Data("""
                {
                  "error":"invalid_request"
                }
                """.utf8)),
            expected: .error(code: "invalid_request", description: nil)
        ),
        Golden(
            title: "RFC 6749 §5.2 error response with a description and an https error_uri",
            response: HTTPResponse(status: 400, headers: ["Content-Type": "application/json"], body: Data(
                #"{"error":"invalid_grant","error_description":"The authorization code has expired.","error_uri":"https://as.example/errors/invalid_grant"}"#.utf8
            )),
            expected: .error(code: "invalid_grant", description: "The authorization code has expired.")
        ),
    ]

    /// OAuth 1.0a credentials responses that follow RFC 5849 to the letter, and the hook point
    /// each answers at. Every fix at those hook points must leave them as they are.
    public static let oauth1: [(hookPoint: HookPoint, golden: Golden)] = [
        (.requestTokenResponse, Golden(
            title: "RFC 5849 §2.1 example temporary credentials response",
            response: HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(
                "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true".utf8
            )),
            expected: .credentials(["oauth_token": "hh5s93j4hdidpola", "oauth_token_secret": "hdhd0244k9j7ao03"])
        )),
        (.accessTokenResponse, Golden(
            title: "RFC 5849 §2.3 example token credentials response",
            response: HTTPResponse(status: 200, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(
                "oauth_token=j49ddk933skd9dks&oauth_token_secret=ll399dj47dskfjdk".utf8
            )),
            expected: .credentials(["oauth_token": "j49ddk933skd9dks", "oauth_token_secret": "ll399dj47dskfjdk"])
        )),
    ]
}
