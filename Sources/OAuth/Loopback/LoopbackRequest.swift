import Foundation

/// A request received by the ``LoopbackHTTPServer``: method, target, headers and body.
public struct LoopbackRequest: Sendable, CustomStringConvertible {
    /// The method, such as `GET`.
    public let method: String
    /// The request target: the path and query, such as `/callback?code=x&state=y`.
    public let target: String
    /// The header fields.
    public let headers: HTTPHeaders
    /// The body.
    public let body: Data

    /// Creates a request.
    public init(method: String, target: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path, without the query (or a fragment, which a request from the server never has).
    public var path: String {
        String(decoding: target.utf8.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }, as: UTF8.self)
    }

    /// The query, without the `?`, or `nil`. Split byte by byte: a `#` followed by a combining
    /// mark is still a `#`, so a query is never read out of a fragment.
    public var query: String? {
        let beforeFragment = target.utf8.prefix { $0 != UInt8(ascii: "#") }
        guard let mark = beforeFragment.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return String(decoding: beforeFragment[beforeFragment.index(after: mark)...], as: UTF8.self)
    }

    /// The body decoded as form parameters (empty when it is not a form).
    public var formParameters: FormParameters {
        (try? FormParameters(decoding: body)) ?? []
    }

    /// The query decoded as form parameters (empty when there is none).
    public var queryParameters: FormParameters {
        query.flatMap { try? FormParameters(decoding: Data($0.utf8)) } ?? []
    }

    /// The request line, with secrets redacted.
    public var description: String {
        "\(method) \(Redaction.url(URL(string: "http://loopback" + target) ?? URL(string: "http://loopback/")!).dropFirst("http://loopback".count))"
    }
}
