import Foundation

/// How both clients follow redirects from protected resources: credentials go only to the
/// origins the token may go to, never from https to http, and a bounded number of hops.
///
/// Each hop is sent as the caller prepared it (`authorize` attaches the token, or signs) when
/// its origin is allowed, and bare otherwise; a change of origin also drops the caller's own
/// `Authorization`, `Proxy-Authorization` and `Cookie`. A 303, or a 301 or 302 after a `POST`,
/// becomes a `GET` without a body (RFC 9110 §15.4).
struct ResourceRedirects: Sendable {
    /// The origins credentials may go to.
    let allowedOrigins: Set<String>
    /// The most redirects followed.
    let maximum: Int
    /// Takes the client's credentials off a hop that changes origin, wherever they are (a
    /// token in the query that the server echoed in `Location`).
    var removeCredentials: @Sendable (inout HTTPRequest) -> Void = { _ in }

    /// Sends `request` through `authorize` and follows its redirects.
    ///
    /// - Throws: ``OAuthClientError/insecureRedirect(to:)`` from https to http,
    ///   ``OAuthClientError/tooManyRedirects(_:)`` past the bound,
    ///   ``TransportError/truncatedBody(declared:received:)``, and what `authorize` and the
    ///   transport throw.
    func send(
        _ request: HTTPRequest, over transport: any HTTPTransport, limits: TransportLimits,
        authorize: @Sendable (HTTPRequest) throws -> HTTPRequest
    ) async throws -> HTTPResponse {
        var hop = request
        for _ in 0...maximum {
            let allowed = EndpointSecurity.origin(of: hop.url).map(allowedOrigins.contains) ?? false
            let response = try await transport.send(allowed ? try authorize(hop) : hop, limits: limits)
            try TransportError.checkComplete(response, method: hop.method)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["Location"],
                  let target = URL(string: location, relativeTo: hop.url)?.absoluteURL
            else { return response }
            if hop.url.scheme?.lowercased() == "https", target.scheme?.lowercased() != "https" {
                throw OAuthClientError.insecureRedirect(to: Redaction.url(target))
            }
            var next = hop
            next.url = target
            if response.status == 303 || ((response.status == 301 || response.status == 302) && hop.method == "POST") {
                next.method = "GET"
                next.body = nil
                next.headers["Content-Type"] = nil
                next.headers["Content-Length"] = nil
            }
            if EndpointSecurity.origin(of: target) != EndpointSecurity.origin(of: hop.url) {
                for name in ["Authorization", "Proxy-Authorization", "Cookie"] { next.headers[name] = nil }
                removeCredentials(&next)
            }
            hop = next
        }
        throw OAuthClientError.tooManyRedirects(maximum)
    }

    /// The allowed origins from URL texts: the provider's resource origins and the configured
    /// ones. Placeholders are filled from the client's endpoint values (`https://{domain}`); an
    /// origin that is a placeholder alone is filled from the token's member of that name, such as
    /// Salesforce's `{instance_url}`, when it is a URL the package would send a credential to
    /// (https, or http to a loopback host: ``EndpointSecurity/check(_:role:)``). An origin that
    /// cannot be filled is left out: the token goes nowhere it was not meant to.
    static func origins(_ texts: [String], values: [String: String], token: Token?) -> Set<String> {
        var origins = Set<String>()
        for text in texts {
            let template = Endpoint(text)
            let placeholders = template.placeholders
            if placeholders.count == 1, text == "{\(placeholders[0])}", values[placeholders[0]] == nil {
                guard case .string(let value)? = token?.extras[placeholders[0]], let url = URL(string: value),
                      (try? EndpointSecurity.check(url, role: "resource origin")) != nil, let origin = EndpointSecurity.origin(of: url)
                else { continue }
                origins.insert(origin)
            } else if let url = try? template.url(values), let origin = EndpointSecurity.origin(of: url) {
                origins.insert(origin)
            }
        }
        return origins
    }
}
