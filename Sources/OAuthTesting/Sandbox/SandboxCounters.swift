import Foundation
import OAuth

/// What the ``SandboxAuthorizationServer``'s token endpoint counted since it started: how many
/// refreshes it served and how many refresh tokens came back after rotation, so a test or a
/// user can see whether clients that share a token coordinate their refreshes.
///
/// Served as JSON at `GET /sandbox/counters`.
public struct SandboxCounters: Sendable, Hashable {
    /// Requests to the token endpoint with `grant_type=refresh_token`.
    public var refreshRequests = 0
    /// Refresh requests answered with a new token.
    public var refreshesIssued = 0
    /// Refresh requests that presented a refresh token already rotated out (each revoked its
    /// grant: RFC 9700 §4.14.2).
    public var rotatedOutRefreshTokens = 0
    /// Refresh requests that presented a refresh token another request was using at that moment.
    public var concurrentRefreshTokenUses = 0
    /// Refresh requests answered with `invalid_grant`, for any reason (the two above included).
    public var refreshInvalidGrants = 0
    /// Requests to the protected resource answered with a `200`.
    public var resourceRequestsServed = 0
    /// Requests to the protected resource refused with `invalid_token`.
    public var resourceRequestsRefused = 0

    /// Creates counters at zero.
    public init() {}

    /// The counters as a JSON object with snake_case member names.
    public var jsonObject: JSONObject {
        [
            "refresh_requests": .number(JSONNumber(refreshRequests)), "refreshes_issued": .number(JSONNumber(refreshesIssued)),
            "rotated_out_refresh_tokens": .number(JSONNumber(rotatedOutRefreshTokens)),
            "concurrent_refresh_token_uses": .number(JSONNumber(concurrentRefreshTokenUses)),
            "refresh_invalid_grants": .number(JSONNumber(refreshInvalidGrants)),
            "resource_requests_served": .number(JSONNumber(resourceRequestsServed)),
            "resource_requests_refused": .number(JSONNumber(resourceRequestsRefused)),
        ]
    }
}

extension SandboxAuthorizationServer {
    /// `GET /sandbox/counters`: the counters as JSON.
    func countersResponse() -> HTTPResponse {
        json(200, counters.jsonObject)
    }
}
