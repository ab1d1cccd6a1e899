import Foundation

/// An authorization request (RFC 6749 §4.1.1) before it becomes a URL: the endpoint and the
/// query parameters, in order. Fixes at ``HookPoint/authorizationRequest`` edit it.
///
/// ```swift
/// var request = AuthorizationRequest(endpoint: url, parameters: ["response_type": "code"])
/// request.parameters["access_type"] = "offline"
/// request.url   // https://…?response_type=code&access_type=offline
/// ```
public struct AuthorizationRequest: Sendable, Hashable, CustomStringConvertible {
    /// The authorization endpoint, possibly with its own query.
    public var endpoint: URL
    /// The parameters added to the endpoint's query.
    public var parameters: FormParameters

    /// Creates a request.
    public init(endpoint: URL, parameters: FormParameters) {
        self.endpoint = endpoint
        self.parameters = parameters
    }

    /// The URL to open: the endpoint with ``parameters`` appended to its query.
    public var url: URL {
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else { return endpoint }
        let existing = components.percentEncodedQuery.map { $0.isEmpty ? [] : [$0] } ?? []
        let added = parameters.isEmpty ? [] : [parameters.encoded()]
        let query = (existing + added).joined(separator: "&")
        components.percentEncodedQuery = query.isEmpty ? nil : query
        return components.url ?? endpoint
    }

    public var description: String { Redaction.url(url) }
}
