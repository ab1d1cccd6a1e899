extension Fix {
    /// Adds headers to requests at the given hook points, such as GitHub's
    /// `Accept: application/json` on token requests or Twitch's `Client-Id` on API calls.
    ///
    /// `{client_id}` in a value becomes the client's id. A header the request already has is
    /// left as it is.
    public static func extraHeaders(
        id: FixID, summary: String? = nil, _ headers: [(name: String, value: String)],
        on hookPoints: [HookPoint] = [.accessTokenRequest, .refreshRequest]
    ) -> Fix {
        let templates = headers.map { (name: $0.name, value: ClientIDTemplate($0.value)) }
        @Sendable func apply(_ request: inout HTTPRequest, clientID: String?) {
            for header in templates where !request.headers.contains(header.name) {
                request.headers[header.name] = header.value.filled(with: clientID)
            }
        }
        var stages: [FixStage] = []
        if let stage = FixStage.tokenRequests(at: hookPoints, { request, context in apply(&request, clientID: context.client.id) }) {
            stages.append(stage)
        }
        if hookPoints.contains(.protectedRequest) {
            stages.append(.protectedRequest { request, context in apply(&request, clientID: context.clientID) })
        }
        let list = headers.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return Fix(
            id: id,
            summary: summary ?? "Adds \(list) to \(hookPoints.map(\.name).joined(separator: ", ")) requests.",
            stages: stages,
            recipe: FixRecipe(kind: "extra-headers", parameters: [
                "headers": .pairs(headers.map { ($0.name, $0.value) }), "on": .strings(hookPoints.map(\.name)),
            ])
        )
    }
}

extension FixKind {
    /// ``Fix/extraHeaders(id:summary:_:on:)``.
    public static let extraHeaders = FixKind(
        name: "extra-headers",
        summary: "Adds headers to token or protected requests.",
        parameters: [
            .init("headers", "an object of header names and values; {client_id} is replaced"),
            .init("on", "hook points among access-token-request, refresh-request, protected-request (default the first two)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        let points = try parameters.hookPoints("on", default: [.accessTokenRequest, .refreshRequest], allowed: [.accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest, .protectedRequest])
        return .extraHeaders(id: id, summary: summary, try parameters.stringPairs("headers").map { (name: $0.0, value: $0.1) }, on: points)
    }
}

/// A header or parameter value in which `{client_id}` stands for the client's id, split once
/// so that filling it in costs a join.
struct ClientIDTemplate: Sendable {
    private let parts: [String]

    init(_ template: String) {
        parts = template.components(separatedBy: "{client_id}")
    }

    /// The value with the client's id in place; with no id known, the template as written.
    func filled(with clientID: String?) -> String {
        parts.joined(separator: clientID ?? "{client_id}")
    }
}
