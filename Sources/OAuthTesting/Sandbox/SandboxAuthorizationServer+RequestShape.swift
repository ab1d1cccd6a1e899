import Foundation
import OAuth

// An emulated provider's request shapes: a request of the provider's shape is read back into the
// standard one before the endpoints see it; a request of another shape is refused, as the
// provider would refuse it.
extension SandboxAuthorizationServer {
    /// A request read back into the standard one, and what the reading found out.
    struct StandardRequest: Sendable {
        /// The request as the standard endpoints read it.
        var request: LoopbackRequest
        /// The client a provider's block authenticated itself (``ServerRequest/authenticatedClient``).
        var authenticatedClient: String?
        /// Whether a code exchange's `redirect_uri` is compared with the authorization request's.
        var comparesRedirectURI = true
    }

    /// The request as the standard endpoints read it, or the refusal an emulated provider gives a
    /// request that does not have its shape: first the server sides of the provider's blocks
    /// (``SandboxEmulation/counterparts``) read it, then the shapes learned from its other fixes.
    /// Without an emulation, or at an endpoint whose requests the provider sends the standard
    /// way, the request itself.
    func standardRequest(_ received: LoopbackRequest) async throws -> Result<StandardRequest, Refusal> {
        guard let emulation else { return .success(StandardRequest(request: received)) }
        var read = StandardRequest(request: received)
        switch try await counterpartsRead(received, emulation) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let reading): read = reading
        }
        let request = read.request
        if request.method == "GET", request.path == "/authorize" {
            return standardAuthorizationRequest(request, emulation).map { StandardRequest(request: $0) }
        }
        let shapes = Self.requestHookPoints(at: request.path).map(emulation.requestShape(at:))
        guard shapes.contains(where: { !$0.isStandard }), let received = Self.encoding(of: request) else { return .success(read) }
        let parameters: FormParameters
        switch received {
        case .query: parameters = request.queryParameters
        case .form: parameters = request.formParameters
        case .json:
            guard let object = SandboxRequestShape.parameters(ofJSON: request.body) else {
                return .failure(Refusal(response: error(400, "invalid_request", "expected a JSON object whose members are strings")))
            }
            parameters = object
        }
        // The grant type, under either name, says which of the endpoint's shapes applies.
        let shape = shapes.first { $0.hookPoint == Self.hookPoint(ofGrant: $0.standardNames(parameters)["grant_type"]) } ?? shapes[0]
        let clientID = read.authenticatedClient ?? shape.standardNames(parameters)["client_id"] ?? request.headers["Authorization"].flatMap(Self.basicCredentials)?.id
        if let refusal = refusal(of: request, received: received, parameters: parameters, shape: shape, clientID: clientID, emulation: emulation) {
            return .failure(Refusal(response: error(400, "invalid_request", refusal)))
        }
        guard !shape.isStandard else { return .success(read) }
        var standard = shape.standardNames(parameters)
        standard = FormParameters(standard.parameters.filter { shape.requiredParameters[$0.name] == nil })
        var query = received == .query ? FormParameters() : request.queryParameters
        query = FormParameters(query.parameters.filter { shape.requiredQueryParameters[$0.name] == nil })
        var headers = request.headers
        headers["Content-Type"] = MediaType.formURLEncoded
        let target = request.path + (query.isEmpty ? "" : "?" + query.encoded())
        read.request = LoopbackRequest(method: "POST", target: target, headers: headers, body: Data(standard.encoded().utf8))
        return .success(read)
    }

    /// The request as the server sides of the emulated provider's blocks read it, each for the
    /// requests its fix acts on, in the reverse order of the fixes.
    func counterpartsRead(_ received: LoopbackRequest, _ emulation: SandboxEmulation) async throws -> Result<StandardRequest, Refusal> {
        let hookPoints = received.path == "/authorize" && received.method == "GET" ? [.authorizationRequest] : Self.requestHookPoints(at: received.path)
        let acting = emulation.counterparts.filter { $0.hookPoints.contains(where: hookPoints.contains) }
        guard !acting.isEmpty, let url = URL(string: "http://sandbox.invalid" + received.target) else { return .success(StandardRequest(request: received)) }
        let clients = try await self.clients.allClients().map { ClientCredentials(id: $0.id, secret: $0.secret) }
        var request = ServerRequest(
            request: HTTPRequest(method: received.method, url: url, headers: received.headers, body: received.body.isEmpty ? nil : received.body),
            hookPoints: hookPoints, clients: clients, values: emulation.values
        )
        for counterpart in acting {
            do {
                try counterpart.counterpart.read(&request)
            } catch let refusal {
                let response = received.path == "/authorize" ? page(refusal.status, "\(refusal.code): \(refusal.reason).") : error(refusal.status, refusal.code, refusal.reason)
                return .failure(Refusal(response: response))
            }
        }
        let components = URLComponents(url: request.request.url, resolvingAgainstBaseURL: false)
        let target = (components?.percentEncodedPath ?? received.path) + (components?.percentEncodedQuery.map { "?" + $0 } ?? "")
        let read = LoopbackRequest(method: request.request.method, target: target, headers: request.request.headers, body: request.request.body ?? Data())
        return .success(StandardRequest(request: read, authenticatedClient: request.authenticatedClient, comparesRedirectURI: request.comparesRedirectURI))
    }

    /// Why a request does not have `shape`, in words, or `nil` when it has it.
    func refusal(
        of request: LoopbackRequest, received: SandboxRequestShape.Encoding, parameters: FormParameters, shape: SandboxRequestShape, clientID: String?,
        emulation: SandboxEmulation
    ) -> String? {
        let (name, values) = (emulation.provider.displayName, emulation.values)
        guard received == shape.encoding else { return "\(name) expects \(shape.encoding) at the \(shape.hookPoint.endpoint), got \(received)" }
        for (standard, renamed) in shape.renames.sorted(by: { $0.key < $1.key }) where parameters[standard] != nil {
            return "\(name) names the parameter \(standard) \(renamed)"
        }
        for parameter in shape.requiredParameters where !SandboxRequestShape.accepts(parameters[parameter.name], for: parameter.value, clientID: clientID, values: values) {
            return "\(name) expects the parameter \(parameter.name)"
        }
        for parameter in shape.requiredQueryParameters
        where !SandboxRequestShape.accepts(request.queryParameters[parameter.name], for: parameter.value, clientID: clientID, values: values) {
            return "\(name) expects the query parameter \(parameter.name)"
        }
        for field in shape.requiredHeaders where !SandboxRequestShape.accepts(request.headers[field.name], for: field.value, clientID: clientID, values: values) {
            return "\(name) expects the header \(field.name)"
        }
        return nil
    }

    /// `GET /authorize` with the provider's parameter names read back into the standard ones;
    /// the standard name of a parameter the provider renames is refused.
    func standardAuthorizationRequest(_ request: LoopbackRequest, _ emulation: SandboxEmulation) -> Result<LoopbackRequest, Refusal> {
        let shape = emulation.authorizationShape
        guard !shape.renames.isEmpty else { return .success(request) }
        let query = request.queryParameters
        for (standard, renamed) in shape.renames.sorted(by: { $0.key < $1.key }) where query[standard] != nil {
            return .failure(Refusal(response: page(400, "invalid_request: \(emulation.provider.displayName) names the parameter \(standard) \(renamed).")))
        }
        return .success(LoopbackRequest(method: "GET", target: "/authorize?" + shape.standardNames(query).encoded(), headers: request.headers))
    }

    /// The request hook points whose requests come to `path`.
    static func requestHookPoints(at path: String) -> [HookPoint] {
        switch path {
        case "/token": [.accessTokenRequest, .refreshRequest]
        case "/device_authorization": [.deviceAuthorizationRequest]
        case "/revoke": [.revocationRequest]
        case "/introspect": [.introspectionRequest]
        case "/userinfo": [.protectedRequest]
        default: []
        }
    }

    /// The request hook point of a token request for `grantType`.
    static func hookPoint(ofGrant grantType: String?) -> HookPoint {
        grantType == "refresh_token" ? .refreshRequest : .accessTokenRequest
    }

    /// How a request's parameters travel: `nil` for a method that carries none.
    static func encoding(of request: LoopbackRequest) -> SandboxRequestShape.Encoding? {
        switch request.method {
        case "GET": .query
        case "POST": MediaType.isJSON(request.headers["Content-Type"]) ? .json : .form
        default: nil
        }
    }
}
