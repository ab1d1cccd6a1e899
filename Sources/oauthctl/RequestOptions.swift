import Foundation
import OAuth

/// The options that describe a request for a protected resource, as `curl` spells them
/// (`-X METHOD`, `-H 'Name: value'`, `-d BODY`, the URL), and how the answer is printed: the
/// body alone on standard output; the status line and headers too with `-i`; the exchange on
/// standard error with `-v`; one JSON object with `--json`.
struct RequestOptions {
    var request: HTTPRequest
    var include: Bool
    var verbose: Bool

    /// The declarations.
    static let group = OptionGroup("the request", [
        OptionSpec("--request", "-X", value: .text("METHOD"), help: "The request method.", defaultValue: "GET, or POST with -d"),
        OptionSpec("--header", "-H", value: .text("'NAME: VALUE'"), help: "A request header.", repeatable: true),
        OptionSpec("--data", "-d", value: .text("BODY"),
                   help: "The request body; @FILE reads it from a file, @- from standard input. Sent as a form unless -H sets Content-Type."),
        OptionSpec("--resource-origin", value: .url("ORIGIN"),
                   help: "Another origin (https://host[:port]) the token may be sent to, beyond the provider's.", repeatable: true),
        OptionSpec("--include", "-i", help: "Print the status line and headers before the body on standard output."),
        OptionSpec("--verbose", "-v", help: "Print the request and response lines and headers on standard error, credentials redacted."),
    ])

