import Foundation
import OAuth

/// Threads' long-lived tokens, as Meta documents them: a short-lived token is exchanged with
/// `GET /access_token?grant_type=th_exchange_token&client_secret=…&access_token=…`, and a
/// long-lived one refreshed with `GET /refresh_access_token?grant_type=th_refresh_token&access_token=…`,
/// both on the token endpoint's host. Each presents the access token itself, not a code or a
/// refresh token.
///
/// The client asks for them as extension grants:
///
/// ```swift
/// let longLived = try await client.obtain(TokenGrant(type: "th_exchange_token", parameters: ["access_token": shortLived.accessToken]))
/// let refreshed = try await client.obtain(TokenGrant(type: "th_refresh_token", parameters: ["access_token": longLived.accessToken]))
/// ```
///
/// The block rewrites those two token requests and leaves every other one (the code exchange)
/// alone. No general block covers a grant-specific path and method: the blocks that change a
/// request's method act on every request at a hook point.
struct ThreadsLongLivedTokenRequests: BuildingBlock {
    static let kind = "threads-long-lived-token-requests"
    static let purpose = "Threads: sends th_exchange_token and th_refresh_token requests as GET to their own paths."
    static let parameters: [BlockParameter<Self>] = []
    static let example = ThreadsLongLivedTokenRequests()

    /// What each grant becomes: its path on the token host and the parameters it carries, in
    /// the documented order.
    static let requests: [String: (path: String, parameters: [String])] = [
        "th_exchange_token": ("/access_token", ["grant_type", "client_secret", "access_token"]),
        "th_refresh_token": ("/refresh_access_token", ["grant_type", "access_token"]),
    ]

    init() {}

    var summary: String {
        "Sends th_exchange_token as GET /access_token (with client_secret) and th_refresh_token as GET /refresh_access_token, the access token in the query."
    }

    func stages() -> [FixStage] {
        [.requests(at: [.accessTokenRequest]) { request, context in
            guard let grantType = context.grantType, let shape = Self.requests[grantType] else { return }
            let form = try request.formParameters
            var query = FormParameters()
            for name in shape.parameters {
                if let value = form[name] { query.append(name, value) }
            }
            guard var components = URLComponents(url: request.url, resolvingAgainstBaseURL: false) else { return }
            components.path = shape.path
            components.query = nil
            components.fragment = nil
            guard let url = components.url else { return }
            request.url = url
            request.setQueryParameters(query)
            request.method = "GET"
            request.body = nil
            request.headers["Content-Type"] = nil
        }]
    }
}
