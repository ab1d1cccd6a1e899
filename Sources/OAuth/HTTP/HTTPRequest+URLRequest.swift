import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Bridges between Foundation's `URLRequest`/`HTTPURLResponse` and the package's
/// ``HTTPRequest``/``HTTPResponse``, for code that already speaks URLSession.
///
/// ```swift
/// var urlRequest = URLRequest(url: URL(string: "https://api.github.com/user")!)
/// urlRequest.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
/// let response = try await client.send(try HTTPRequest(urlRequest))   // token placed, fixes run
/// let (data, httpResponse) = (response.body, HTTPURLResponse(response, url: urlRequest.url!)!)
/// ```
extension HTTPRequest {
    /// The package's request for a `URLRequest`: its method (GET when it has none), URL, header
    /// fields and body.
    ///
    /// - Throws: ``URLRequestConversionError`` when the request has no URL, or a body stream,
    ///   whose bytes cannot be read without consuming it.
    public init(_ urlRequest: URLRequest) throws(URLRequestConversionError) {
        guard let url = urlRequest.url else { throw .missingURL }
        guard urlRequest.httpBodyStream == nil else { throw .bodyStream }
        var headers = HTTPHeaders()
        // A dictionary has no order: sorted by name, so that the same request converts the same way.
        for (name, value) in (urlRequest.allHTTPHeaderFields ?? [:]).sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            headers.add(name: name, value: value)
        }
        self.init(method: urlRequest.httpMethod ?? "GET", url: url, headers: headers, body: urlRequest.httpBody)
    }
}

extension URLRequest {
    /// A `URLRequest` for the package's request: method, URL, every header field (fields of one
    /// name joined with ", " as HTTP allows), and body.
    ///
    /// - Parameter timeout: the request's `timeoutInterval` (60 s by default, as URLRequest's).
    public init(_ request: HTTPRequest, timeout: TimeInterval = 60) {
        self.init(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        httpMethod = request.method
        for field in request.headers { addValue(field.value, forHTTPHeaderField: field.name) }
        httpBody = request.body
    }
}

extension HTTPResponse {
    /// The package's response for an `HTTPURLResponse` and the body that came with it.
    public init(_ response: HTTPURLResponse, body: Data) {
        var headers = HTTPHeaders()
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers.add(name: name, value: value) }
        }
        self.init(status: response.statusCode, headers: headers, body: body)
    }
}

extension HTTPURLResponse {
    /// An `HTTPURLResponse` for the package's response to a request for `url`: status and
    /// header fields (fields of one name joined with ", "). The body stays in ``HTTPResponse/body``.
    /// `nil` only where Foundation refuses the status.
    public convenience init?(_ response: HTTPResponse, url: URL) {
        var fields: [String: String] = [:]
        var names: [String: String] = [:]
        for field in response.headers {
            let key = field.name.lowercased()
            if let name = names[key], let previous = fields[name] {
                fields[name] = previous + ", " + field.value
            } else {
                names[key] = field.name
                fields[field.name] = field.value
            }
        }
        self.init(url: url, statusCode: response.status, httpVersion: "HTTP/1.1", headerFields: fields)
    }
}

/// Why a `URLRequest` could not become an ``HTTPRequest``.
public enum URLRequestConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request has no URL.
    case missingURL
    /// The body is a stream: set `httpBody` instead.
    case bodyStream

    public var description: String {
        switch self {
        case .missingURL: "URLRequest: expected a URL, got none"
        case .bodyStream: "URLRequest: expected the body in httpBody, got an httpBodyStream"
        }
    }
}
