import Foundation
import OAuth
import OAuthTesting

/// The sandboxes `oauthctl demo` runs, on one loopback server: the standard one under
/// `/standard/` and each registered provider's emulation under `/<provider>/`.
final class DemoServer: Sendable {
    /// The demo's client, registered with every sandbox.
    static let client = ClientCredentials(id: "demo-app", secret: "demo-secret")

    let sandboxes: [String: SandboxAuthorizationServer]
    let server: LoopbackHTTPServer

    /// Creates the sandboxes: the standard one and one per emulation.
    init(emulations: [SandboxEmulation]) {
        let standard = [SandboxClient(id: Self.client.id, secret: Self.client.secret)]
        var sandboxes = ["standard": SandboxAuthorizationServer(clients: standard, configuration: .init(autoApprove: true))]
        for emulation in emulations {
            // Registered as the provider's client authentication implies (public for `none`).
            let registered = [emulation.client(id: Self.client.id, secret: Self.client.secret)]
            sandboxes[emulation.name] = SandboxAuthorizationServer(clients: registered, configuration: .init(autoApprove: true), emulation: emulation)
        }
        let all = sandboxes
        self.sandboxes = all
        self.server = LoopbackHTTPServer(handler: { request in await Self.route(request, to: all) })
    }

    /// Binds an ephemeral loopback port and tells each sandbox its address.
    func start() async throws {
        try server.start()
        for (name, sandbox) in sandboxes { await sandbox.setIssuer(base(of: name)) }
    }

    func stop() { server.stop() }

    /// The base URL of the sandbox named `name`.
    func base(of name: String) -> String {
        server.baseURL.absoluteString + "/" + name
    }

    /// Hands a request to the sandbox named by its first path segment, without that segment.
    static func route(_ request: LoopbackRequest, to sandboxes: [String: SandboxAuthorizationServer]) async -> HTTPResponse {
        let target = request.target.dropFirst()
        let name = String(target.prefix { $0 != "/" && $0 != "?" })
        guard let sandbox = sandboxes[name] else {
            return HTTPResponse(status: 404, headers: ["Content-Type": "text/plain"], body: Data("No sandbox here.".utf8))
        }
        let rest = String(target.dropFirst(name.count))
        let forwarded = LoopbackRequest(method: request.method, target: rest.hasPrefix("/") ? rest : "/" + rest, headers: request.headers, body: request.body)
        return await sandbox.handle(forwarded)
    }
}
