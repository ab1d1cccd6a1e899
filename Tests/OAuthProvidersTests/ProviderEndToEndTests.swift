import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// Every provider's recordings served as recorded on a loopback port, and the real client,
/// URLSession transport included, getting the expected outcome.
@Suite struct ProviderEndToEndTests {
    /// What the loopback server saw.
    actor Seen {
        var requests: [LoopbackRequest] = []
        func record(_ request: LoopbackRequest) { requests.append(request) }
    }

    static let networkRecordings: [(provider: String, recording: String)] = ProviderRegistry.builtIn.providers.flatMap { provider in
        ((try? BuiltInRecordings.recordings(for: provider.name)) ?? [])
            .filter(\.travels)
            .map { (provider.name, $0.name) }
    }

    @Test(arguments: networkRecordings)
    func recordingServedOverLoopback(providerName: String, recordingName: String) async throws {
        let recording = try #require(try BuiltInRecordings.recordings(for: providerName).first { $0.name == recordingName })
        let seen = Seen()
        let served: HTTPResponse
        if case .response(let response, _) = recording.input {
            served = response
        } else {
            served = HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"access_token":"ok","token_type":"Bearer"}"#.utf8))
        }
        let server = LoopbackHTTPServer { request in
            await seen.record(request)
            return served
        }
        try server.start()
        defer { server.stop() }
        let base = server.baseURL.absoluteString
        var provider = try ProviderRegistry.builtIn.provider(named: providerName).enablingFixes(recording.enable)
        let original = provider.endpoints
        // Placeholders in the path keep the recording's values, or a stand-in: the server here
        // answers whatever the path.
        func local(_ endpoint: Endpoint?) -> Endpoint? {
            endpoint.map { endpoint in
                var path = Self.path(of: endpoint.template)
                for name in Endpoint(path).placeholders {
                    path = path.replacingOccurrences(of: "{\(name)}", with: recording.endpointValues[name] ?? "example")
                }
                return Endpoint(base + path)
            }
        }
        provider.endpoints = Endpoints(
            authorization: local(original.authorization ?? "https://generic.example/authorize"),
            token: local(original.token ?? "https://generic.example/token"), refresh: local(original.refresh), revocation: local(original.revocation),
            deviceAuthorization: local(original.deviceAuthorization), requestToken: local(original.requestToken), resourceOrigins: [base]
        )

