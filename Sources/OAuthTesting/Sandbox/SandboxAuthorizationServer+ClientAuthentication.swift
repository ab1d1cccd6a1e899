import Foundation
import OAuth

// Client authentication at the token, device, revocation and introspection endpoints
// (RFC 6749 §2.3, §3.2.1).
extension SandboxAuthorizationServer {
    /// A request the sandbox answers with an error response instead of going on.
    struct Refusal: Error {
        let response: HTTPResponse
    }

    /// The client a request comes from: authenticated by HTTP Basic or by `client_secret` in the
    /// body, or a public client named by `client_id`. One method per request; a confidential
    /// client must authenticate; an emulated provider's declared method is the only one taken.
    func authenticate(_ request: LoopbackRequest, _ form: FormParameters) async throws -> Result<SandboxClient, Refusal> {
        var presented: [(id: String, secret: String, method: ClientAuthentication)] = []
        if let authorization = request.headers["Authorization"] {
            guard let credentials = Self.basicCredentials(authorization) else {
                return .failure(Refusal(response: error(401, "invalid_client", "expected Authorization: Basic with the form-encoded id and secret", basic: true)))
            }
            presented.append((credentials.id, credentials.secret, .basic))
        }
        if let secret = form["client_secret"] {
            presented.append((form["client_id"] ?? "", secret, .post))
        }
        guard presented.count <= 1 else {
            return .failure(Refusal(response: error(400, "invalid_request", "expected one client authentication method, got HTTP Basic and client_secret in the body")))
        }
        if let credentials = presented.first {
            let basic = credentials.method == .basic
            guard let client = try await clients.client(id: credentials.id), let secret = client.secret,
                  constantTimeEquals(secret.utf8, credentials.secret.utf8)
            else { return .failure(Refusal(response: error(401, "invalid_client", "client authentication failed", basic: basic))) }
            if let bodyID = form["client_id"], bodyID != client.id {
                return .failure(Refusal(response: error(400, "invalid_request", "client_id in the body is not the authenticated client")))
            }
            if let expected = emulation?.provider.clientAuthentication, expected != .none, expected != credentials.method {
                let name = emulation?.provider.displayName ?? "the provider"
                return .failure(Refusal(response: error(
                    401, "invalid_client", "\(name) expects client authentication \(expected.name), got \(credentials.method.name)", basic: basic
                )))
            }
            return .success(client)
        }
        guard let id = form["client_id"], let client = try await clients.client(id: id) else {
            return .failure(Refusal(response: error(401, "invalid_client", "client authentication failed: no credentials and no known client_id")))
        }
        guard client.isPublic else {
            return .failure(Refusal(response: error(401, "invalid_client", "this client is confidential and must authenticate with its secret")))
        }
        return .success(client)
    }

    /// The id and secret of `Authorization: Basic`, each form-decoded (RFC 6749 §2.3.1).
    static func basicCredentials(_ header: String) -> (id: String, secret: String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let decoded = Data(base64Encoded: String(parts[1])),
              let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":"),
              let id = formDecoded(pair[..<colon]), let secret = formDecoded(pair[pair.index(after: colon)...])
        else { return nil }
        return (id, secret)
    }

    /// One form-encoded component: `+` is a space, `%XX` a byte; nothing else is special.
    static func formDecoded(_ text: Substring) -> String? {
        OAuth1Encoding.decode(text.replacingOccurrences(of: "+", with: " "))
    }

    /// The form body of a POST, refused unless it is `application/x-www-form-urlencoded`
    /// without repeated parameters and no secret in the URL; parameters without a value count
    /// as omitted (RFC 6749 §3.1).
    func form(of request: LoopbackRequest) -> Result<FormParameters, Refusal> {
        guard MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded,
              let form = try? FormParameters(decoding: request.body)
        else {
            let got = request.headers["Content-Type"] ?? "no Content-Type"
            return .failure(Refusal(response: error(400, "invalid_request", "expected an application/x-www-form-urlencoded body, got \(got)")))
        }
        if let duplicate = Self.duplicate(in: form) {
            return .failure(Refusal(response: error(400, "invalid_request", "\(duplicate) given more than once")))
        }
        if request.queryParameters["client_secret"] != nil {
            return .failure(Refusal(response: error(400, "invalid_request", "client_secret must not be sent in the URL (RFC 6749 §2.3.1)")))
        }
        return .success(Self.withoutEmptyValues(form))
    }

    /// The form of a request to the token, device, revocation or introspection endpoint and the
    /// client it comes from, or the refusal of the first of the two that fails.
    ///
    /// A client an emulated provider's block authenticated already (`authenticatedBy`, Smartsheet's
    /// hash of the secret) is taken as it is, and the request must carry no other credentials.
    func authenticatedForm(of request: LoopbackRequest, authenticatedBy clientID: String? = nil) async throws -> Result<(FormParameters, SandboxClient), Refusal> {
        switch form(of: request) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let form):
            guard let clientID else { return try await authenticate(request, form).map { (form, $0) } }
            guard request.headers["Authorization"] == nil, form["client_secret"] == nil, form["client_id"].map({ $0 == clientID }) ?? true,
                  let client = try await clients.client(id: clientID)
            else { return .failure(Refusal(response: error(400, "invalid_request", "expected the client authenticated once, by the provider's own means"))) }
            return .success((form, client))
        }
    }
}
