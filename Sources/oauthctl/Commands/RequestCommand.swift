import Foundation
import OAuth

/// `oauthctl request`: sends a protected request with the stored token, refreshing it first
/// when it has expired and can be refreshed; prints the status and body.
enum RequestCommand {
    static func run(_ arguments: inout Arguments, context: CommandContext) async throws -> Int32 {
        let options = try ClientOptions.read(&arguments, registry: context.registry, providerFiles: context.providerFiles, requireClientID: false)
        guard let tokenFile = try arguments.value("--token-file") else { throw UsageError("--token-file is required") }
        let method = try arguments.value("-X") ?? arguments.value("--request")
        var headers = HTTPHeaders()
        for line in try arguments.values("-H") + arguments.values("--header") {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw UsageError("-H: expected 'Name: value', got \(line)") }
            headers.add(name: String(line[..<colon]).trimmingCharacters(in: .whitespaces), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let body = try arguments.value("-d") ?? arguments.value("--data")
        let extraOrigins = try arguments.values("--resource-origin")
        let positionals = try arguments.positionals()
        guard positionals.count == 1 else { throw UsageError("request takes one URL, got \(positionals.count)") }
        let url = try ClientOptions.checkedURL(positionals[0], option: "URL")
        var request = HTTPRequest(method: method ?? (body == nil ? "GET" : "POST"), url: url, headers: headers)
        if let body {
            request.body = Data(body.utf8)
            if !request.headers.contains("Content-Type") { request.headers["Content-Type"] = MediaType.formURLEncoded }
        }
        // A provider that declares no resource origins trusts the URL the user typed.
        let declared = options.provider.endpoints.resourceOrigins
        let origins = extraOrigins + (declared.isEmpty ? [EndpointSecurity.origin(of: url)].compactMap { $0 } : [])
        let client = options.client(store: FileTokenStore(path: tokenFile), additionalOrigins: origins)
        do {
            let response = try await client.send(request)
            if options.json {
                var headerObject = JSONObject()
                for field in response.headers { headerObject[field.name] = .string(field.value) }
                context.console.print(JSONWriter.string([
                    "status": .number(JSONNumber(response.status)), "headers": .object(headerObject),
                    "body": .string(String(decoding: response.body, as: UTF8.self)),
                ]))
            } else {
                context.console.print("HTTP \(response.status)")
                context.console.print(String(decoding: response.body, as: UTF8.self))
            }
            return 0
        } catch {
            return ErrorReport.print(error, console: context.console)
        }
    }
}
