import Foundation
import OAuth

// An emulated provider's request shapes: a request of the provider's shape is read back into the
// standard one before the endpoints see it; a request of another shape is refused, as the
// provider would refuse it.
extension SandboxAuthorizationServer {
    /// The request as the standard endpoints read it, or the refusal an emulated provider gives a
    /// request that does not have its shape. Without an emulation, or at an endpoint whose
    /// requests the provider sends the standard way, the request itself.
    func standardRequest(_ request: LoopbackRequest) -> Result<LoopbackRequest, Refusal> {
        guard let emulation else { return .success(request) }
        if request.method == "GET", request.path == "/authorize" { return standardAuthorizationRequest(request, emulation) }
        let shapes = Self.requestHookPoints(at: request.path).map(emulation.requestShape(at:))
        guard shapes.contains(where: { !$0.isStandard }), let received = Self.encoding(of: request) else { return .success(request) }
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
        if let refusal = refusal(of: request, received: received, parameters: parameters, shape: shape, by: emulation.provider.displayName) {
            return .failure(Refusal(response: error(400, "invalid_request", refusal)))
        }
        guard !shape.isStandard else { return .success(request) }
        var standard = shape.standardNames(parameters)
        standard = FormParameters(standard.parameters.filter { shape.requiredParameters[$0.name] == nil })
        var query = received == .query ? FormParameters() : request.queryParameters
        query = FormParameters(query.parameters.filter { shape.requiredQueryParameters[$0.name] == nil })
        var headers = request.headers
        headers["Content-Type"] = MediaType.formURLEncoded
        let target = request.path + (query.isEmpty ? "" : "?" + query.encoded())
        return .success(LoopbackRequest(method: "POST", target: target, headers: headers, body: Data(standard.encoded().utf8)))
    }

    /// Why a request does not have `shape`, in words, or `nil` when it has it.
    func refusal(of request: LoopbackRequest, received: SandboxRequestShape.Encoding, parameters: FormParameters, shape: SandboxRequestShape, by name: String) -> String? {
        guard received == shape.encoding else { return "\(name) expects \(shape.encoding) at the \(shape.hookPoint.endpoint), got \(received)" }
        for (standard, renamed) in shape.renames.sorted(by: { $0.key < $1.key }) where parameters[standard] != nil {
            return "\(name) names the parameter \(standard) \(renamed)"
        }
        let clientID = shape.standardNames(parameters)["client_id"] ?? request.headers["Authorization"].flatMap(Self.basicCredentials)?.id
        for parameter in shape.requiredParameters where !SandboxRequestShape.accepts(parameters[parameter.name], for: parameter.value, clientID: clientID) {
            return "\(name) expects the parameter \(parameter.name)"
        }
        for parameter in shape.requiredQueryParameters
        where !SandboxRequestShape.accepts(request.queryParameters[parameter.name], for: parameter.value, clientID: clientID) {
            return "\(name) expects the query parameter \(parameter.name)"
        }
        for field in shape.requiredHeaders where !SandboxRequestShape.accepts(request.headers[field.name], for: field.value, clientID: clientID) {
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
