import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An ``HTTPTransport`` that sends every request through an ``OAuthClient``: the token placed as
/// the provider wants it, refreshed when it is about to expire, the provider's fixes run, and
/// the token sent only to the provider's resource origins. Hand it to code that takes a
/// transport, as golang's `Config.Client` hands out an authorised `http.Client`.
///
/// ```swift
/// let api = client.authorizedTransport()
/// let me = try await api.send(HTTPRequest(url: URL(string: "https://api.github.com/user")!), limits: .resource)
/// ```
public struct AuthorizedTransport: HTTPTransport {
    /// The client whose token authorises the requests.
    public let client: OAuthClient

    /// A transport that authorises requests with `client`'s token.
    public init(client: OAuthClient) {
        self.client = client
    }

    /// Sends `request` through ``client`` within `limits`: see ``OAuthClient/send(_:limits:)``.
    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        try await client.send(request, limits: limits)
    }
}

extension OAuthClient {
    /// A transport that authorises every request it sends with this client's token.
    public nonisolated func authorizedTransport() -> AuthorizedTransport {
        AuthorizedTransport(client: self)
    }

    /// Sends a `URLRequest` for a protected resource, as ``send(_:)`` does, and answers as
    /// URLSession's `data(for:)` does: the body and the `HTTPURLResponse`. The request's
    /// `timeoutInterval` applies when it is shorter than ``Configuration/resourceLimits``' timeout.
    ///
    /// - Throws: ``URLRequestConversionError`` for a request without a URL or with a body
    ///   stream, then as ``send(_:)``.
    public func data(for urlRequest: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let request = try HTTPRequest(urlRequest)
        var limits = configuration.resourceLimits
        if urlRequest.timeoutInterval > 0 { limits.timeout = min(limits.timeout, urlRequest.timeoutInterval) }
        let response = try await send(request, limits: limits)
        guard let httpResponse = HTTPURLResponse(response, url: request.url) else {
            throw TransportError.connectionFailed("HTTP status \(response.status) cannot be represented as an HTTPURLResponse")
        }
        return (response.body, httpResponse)
    }
}
