import Foundation

/// An HTTP response: status, headers and body bytes.
public struct HTTPResponse: Sendable, Hashable, CustomStringConvertible {
    /// The status code, such as 200.
    public var status: Int
    /// The header fields, in order.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The status line and headers, and the body with credentials redacted.
    public var description: String {
        var lines = ["HTTP \(status)"]
        if !headers.fields.isEmpty { lines.append(headers.description) }
        if !body.isEmpty {
            lines.append("")
            lines.append(Redaction.body(body, contentType: headers["Content-Type"]))
        }
        return lines.joined(separator: "\n")
    }
}
