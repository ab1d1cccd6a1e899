import Foundation
import OAuth

// What an emulation learns from the provider's own fixes: the strict core builds a probe of each
// request, the provider's fixes build the same one, and the difference is what the provider wants.
extension SandboxEmulation {
    /// The client the probes are built for.
    static let probeClient = ClientCredentials(id: "sandbox-probe-client", secret: "sandbox-probe-secret")
    static let probeRedirectURI = "http://127.0.0.1/sandbox-probe"
    static let probeScopes = ["sandbox-probe-scope"]
    static let probeState = "sandbox-probe-state"

    /// The provider with every endpoint at a fixed address, so that probes need no endpoint values.
    static func probed(_ provider: Provider) -> Provider {
        var copy = provider
        let base = "https://sandbox.invalid"
        copy.endpoints = Endpoints(
            authorization: Endpoint(base + "/authorize"), token: Endpoint(base + "/token"), revocation: Endpoint(base + "/revoke"),
            introspection: Endpoint(base + "/introspect"), deviceAuthorization: Endpoint(base + "/device_authorization"),
            resourceOrigins: [base]
        )
        return copy
    }

    /// The provider without the fixes whose blocks have a server side (``ServerCounterpart``):
    /// the requests of the others are what probes compare.
    static func learnedFrom(_ provider: Provider) -> Provider {
        provider.withFixes(provider.fixes.filter { !($0.block is any ServerCounterpart) })
    }

    /// Each request to the server's endpoints as the strict core builds it and as the provider's
    /// fixes make it, both with the client authentication the provider declares and the values
    /// its clients are given.
    static func probeRequests(of provider: Provider, values: [String: String]) -> [(hookPoint: HookPoint, standard: HTTPRequest, provider: HTTPRequest)] {
        let provider = probed(provider)
        let engines = (
            standard: FlowEngine(provider: provider.strictCore, endpointValues: values), provider: FlowEngine(provider: provider, endpointValues: values)
        )
        let (client, authentication) = (probeClient, provider.clientAuthentication)
        let builders: [(HookPoint, (FlowEngine) throws -> HTTPRequest)] = [
            (.accessTokenRequest, {
                let grant = TokenGrant.authorizationCode("sandbox-probe-code", redirectURI: probeRedirectURI, codeVerifier: "sandbox-probe-verifier", state: probeState)
                return try $0.tokenRequest(grant, client: client, authentication: authentication)
            }),
            (.refreshRequest, {
                try $0.tokenRequest(.refreshToken("sandbox-probe-refresh", scopes: probeScopes), client: client, authentication: authentication)
            }),
            (.deviceAuthorizationRequest, { try $0.deviceAuthorizationRequest(client: client, scopes: probeScopes, authentication: authentication) }),
            (.revocationRequest, { try $0.revocationRequest(token: "sandbox-probe-token", hint: .accessToken, client: client, authentication: authentication) }),
            (.introspectionRequest, {
                try $0.introspectionRequest(token: "sandbox-probe-token", hint: .accessToken, client: client, authentication: authentication)
            }),
        ]
        return builders.compactMap { hookPoint, build in
            guard let standard = try? build(engines.standard), let theirs = try? build(engines.provider) else { return nil }
            return (hookPoint, standard, theirs)
        }
    }

    /// The shape of each kind of request to the server's endpoints that differs from the
    /// standard; `Accept` is required as the fixes send it when `acceptIsRequired`.
    static func requestShapes(of provider: Provider, values: [String: String], acceptIsRequired: Bool) -> [HookPoint: SandboxRequestShape] {
        var shapes: [HookPoint: SandboxRequestShape] = [:]
        for probe in probeRequests(of: provider, values: values) {
            let shape = SandboxRequestShape(
                hookPoint: probe.hookPoint, standard: probe.standard, provider: probe.provider, client: probeClient, state: probeState, values: values,
                acceptIsRequired: acceptIsRequired
            )
            if !shape.isStandard { shapes[probe.hookPoint] = shape }
        }
        return shapes
    }

