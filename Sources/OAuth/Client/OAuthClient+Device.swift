import Foundation

/// Waits the given number of seconds; injected in tests to move a manual clock instead.
public typealias DeviceFlowSleeper = @Sendable (TimeInterval) async throws -> Void

extension OAuthClient {
    /// Asks the device authorization endpoint for a user code and a verification URI
    /// (RFC 8628 §3.1), through the provider's device fixes.
    ///
    /// - Throws: ``TokenResponseError`` for an error answer, ``FlowError`` when the provider has
    ///   no device authorization endpoint.
    public func startDeviceAuthorization(scopes: [String]? = nil) async throws -> DeviceAuthorization {
        let request = try traced { try engine.deviceAuthorizationRequest(client: credentials, scopes: scopes, authentication: configuration.clientAuthentication, trace: $0) }
        let response = try await sendToEndpoint(request, role: "device authorization endpoint")
        let issuedAt = clock.now
        return try traced { try engine.deviceAuthorization(from: response, issuedAt: issuedAt, trace: $0) }
    }

    /// Polls the token endpoint until the user approves (RFC 8628 §3.4, §3.5), then stores
    /// and returns the token.
    ///
    /// Waits `interval` seconds before each poll; `authorization_pending` polls again;
    /// `slow_down` adds 5 seconds to this and every later interval; a connection timeout
    /// doubles it; the interval never leaves ``ServerDurations/intervals`` (1 to 3,600 s). Any
    /// other error stops. No poll is sent once the codes have expired.
    ///
    /// - Parameter sleep: how to wait; `Task.sleep` by default.
    /// - Throws: ``DeviceFlowError/expired`` at the deadline, ``TokenResponseError`` for the
    ///   error that stopped the polling.
    public func pollDeviceAuthorization(
        _ authorization: DeviceAuthorization, sleep: DeviceFlowSleeper = { try await Task.sleep(for: .seconds($0)) }
    ) async throws -> Token {
        var interval = ServerDurations.interval(TimeInterval(authorization.interval))
        let grant = TokenGrant.deviceCode(authorization.deviceCode)
        while true {
            try await sleep(interval)
            guard clock.now < authorization.expiresAt else { throw DeviceFlowError.expired }
            do {
                let token = try await requestToken(grant, previous: nil)
                try await adopt(token)
                return token
            } catch let error as TokenResponseError {
                switch error.oauthError?.code.rawValue {
                case "authorization_pending": continue
                case "slow_down": interval = ServerDurations.interval(interval + 5)
                default: throw error
                }
            } catch TransportError.timedOut {
                interval = ServerDurations.interval(interval * 2)
            }
        }
    }
}

/// Why the device flow ended without a token, apart from the server's errors.
public enum DeviceFlowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device and user codes expired before the user approved.
    case expired

    public var description: String {
        switch self {
        case .expired: "device flow: expected the user's approval before the codes expired, got none"
        }
    }
}
