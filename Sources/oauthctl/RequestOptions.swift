import Foundation
import OAuth

/// The options that describe a request for a protected resource, as `curl` spells them:
/// `-X METHOD`, `-H 'Name: value'` (repeatable), `-d BODY` and the URL; and how the answer is
/// printed.
struct RequestOptions {
    var request: HTTPRequest

    /// Reads `-X`/`--request`, `-H`/`--header`, `-d`/`--data` and the one positional URL. A body
    /// without `Content-Type` is sent as a form; without `-X` the method is GET, or POST with a body.
    static func read(_ arguments: inout Arguments, command: String) throws -> RequestOptions {
        let method = try arguments.value("-X") ?? arguments.value("--request")
        var headers = HTTPHeaders()
        for line in try arguments.values("-H") + arguments.values("--header") {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw UsageError("-H: expected 'Name: value', got \(line)") }
            headers.add(name: String(line[..<colon]).trimmingCharacters(in: .whitespaces), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let body = try arguments.value("-d") ?? arguments.value("--data")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else { throw UsageError("\(command) takes one URL, got \(positionals.count)") }
        let url = try ClientOptions.checkedURL(positionals[0], option: "URL")
        var request = HTTPRequest(method: method ?? (body == nil ? "GET" : "POST"), url: url, headers: headers)
        if let body {
            request.body = Data(body.utf8)
            if !request.headers.contains("Content-Type") { request.headers["Content-Type"] = MediaType.formURLEncoded }
        }
        return RequestOptions(request: request)
    }

    /// Prints the status and body, or with `json` an object with `status`, `headers` and `body`.
    static func print(_ response: HTTPResponse, json: Bool, console: Console) {
        if json {
            var headerObject = JSONObject()
            for field in response.headers { headerObject[field.name] = .string(field.value) }
            console.print(JSONWriter.string([
                "status": .number(JSONNumber(response.status)), "headers": .object(headerObject),
                "body": .string(String(decoding: response.body, as: UTF8.self)),
            ]))
        } else {
            console.print("HTTP \(response.status)")
            console.print(String(decoding: response.body, as: UTF8.self))
        }
    }
}
