import Foundation

/// The rule for every URL the package sends a credential to or receives one at: https, or
/// http on the loopback interface only (RFC 6749 §10.9, RFC 8252 §7.3).
public enum EndpointSecurity {
    /// Whether a host is the loopback interface: `127.x.x.x`, `::1` or `localhost`.
    public static func isLoopback(host: String?) -> Bool {
        guard var host = host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part) != nil }
    }

    /// Checks that a URL is https, or http to a loopback host, parsed (so that
    /// `http://localhost:@evil.example/` is evil.example, not localhost).
    ///
    /// - Parameter role: what the URL is for, named in the error.
    /// - Throws: ``InsecureEndpointError``.
    public static func check(_ url: URL, role: String) throws(InsecureEndpointError) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let scheme = components?.scheme?.lowercased()
        let host = components?.host
        guard host?.isEmpty == false else { throw InsecureEndpointError(role: role, url: Redaction.url(url), reason: "it has no host") }
        if scheme == "https" { return }
        if scheme == "http", isLoopback(host: host) { return }
        throw InsecureEndpointError(role: role, url: Redaction.url(url), reason: scheme == "http" ? "http is allowed only for loopback hosts" : "the scheme is not https")
    }

    /// Sends a request to an endpoint that issues or takes credentials (token, revocation,
    /// introspection, OAuth 1.0a credentials): the URL passes ``check(_:role:)`` first, and a
    /// redirect is an error, never followed, since the request carries secrets.
    ///
    /// - Throws: ``InsecureEndpointError``, ``OAuthClientError/unexpectedRedirect(status:location:)``,
    ///   ``TransportError/truncatedBody(declared:received:)``, or the transport's error.
    static func send(_ request: HTTPRequest, role: String, over transport: any HTTPTransport, limits: TransportLimits) async throws -> HTTPResponse {
        try check(request.url, role: role)
        let response = try await transport.send(request, limits: limits)
        try TransportError.checkComplete(response, method: request.method)
        if (300...399).contains(response.status) {
            throw OAuthClientError.unexpectedRedirect(status: response.status, location: response.headers["Location"].map { Redaction.url(URL(string: $0) ?? request.url) })
        }
        return response
    }

    /// The origin of a URL: `scheme://host[:port]`, lowercased, default ports dropped.
    public static func origin(of url: URL) -> String? {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased()
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        let port = components.port.flatMap { $0 == defaultPort ? nil : $0 }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)" + (port.map { ":\($0)" } ?? "")
    }
}

/// A URL refused because it would carry a credential over an insecure channel.
public struct InsecureEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the URL was for: `token endpoint`, `redirect URI`, ...
    public let role: String
    /// The URL, secrets redacted.
    public let url: String
    /// Why it was refused.
    public let reason: String

    public var description: String {
        "\(role) \(url): expected https (or http to 127.0.0.1, ::1 or localhost), refused because \(reason)"
    }
}
