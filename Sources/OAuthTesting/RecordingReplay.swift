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
        let engine = FlowEngine(provider: provider)
        switch input {
        case .response(let response, let previous):
            if hookPoint == .deviceAuthorizationResponse {
                return Outcome(deviceAuthorization: Result { try engine.deviceAuthorization(from: response, issuedAt: Self.replayDate, trace: trace) })
            }
            return Outcome(Result { try engine.token(from: response, at: hookPoint, previous: previous, issuedAt: Self.replayDate, trace: trace) })
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
        case .protectedRequest(let request, let token, let clientID):
            do {
                return .request(RecordedRequest(try engine.protectedRequest(request, token: token, clientID: clientID, trace: trace)))
            } catch {
                return .failure("\(error)")
            }
        }
    }

    /// The moment recordings are replayed at, so that nothing depends on the clock.
    static let replayDate = Date(timeIntervalSince1970: 1_700_000_000)
}
