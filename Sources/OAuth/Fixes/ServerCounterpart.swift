/// The server's side of a building block: how an authorization server that speaks as the
/// provider reads the requests the block shapes, and makes what the block checks at the callback.
///
/// A provider's own block adopts it when comparing the requests the strict core and the
/// provider's fixes build cannot tell a server what to do: a digest of the secret and the code
/// to verify, an assertion to read as a code, a signed redirect to make. The counterpart lives
/// beside its block in the provider's folder; a server that emulates the provider (the testing
/// product's sandbox) calls it for every fix whose block has one.
///
/// ```swift
/// extension AcmeSecretDigest: ServerCounterpart {
///     func read(_ request: inout ServerRequest) throws(ServerRefusal) {
///         var body = try request.formParameters()
///         guard let client = body["client_id"], let digest = body["digest"] else {
///             throw ServerRefusal("Acme expects client_id and digest")
///         }
///         guard let secret = request.secret(of: client), digest == Self.digest(secret) else {
///             throw ServerRefusal(status: 401, code: "invalid_client", "the digest does not verify")
///         }
///         body["digest"] = nil
///         request.request.setFormParameters(body)
///         request.authenticatedClient = client
///     }
/// }
/// ```
public protocol ServerCounterpart: Sendable {
    /// Reads a request this block shaped back into the one an RFC 6749 server reads, or refuses
    /// it as the provider would (a request the block would have shaped that comes without its
    /// shape). Called for every request to an endpoint whose hook points
    /// (``ServerRequest/hookPoints``) the block acts on, in the reverse order of the fixes.
    func read(_ request: inout ServerRequest) throws(ServerRefusal)

    /// Adds to the parameters of an authorization response the server sends what the block
    /// checks at the callback (a signature of the others).
    func shape(_ response: inout ServerAuthorizationResponse)
}

extension ServerCounterpart {
    /// Reads nothing: the block shapes no request.
    public func read(_ request: inout ServerRequest) throws(ServerRefusal) {}

    /// Adds nothing: the block checks nothing at the callback.
    public func shape(_ response: inout ServerAuthorizationResponse) {}
}

/// A request as a server receives it, for a ``ServerCounterpart`` to read back into the
/// standard one.
public struct ServerRequest: Sendable {
    /// The request; the counterpart rewrites it.
    public var request: HTTPRequest
    /// The hook points whose requests come to this endpoint: the token endpoint takes code
    /// exchanges and refreshes alike.
    public let hookPoints: [HookPoint]
    /// The clients the server knows, with their secrets.
    public let clients: [ClientCredentials]
    /// The values the provider's clients are given for its placeholders (``Provider/placeholders``).
    public let values: [String: String]
    /// The client the counterpart authenticated, when the block carries the client's
    /// authentication itself (a digest of the secret, an assertion): the server takes the request
    /// as coming from this client and asks for no other authentication.
    public var authenticatedClient: String?
    /// Whether the server still compares a code exchange's `redirect_uri` with the authorization
    /// request's (RFC 6749 §4.1.3); `false` for a provider whose exchange carries none.
    public var comparesRedirectURI = true

    /// A request to an endpoint that takes the requests of `hookPoints`.
    public init(request: HTTPRequest, hookPoints: [HookPoint], clients: [ClientCredentials], values: [String: String] = [:]) {
        self.request = request
        self.hookPoints = hookPoints
        self.clients = clients
        self.values = values
    }

    /// The secret of the client with this id, if the server knows the client and it has one.
    public func secret(of clientID: String) -> String? {
        clients.first { $0.id == clientID }?.secret
    }

    /// The form parameters of the body, or of the query for a `GET`.
    ///
    /// - Throws: ``ServerRefusal`` for a body that is not a form.
    public func formParameters() throws(ServerRefusal) -> FormParameters {
        do {
            return request.method == "GET" ? try request.queryParameters : try request.formParameters
        } catch {
            throw ServerRefusal("expected form parameters, got a body that does not read as a form")
        }
    }
}

/// The parameters of an authorization response a server is about to send, for a
/// ``ServerCounterpart`` to add what the provider adds.
public struct ServerAuthorizationResponse: Sendable {
    /// The parameters, `code` and `state` among them; the counterpart adds to them.
    public var parameters: FormParameters
    /// The client the response goes to, with its secret as the server has it.
    public let client: ClientCredentials
    /// The values the provider's clients are given for its placeholders.
    public let values: [String: String]

    /// The parameters of a response to `client`.
    public init(parameters: FormParameters, client: ClientCredentials, values: [String: String] = [:]) {
        self.parameters = parameters
        self.client = client
        self.values = values
    }
}

/// A request a server refuses, as the provider would: the status, the RFC 6749 error code and
/// what was expected and what came, without secrets.
public struct ServerRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public let status: Int
    /// The RFC 6749 §5.2 error code.
    public let code: String
    /// What was expected and what came.
    public let reason: String

    /// A refusal; by default `400 invalid_request`.
    public init(status: Int = 400, code: String = "invalid_request", _ reason: String) {
        self.status = status
        self.code = code
        self.reason = reason
    }

    /// `code: reason`.
    public var description: String { "\(code): \(reason)" }
}
