import Foundation
import OAuth

extension Recording {
    /// Runs the recording through a provider's pipeline for its hook point and returns what
    /// came out. Pass a trace to learn which fixes acted.
    ///
    /// ```swift
    /// let outcome = recording.replay(with: provider)
    /// #expect(outcome.matches(recording.expected))
    /// ```
    public func replay(with provider: Provider, trace: FixTrace? = nil) -> Outcome {
        // The strict core has no fixes to enable; any other provider must have those named.
        var provider = provider
        if !enable.isEmpty, !(provider.fixes.isEmpty && provider.optionalFixes.isEmpty) {
            do {
                provider = try provider.enablingFixes(enable)
            } catch {
                return .failure("enable: \(error)")
            }
        }
        let engine = FlowEngine(provider: provider, endpointValues: endpointValues)
        let oauth1 = OAuth1Engine(provider: provider, endpointValues: endpointValues)
        switch input {
        case .response(let response, _) where hookPoint == .requestTokenResponse:
            return Outcome(oauth1: Result { try oauth1.temporaryCredentials(from: response, trace: trace) })
        case .response(let response, _) where provider.version == .oauth1:
            return Outcome(oauth1: Result { try oauth1.tokenCredentials(from: response, trace: trace) })
        case .oauth1Request(let inputs):
            do {
                if hookPoint == .requestTokenRequest {
                    return .request(RecordedRequest(try oauth1.requestTokenRequest(callback: inputs.callback ?? "oob", signer: inputs.signer, trace: trace)))
                }
                return .request(RecordedRequest(try oauth1.accessTokenRequest(pending: inputs.pending, verifier: inputs.verifier, signer: inputs.signer, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        case .oauth1Authorization(let inputs, let parameters):
            do {
                return .url(try oauth1.authorizationRequest(for: inputs.pending, additionalParameters: parameters, trace: trace).url.absoluteString)
            } catch {
                return .failure("\(error)")
            }
        case .oauth1Callback(let callback, let inputs):
            do {
                return .callback(verifier: try oauth1.verifier(fromCallback: callback, pending: inputs.pending, trace: trace))
            } catch {
                return .failure("\(error)")
            }
        case .oauth1ProtectedRequest(let request, let inputs):
            do {
                let token = OAuth1Token(token: inputs.token ?? "", secret: inputs.tokenSecret ?? "")
                return .request(RecordedRequest(try oauth1.protectedRequest(request, token: token, signer: inputs.signer, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        case .response(let response, let previous):
            if hookPoint == .deviceAuthorizationResponse {
                return Outcome(deviceAuthorization: Result { try engine.deviceAuthorization(from: response, issuedAt: Self.replayDate, trace: trace) })
            }
            return Outcome(Result { try engine.token(from: response, at: hookPoint, previous: previous, issuedAt: Self.replayDate, trace: trace) })
        case .authorizationResponse(let callback, let pending, let client):
            do {
                let response = try engine.authorizationResponse(from: callback, pending: pending, client: client, trace: trace)
                return .authorizationResponse(code: response.code, kept: response.kept)
            } catch AuthorizationCallbackError.authorizationDenied(let oauth) {
                return .error(code: oauth.code.rawValue, description: oauth.errorDescription)
            } catch {
                return .failure("\(error)")
            }
        case .authorization(let inputs):
            do {
                let pkce = try inputs.codeVerifier.map { try PKCE(verifier: $0) }
                let request = try engine.authorizationRequest(
                    clientID: inputs.clientID, redirectURI: inputs.redirectURI, scopes: inputs.scopes, state: inputs.state,
                    pkce: pkce, additionalParameters: inputs.parameters, trace: trace
                )
                return .url(request.url.absoluteString)
            } catch {
                return .failure("\(error)")
            }
        case .tokenRequest(let grant, let client):
            do {
                if hookPoint == .deviceAuthorizationRequest {
                    return .request(RecordedRequest(try engine.deviceAuthorizationRequest(client: client, scopes: grant.scopes, trace: trace)))
                }
                return .request(RecordedRequest(try engine.tokenRequest(grant, client: client, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        case .revocationRequest(let token, let hint, let client):
            do {
                return .request(RecordedRequest(try engine.revocationRequest(token: token, hint: hint, client: client, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        case .protectedRequest(let request, let token, let client):
            do {
                return .request(RecordedRequest(try engine.protectedRequest(request, token: token, client: client, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        }
    }

    /// The moment recordings are replayed at, so that nothing depends on the clock: a fix that
    /// turns an absolute expiry into a lifetime counts from it. Give a client this clock
    /// (`ManualClock(Recording.replayDate)`) to get a recording's outcome over the network.
    public static let replayDate = Date(timeIntervalSince1970: 1_700_000_000)
}
