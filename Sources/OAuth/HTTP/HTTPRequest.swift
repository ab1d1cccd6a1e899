import Foundation

/// An HTTP request as the hook points see it: method, URL, headers and body.
///
/// The core builds these for token, refresh and protected requests; fixes rewrite them; a
/// transport sends them.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible {
    /// The request method, such as `GET` or `POST`.
    public var method: String
    /// The request URL, with its query.
    ///
    /// Parameters added with ``setQueryParameter(_:to:)`` are kept as text until the URL is
    /// read, which parses it once.
    public var url: URL {
        get { target.url }
        set { target = RequestTarget(newValue) }
    }
    var target: RequestTarget
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// The body bytes, or `nil` for none.
    public var body: Data?

    /// Creates a request.
    public init(method: String = "GET", url: URL, headers: HTTPHeaders = [:], body: Data? = nil) {
        self.method = method
        self.target = RequestTarget(url)
        self.headers = headers
        self.body = body
    }

    /// The query parameters of ``url``, decoded as `application/x-www-form-urlencoded`.
    public var queryParameters: FormParameters {
        get throws {
            let base = try target.baseQuery.map { try FormParameters(decoding: $0).parameters } ?? []
            return FormParameters(target.added.isEmpty ? base : base + target.added)
        }
    }

    /// Replaces the query of ``url`` with these parameters, form-encoded.
    public mutating func setQueryParameters(_ parameters: FormParameters) {
        url = url.replacingQuery(with: parameters)
    }

    /// Whether the query of ``url`` has a parameter of this name (names compared decoded).
    public func hasQueryParameter(named name: String) -> Bool {
        target.hasParameter(named: name)
    }

    /// Sets one query parameter: appended to the query when the URL has none of this name,
    /// otherwise replacing the first of that name (and removing the others).
    ///
    /// Appending does not parse the URL: the token placement and the fixes of a protected
    /// request add their parameters this way, and the URL is built once, when it is read.
    ///
    /// - Throws: ``FormDecodingError`` when a parameter of this name is there and the query
    ///   is malformed.
    public mutating func setQueryParameter(_ name: String, to value: String) throws {
        target.readBaseQuery()
        if target.hasParameter(named: name) {
            var parameters = try queryParameters
            parameters[name] = value
            setQueryParameters(parameters)
        } else {
            target.append(name, value)
        }
    }

    /// Appends `name=value` to the query unless it has a parameter of that name; `value` is
    /// only computed when it is appended.
    mutating func appendQueryParameter(_ name: String, ifAbsent value: () throws -> String) rethrows {
        target.readBaseQuery()
        if !target.hasParameter(named: name) { target.append(name, try value()) }
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

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers == rhs.headers && lhs.body == rhs.body
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(headers)
        hasher.combine(body)
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