        switch recording.input {
        case .response(_, let previous):
            let outcome = await obtain(recording.hookPoint, provider: provider, previous: previous, values: recording.endpointValues)
            #expect(outcome.matches(recording.expected), "\(providerName)/\(recordingName): \(outcome)")
        case .tokenRequest(let grant, let credentials):
            // The recording's values are the client's: a tenant, a redirect URI a refresh repeats.
            let client = OAuthClient(provider: provider, credentials: credentials, endpointValues: recording.endpointValues)
            if grant.isRefresh {
                try await client.adopt(Token(accessToken: "old", expiresAt: Date(timeIntervalSince1970: 0), refreshToken: grant.parameters["refresh_token"]))
                _ = try await client.refresh()
            } else {
                _ = try await client.obtain(grant)
            }
            let received = try #require(await seen.requests.first)
            guard case .request(let expected) = recording.expected else {
                Issue.record("expected a request outcome")
                return
            }
            expectSame(received, expected)
        case .revocationRequest(let token, let hint, let credentials):
            let client = OAuthClient(provider: provider, credentials: credentials, endpointValues: recording.endpointValues)
            try await client.revoke(token, hint: hint)
            let received = try #require(await seen.requests.first)
            guard case .request(let expected) = recording.expected else {
                Issue.record("expected a request outcome")
                return
            }
            expectSame(received, expected)
        case .protectedRequest(let request, var token, let client):
            // An origin the provider reads from the token (Salesforce's `{instance_url}`) must be
            // what lets the request through: the token's member points at the local server, and
            // no other origin is allowed.
            let fromToken = Self.tokenOrigins(original.resourceOrigins, values: recording.endpointValues).filter { name in
                guard case .string(let value)? = token.extras[name], let url = URL(string: value) else { return false }
                return EndpointSecurity.origin(of: url) == EndpointSecurity.origin(of: request.url)
            }
            if !fromToken.isEmpty {
                for name in fromToken { token.extras[name] = .string(base) }
                provider.endpoints.resourceOrigins = fromToken.map { "{\($0)}" }
            }
            let client = OAuthClient(
                provider: provider, credentials: client ?? ClientCredentials(id: "client"), store: InMemoryTokenStore(token),
                endpointValues: recording.endpointValues
            )
            if !fromToken.isEmpty {
                #expect(client.allowedOrigins(for: token) == [base], "\(providerName)/\(recordingName): the origin comes from the token")
            }
            var local = request
            local.url = URL(string: base + Self.pathAndQuery(request.url.absoluteString))!
            _ = try await client.send(local)
            let received = try #require(await seen.requests.first)
            guard case .request(let expected) = recording.expected else {
                Issue.record("expected a request outcome")
                return
            }
            expectSame(received, expected)
        case .authorization, .oauth1Request, .oauth1Authorization, .oauth1Callback, .oauth1ProtectedRequest, .authorizationResponse:
            Issue.record("\(recordingName) does not travel: its signature is proven by replay, with a fixed nonce and timestamp")
        }
    }

    /// OAuth 1.0a: the temporary or token credentials the client gets from the served response.
    func obtainOAuth1(_ hookPoint: HookPoint, provider: Provider) async -> Outcome {
        let client = OAuth1Client(provider: provider, credentials: ClientCredentials(id: "client", secret: "secret"))
        do {
            if hookPoint == .requestTokenResponse {
                return .credentials(try await client.startAuthorization(callback: "http://127.0.0.1:8400/callback").pending.temporaryCredentials.jsonObject())
            }
            let pending = OAuth1PendingAuthorization(
                temporaryCredentials: OAuth1Token(token: "request-token", secret: "request-secret"), callback: "http://127.0.0.1:8400/callback", createdAt: Date()
            )
            return .credentials(try await client.finishAuthorization(verifier: "verifier", pending: pending).jsonObject())
        } catch OAuth1ResponseError.problem(_, let problem, let advice) {
            return .error(code: problem, description: advice)
        } catch {
            return Outcome(.failure(error))
        }
    }

    func obtain(_ hookPoint: HookPoint, provider: Provider, previous: Token?, values: [String: String] = [:]) async -> Outcome {
        if provider.version == .oauth1 { return await obtainOAuth1(hookPoint, provider: provider) }
        // The recording's clock: a fix that turns an absolute expiry into a lifetime counts from it.
        let client = OAuthClient(
            provider: provider, credentials: ClientCredentials(id: "client", secret: "secret"), clock: ManualClock(Recording.replayDate), endpointValues: values
        )
        do {
            if hookPoint == .deviceAuthorizationResponse {
                return .deviceAuthorization(try await client.startDeviceAuthorization().jsonObject())
            }
            if hookPoint == .refreshResponse, let previous {
                var expired = previous
                expired.expiresAt = Date(timeIntervalSince1970: 0)
                try await client.adopt(expired)
                return .token(try await client.refresh().jsonObject(includingExpiresAt: false))
            }
            // A state as the pending authorization would give it, for fixes that repeat it (Naver).
            let token = try await client.exchange(code: "code", redirectURI: "http://127.0.0.1:8400/callback", codeVerifier: nil, state: "state")
            return .token(token.jsonObject(includingExpiresAt: false))
        } catch OAuthClientError.reauthorizationRequired(let oauth) {
            return .error(code: oauth.code.rawValue, description: oauth.errorDescription)
        } catch {
            return Outcome(.failure(error))
        }
    }

    func expectSame(_ received: LoopbackRequest, _ expected: RecordedRequest) {
        #expect(received.method == expected.method)
        #expect(received.target == Self.pathAndQuery(expected.url))
        #expect(String(decoding: received.body, as: UTF8.self) == (expected.body ?? ""))
        for field in expected.headers {
            #expect(received.headers[field.name] == field.value, "header \(field.name)")
        }
        if !expected.headers.contains("Authorization") {
            #expect(received.headers["Authorization"] == nil)
        }
    }

    /// The names of the resource origins that are one placeholder the client gives no value for,
    /// so that the token's member of that name fills them.
    static func tokenOrigins(_ origins: [String], values: [String: String]) -> [String] {
        origins.compactMap { origin in
            let names = Endpoint(origin).placeholders
            guard names.count == 1, origin == "{\(names[0])}", values[names[0]] == nil else { return nil }
            return names[0]
        }
    }

    /// The part of an endpoint after its scheme and authority.
    static func path(of template: String) -> String {
        guard let scheme = template.range(of: "://") else { return template }
        let rest = template[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    static func pathAndQuery(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}

extension Recording {
    /// Whether the recording's exchange goes over the network as recorded: responses, OAuth 2.0
    /// token and revocation requests, and protected requests. Authorization URLs and callbacks do not travel;
    /// OAuth 1.0a requests carry a fresh nonce and timestamp, so replay proves them instead.
    var travels: Bool {
        switch input {
        case .response, .tokenRequest, .revocationRequest, .protectedRequest: true
        case .authorization, .oauth1Request, .oauth1Authorization, .oauth1Callback, .oauth1ProtectedRequest, .authorizationResponse: false
        }
    }
}
