import Foundation

/// An HTTP request as the hook points see it: method, URL, headers and body.
///
/// The core builds these for token, refresh and protected requests; fixes rewrite them; a
/// transport sends them.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible {
    /// The request method, such as `GET` or `POST`.
    public var method: String
    /// The request URL, with its query.
    public var url: URL
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// The body bytes, or `nil` for none.
    public var body: Data?

    /// Creates a request.
    public init(method: String = "GET", url: URL, headers: HTTPHeaders = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The query parameters of ``url``, decoded as `application/x-www-form-urlencoded`.
    public var queryParameters: FormParameters {
        get throws {
            guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery else { return [] }
            return try FormParameters(decoding: Data(query.utf8))
        }
    }

    /// Replaces the query of ``url`` with these parameters, form-encoded.
    public mutating func setQueryParameters(_ parameters: FormParameters) {
        url = url.replacingQuery(with: parameters)
    }

    /// The body decoded as `application/x-www-form-urlencoded` parameters (empty for no body).
    public var formParameters: FormParameters {
        get throws { try body.map(FormParameters.init(decoding:)) ?? [] }
    }

    /// Replaces the body with these parameters, form-encoded, and sets the matching
    /// `Content-Type`.
    public mutating func setFormParameters(_ parameters: FormParameters) {
        body = Data(parameters.encoded().utf8)
        headers["Content-Type"] = MediaType.formURLEncoded
    }

    /// The request line and headers; credentials in headers, query and body are redacted.
    public var description: String {
        var lines = ["\(method) \(Redaction.url(url))"]
        if !headers.fields.isEmpty { lines.append(headers.description) }
        if let body, !body.isEmpty {
            lines.append("")
            lines.append(Redaction.body(body, contentType: headers["Content-Type"]))
        }
        return lines.joined(separator: "\n")
    }
}

extension URL {
    /// This URL with its query replaced by `parameters` (removed when they are empty).
    func replacingQuery(with parameters: FormParameters) -> URL {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return self }
        components.percentEncodedQuery = parameters.isEmpty ? nil : parameters.encoded()
        return components.url ?? self
    }
}
