import Foundation

/// Turns a handler's ``HTTPResponse`` into the bytes the loopback server sends: always with
/// `Content-Length` and `Connection: close`, never with a header that holds a line break.
enum LoopbackResponseEncoding {
    static func bytes(of response: HTTPResponse, headRequest: Bool = false) -> [UInt8] {
        let unsafe = response.headers.contains { field in
            (field.name + field.value).utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
        }
        if unsafe {
            // A line break in a header would let whoever chose its value write more headers.
            return bytes(of: plain(500, "refused to send a response header with a line break"), headRequest: headRequest)
        }
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for field in response.headers where !["content-length", "connection", "transfer-encoding"].contains(field.name.lowercased()) {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        var bytes = [UInt8](head.utf8)
        if !headRequest { bytes += response.body }
        return bytes
    }

    /// A plain-text answer, for the server's own refusals.
    static func plain(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }
}
