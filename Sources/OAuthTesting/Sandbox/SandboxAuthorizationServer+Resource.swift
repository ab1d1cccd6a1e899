import Foundation
import OAuth

// The protected test resource (RFC 6750), `/userinfo`.
extension SandboxAuthorizationServer {
    /// `GET` or `POST /userinfo`: who the token belongs to and its scope, as JSON.
    ///
    /// The standard sandbox takes `Authorization: Bearer` only. An emulated provider's sandbox
    /// takes the token only where the provider's fixes place it and requires the headers and
    /// query parameters its protected-request fixes add.
    func userinfo(_ request: LoopbackRequest) async throws -> HTTPResponse {
        let placement = emulation?.provider.tokenPlacement ?? .bearerHeader
        let scheme = placement.location.challengeScheme
        let presented: String
        switch Self.token(in: request, at: placement.location) {
        case .missing:
            return HTTPResponse(status: 401, headers: ["WWW-Authenticate": "\(scheme) realm=\"sandbox\""])
        case .repeated:
            return challenge(400, scheme, "invalid_request", "the token was given more than once")
        case .found(let token):
            presented = token
        }
        let now = clock.now
        guard let record = try await tokens.record(for: presented), record.kind == .accessToken, record.expiresAt.map({ $0 > now }) ?? true else {
            counters.resourceRequestsRefused += 1
            return challenge(401, scheme, "invalid_token", "unknown, expired or revoked token")
        }
        if let emulation {
            let shape = emulation.protectedRequestShape(for: presented, clientID: record.clientID)
            for field in shape.requiredHeaders
            where !SandboxRequestShape.accepts(request.headers[field.name], for: field.value, clientID: record.clientID, values: emulation.values) {
                return challenge(400, scheme, "invalid_request", "\(emulation.provider.displayName) expects the header \(field.name)")
            }
            for parameter in shape.requiredParameters
            where !request.queryParameters.values(for: parameter.name).contains(where: {
                SandboxRequestShape.accepts($0, for: parameter.value, clientID: record.clientID, values: emulation.values)
            }) {
                return challenge(400, scheme, "invalid_request", "\(emulation.provider.displayName) expects the query parameter \(parameter.name)")
            }
        }
        var body: JSONObject = ["sub": .string(record.user ?? record.clientID), "client_id": .string(record.clientID)]
        body["scope"] = .string(record.scope.joined(separator: " "))
        if let user = record.user { body["username"] = .string(user) }
        counters.resourceRequestsServed += 1
        return json(200, body)
    }

    func challenge(_ status: Int, _ scheme: String, _ code: String, _ description: String) -> HTTPResponse {
        let header = "\(scheme) realm=\"sandbox\", error=\"\(code)\", error_description=\"\(description)\""
        return json(status, ["error": .string(code), "error_description": .string(description)], headers: ["WWW-Authenticate": header])
    }

    /// What a request carries where `location` says the token goes.
    enum PresentedToken: Equatable {
        case missing, repeated, found(String)
    }

    static func token(in request: LoopbackRequest, at location: TokenPlacement.Location) -> PresentedToken {
        let values: [String]
        switch location {
        case .authorization(let scheme):
            let prefix = scheme.lowercased() + " "
            values = request.headers.values(for: "Authorization").filter { $0.lowercased().hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        case .header(let name):
            values = request.headers.values(for: name)
        case .query(let parameter):
            values = request.queryParameters.values(for: parameter)
        }
        switch values.count {
        case 0: return .missing
        case 1: return values[0].isEmpty ? .missing : .found(values[0])
        default: return .repeated
        }
    }
}

extension TokenPlacement.Location {
    /// The scheme named in a `WWW-Authenticate` challenge for a token placed here.
    var challengeScheme: String {
        if case .authorization(let scheme) = self { return scheme }
        return "Bearer"
    }
}