    /// Reads the options of ``group`` and the one positional URL. A body without `Content-Type`
    /// is sent as a form; without `-X` the method is GET, or POST with a body.
    static func read(_ arguments: inout Arguments, console: Console) throws -> RequestOptions {
        let method = try arguments.value("--request")
        var headers = HTTPHeaders()
        for line in try arguments.values("--header") {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                // The line may hold a credential typed without its colon: it is not repeated.
                throw UsageError("-H: expected 'Name: value', got a header without a colon")
            }
            headers.add(name: String(line[..<colon]).trimmingCharacters(in: .whitespaces), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        for field in headers where field.name.lowercased() == "authorization" { console.keepSecret(field.value) }
        var body: Data?
        if let data = try arguments.value("--data") {
            if data == "@-" {
                body = try console.readStandardInput(for: "-d @-")
            } else {
                body = data.hasPrefix("@") ? try LocalFiles.read(String(data.dropFirst()), role: "request body file", console: console, limit: .max) : Data(data.utf8)
            }
        }
        let positionals = try arguments.positionals()
        let url = try ClientOptions.checkedURL(positionals[0], option: "URL")
        var request = HTTPRequest(method: method ?? (body == nil ? "GET" : "POST"), url: url, headers: headers)
        if let body {
            request.body = body
            if !request.headers.contains("Content-Type") { request.headers["Content-Type"] = MediaType.formURLEncoded }
        }
        return RequestOptions(request: request, include: arguments.flag("--include"), verbose: arguments.flag("--verbose"))
    }

    /// The origins the token may go to: `--resource-origin`, and for a provider that declares
    /// none, the origin of the URL the user typed.
    static func origins(_ arguments: inout Arguments, provider: Provider, url: URL) throws -> [String] {
        let extra = try arguments.values("--resource-origin")
        return extra + (provider.endpoints.resourceOrigins.isEmpty ? [EndpointSecurity.origin(of: url)].compactMap { $0 } : [])
    }

    /// The transport to send through: `base` (or the default), logging to standard error with `-v`.
    func transport(_ base: (any HTTPTransport)?, console: Console) -> any HTTPTransport {
        let inner = base ?? URLSessionTransport()
        return verbose ? VerboseTransport(inner: inner, console: console) : inner
    }

    /// Prints the answer and returns the exit status: 0, or 1 for a status of 400 or more (the
    /// body is printed all the same, as `gh api` does).
    func print(_ response: HTTPResponse, json: Bool, console: Console) -> Int32 {
        if json {
            console.print(JSONWriter.string(.object(Self.jsonObject(response))))
        } else {
            if include {
                console.print("HTTP \(response.status)\(Self.reason(response.status).map { " \($0)" } ?? "")")
                for field in response.headers { console.print("\(field.name): \(field.value)") }
                console.print("")
            }
            console.write(response.body)
            if console.outputIsTerminal, let last = response.body.last, last != UInt8(ascii: "\n") { console.print() }
        }
        guard response.status >= 400 else { return ExitStatus.success }
        ErrorReport.printMessage(
            code: "http_\(response.status)",
            detail: "the server answered HTTP \(response.status)\(Self.reason(response.status).map { " \($0)" } ?? "")"
                + (Self.challengeError(response).map { ": \($0)" } ?? ""),
            status: ExitStatus.refused, json: json, console: console
        )
        return ExitStatus.refused
    }

    /// The RFC 6750 §3 error a `WWW-Authenticate` challenge carries, with its description:
    /// `invalid_token`, `insufficient_scope (needs the repo scope)`; `nil` when there is none.
    static func challengeError(_ response: HTTPResponse) -> String? {
        func parameter(_ name: String, in challenge: String) -> String? {
            guard let start = challenge.range(of: "\(name)=\""), let end = challenge[start.upperBound...].firstIndex(of: "\"") else { return nil }
            // `error=` must not match inside `error_description=`, nor `x_error=`.
            let before = challenge[..<start.lowerBound].last
            guard before == nil || before == " " || before == "," else { return nil }
            return String(challenge[start.upperBound..<end])
        }
        for challenge in response.headers.values(for: "WWW-Authenticate") {
            guard let error = parameter("error", in: challenge), !error.isEmpty else { continue }
            return error + (parameter("error_description", in: challenge).map { " (\($0))" } ?? "")
        }
        return nil
    }

    /// `{"status":…, "headers":{…}, "body":…}`: the body parsed when it is JSON, else a string;
    /// a header given several times has its values joined with ", ".
    static func jsonObject(_ response: HTTPResponse) -> JSONObject {
        var headers = JSONObject()
        for field in response.headers {
            let name = field.name.lowercased()
            if case .string(let previous)? = headers[name] {
                headers[name] = .string(previous + ", " + field.value)
            } else {
                headers[name] = .string(field.value)
            }
        }
        let isJSON = MediaType.essence(of: response.headers["Content-Type"]).map { $0 == "application/json" || $0.hasSuffix("+json") } ?? false
        let body: JSONValue
        if isJSON || response.headers["Content-Type"] == nil, let parsed = try? JSONParser().parse(response.body) {
            body = parsed
        } else {
            body = .string(String(decoding: response.body, as: UTF8.self))
        }
        return ["status": .number(JSONNumber(response.status)), "headers": .object(headers), "body": body]
    }

    /// The reason phrase of common statuses.
    static func reason(_ status: Int) -> String? {
        [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
            422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout",
        ][status]
    }
}

/// A transport that shows each exchange on standard error, as `curl -v` does: `>` for the
/// request line and headers, `<` for the status and headers; credentials redacted, bodies left out.
struct VerboseTransport: HTTPTransport {
    let inner: any HTTPTransport
    let console: Console

    func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        console.printError("> \(request.method) \(Redaction.url(request.url))")
        for field in request.headers { console.printError("> \(field.name): \(Redaction.headerValue(name: field.name, value: field.value))") }
        if let body = request.body, !body.isEmpty { console.printError("> (\(body.count) bytes of body)") }
        let response = try await inner.send(request, limits: limits)
        console.printError("< HTTP \(response.status)\(RequestOptions.reason(response.status).map { " \($0)" } ?? "")")
        for field in response.headers { console.printError("< \(field.name): \(Redaction.headerValue(name: field.name, value: field.value))") }
        console.printError("<")
        return response
    }
}
