import Foundation
import OAuth

/// Sends requests to a ``SandboxAuthorizationServer`` in process, without a socket.
public struct SandboxTransport: HTTPTransport {
    /// The sandbox.
    public let sandbox: SandboxAuthorizationServer

    /// Creates a transport to a sandbox.
    public init(_ sandbox: SandboxAuthorizationServer) {
        self.sandbox = sandbox
    }

    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        let target = (components?.percentEncodedPath ?? "/") + (components?.percentEncodedQuery.map { "?" + $0 } ?? "")
        return await sandbox.handle(LoopbackRequest(method: request.method, target: target.isEmpty ? "/" : target, headers: request.headers, body: request.body ?? Data()))
    }
}