    /// The `Accept` header the provider's fixes send with code exchanges, if they send one the
    /// strict core does not.
    static func acceptSent(by provider: Provider, values: [String: String]) -> String? {
        probeRequests(of: provider, values: values).first { $0.hookPoint == .accessTokenRequest }.flatMap { probe in
            probe.provider.headers["Accept"] == probe.standard.headers["Accept"] ? nil : probe.provider.headers["Accept"]
        }
    }

    /// The authorization request's shape: the parameters the provider names differently, and
    /// those its fixes add (`requiredParameters`).
    static func authorizationShape(of provider: Provider, values: [String: String]) -> SandboxRequestShape {
        let provider = probed(provider)
        let pkce = try? PKCE(verifier: "sandbox-probe-verifier-sandbox-probe-verifier-0123")
        func build(_ engine: FlowEngine) -> HTTPRequest? {
            let request = try? engine.authorizationRequest(
                clientID: probeClient.id, redirectURI: probeRedirectURI, scopes: probeScopes, state: probeState, pkce: pkce
            )
            return request.map { HTTPRequest(url: $0.url) }
        }
        guard let standard = build(FlowEngine(provider: provider.strictCore, endpointValues: values)),
              let theirs = build(FlowEngine(provider: provider, endpointValues: values))
        else { return SandboxRequestShape(hookPoint: .authorizationRequest) }
        return SandboxRequestShape(hookPoint: .authorizationRequest, standard: standard, provider: theirs, client: probeClient, state: probeState, values: values)
    }

    /// What the provider's protected-request fixes add to a request for a token issued to
    /// `clientID`, which a request for the protected resource must carry: headers (Twitch's
    /// `Client-Id`, Basecamp's `User-Agent` with the value its clients are given) and query
    /// parameters (VK's `v`). Fixes with a server side (``counterparts``) are left to it.
    /// A value made from the client's secret (Etsy's `keystring:shared_secret`, Mail.ru's
    /// `sig`) is probed with two stand-in secrets and then asks only for some value there: the
    /// sandbox never learns a public client's secret.
    public func protectedRequestShape(for token: String, clientID: String) -> SandboxRequestShape {
        let standard = HTTPRequest(url: URL(string: "https://sandbox.invalid/userinfo")!)
        func probe(secret: String) -> SandboxRequestShape? {
            var theirs = standard
            let client = ClientCredentials(id: clientID, secret: secret)
            let context = RequestContext(hookPoint: .protectedRequest, client: client, token: Token(accessToken: token, tokenType: "Bearer"), values: values)
            guard (try? Self.learnedFrom(provider).hooks.run(&theirs, context: context)) != nil else { return nil }
            return SandboxRequestShape(hookPoint: .protectedRequest, standard: standard, provider: theirs, client: client, values: values)
        }
        guard var shape = probe(secret: "sandbox-probe-secret"), let other = probe(secret: "sandbox-other-secret") else {
            return SandboxRequestShape(hookPoint: .protectedRequest)
        }
        shape.requiredParameters = Self.secretDependent(shape.requiredParameters, other.requiredParameters)
        shape.requiredQueryParameters = Self.secretDependent(shape.requiredQueryParameters, other.requiredQueryParameters)
        var headers = HTTPHeaders()
        for field in shape.requiredHeaders {
            headers.add(name: field.name, value: other.requiredHeaders[field.name] == field.value ? field.value : "{client_secret}")
        }
        shape.requiredHeaders = headers
        return shape
    }

    /// The parameters of `first`, with `{client_secret}` (some value) where `second`, probed with
    /// another secret, differs.
    static func secretDependent(_ first: FormParameters, _ second: FormParameters) -> FormParameters {
        var result = FormParameters()
        for parameter in first { result.append(parameter.name, second[parameter.name] == parameter.value ? parameter.value : "{client_secret}") }
        return result
    }
}
