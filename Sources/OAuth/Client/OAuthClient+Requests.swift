import Foundation

extension OAuthClient {
    /// Sends a request for a protected resource: refreshes the token first if needed, places
    /// it as the provider wants, runs the protected-request fixes, and follows redirects with
    /// care (never from https to http; credentials dropped on a change of origin). A `401` with
    /// `WWW-Authenticate: … error="invalid_token"` is answered by one refresh and one retry; if
    /// that refresh cannot run, the `401` is returned.
    ///
    /// - Throws: ``OAuthClientError/originNotAllowed(_:)`` when the URL is not one of the
    ///   provider's resource origins, and the errors of ``validToken()`` and the transport.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let origin = EndpointSecurity.origin(of: request.url), allowedOrigins.contains(origin) else {
            throw OAuthClientError.originNotAllowed(EndpointSecurity.origin(of: request.url) ?? request.url.absoluteString)
        }
        try EndpointSecurity.check(request.url, role: "resource")
        var token = try await validToken()
        var response = try await sendFollowingRedirects(try traced { [token] in try engine.protectedRequest(request, token: token, clientID: credentials.id, trace: $0) })
        if response.status == 401, Self.isInvalidToken(response), token.refreshToken != nil {
            do {
                token = try await refresh()
            } catch let error as OAuthClientError where error.isReauthorizationRequired {
                throw error
            } catch {
                // The refresh could not run (no token endpoint or client id known, the network):
                // the server's own answer says more than that failure.
                return response
            }
            response = try await sendFollowingRedirects(try traced { [token] in try engine.protectedRequest(request, token: token, clientID: credentials.id, trace: $0) })
        }
        return response
    }

    /// The origins the token may go to: the provider's and the configured ones.
    public nonisolated var allowedOrigins: Set<String> {
        Set((provider.endpoints.resourceOrigins + configuration.additionalResourceOrigins).compactMap { text in
            URL(string: text).flatMap(EndpointSecurity.origin(of:))
        })
    }

    private func sendFollowingRedirects(_ first: HTTPRequest) async throws -> HTTPResponse {
        var request = first
        let placement = engine.hooks.tokenPlacement
        for _ in 0...configuration.maximumRedirects {
            let response = try await transport.send(request, limits: configuration.resourceLimits)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["Location"],
                  let target = URL(string: location, relativeTo: request.url)?.absoluteURL
            else { return response }
            if request.url.scheme?.lowercased() == "https", target.scheme?.lowercased() != "https" {
                throw OAuthClientError.insecureRedirect(to: Redaction.url(target))
            }
            var next = request
            next.url = target
            if response.status == 303 || ((response.status == 301 || response.status == 302) && request.method == "POST") {
                next.method = "GET"
                next.body = nil
                next.headers["Content-Type"] = nil
                next.headers["Content-Length"] = nil
            }
            if EndpointSecurity.origin(of: target) != EndpointSecurity.origin(of: request.url) {
                for name in ["Authorization", "Proxy-Authorization", "Cookie"] { next.headers[name] = nil }
                switch placement.storage {
                case .header(let name): next.headers[name] = nil
                case .query(let parameter):
                    if var query = try? next.queryParameters, query[parameter] != nil {
                        query[parameter] = nil
                        next.setQueryParameters(query)
                    }
                case .authorization: break
                }
            }
            request = next
        }
        throw OAuthClientError.tooManyRedirects(configuration.maximumRedirects)
    }

    private static func isInvalidToken(_ response: HTTPResponse) -> Bool {
        response.headers.values(for: "WWW-Authenticate").contains { $0.contains("invalid_token") }
    }
}
