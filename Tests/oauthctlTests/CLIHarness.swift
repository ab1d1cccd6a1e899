import Foundation
import OAuth
import OAuthTesting
import Testing
@testable import oauthctl

/// Runs `oauthctl` in process as a user would: with standard input, an environment, and
/// standard output and error that are, or are not, terminals.
struct CLI {
    /// What a run printed and returned.
    struct Result {
        let status: Int32
        let out: String
        let error: String

        /// Both streams, for searching for what must never be printed.
        var both: String { out + error }
    }

    var input = ""
    var environment: [String: String] = [:]
    var outputIsTerminal = false
    var errorIsTerminal = false

    func run(_ arguments: [String]) async -> Result {
        let output = OAuthCtlSandboxTests.Output()
        let input = Data(self.input.utf8)
        let console = Console(
            out: { output.append(out: $0) }, error: { output.append(error: $0) }, input: { input }, environment: environment,
            outputIsTerminal: outputIsTerminal, errorIsTerminal: errorIsTerminal
        )
        let status = await OAuthCtl.run(arguments, console: console)
        return Result(status: status, out: output.out, error: output.error)
    }

    /// A new directory under the temporary directory.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oauthctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `text` to `path`, with `mode`.
    static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// The permission bits of `path`.
    static func mode(of path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// The sandbox on a loopback port, with a confidential client `cli-app` whose secret is
    /// ``clientSecret``, the public `cli-public`, and alice with ``password``.
    static func withSandbox(deviceInterval: Int = 1, _ body: (_ base: String) async throws -> Void) async throws {
        var configuration = SandboxAuthorizationServer.Configuration(autoApprove: true)
        configuration.deviceInterval = deviceInterval
        let sandbox = SandboxAuthorizationServer(
            clients: [SandboxClient(id: "cli-app", secret: clientSecret), SandboxClient(id: "cli-public")],
            users: ["alice": password], configuration: configuration
        )
        let server = LoopbackHTTPServer(handler: { await sandbox.handle($0) })
        try server.start()
        defer { server.stop() }
        await sandbox.setIssuer(server.baseURL.absoluteString)
        try await body(server.baseURL.absoluteString)
    }

    /// A server that answers every request with `respond`, on a loopback port.
    static func withServer(_ respond: @escaping @Sendable (LoopbackRequest) -> HTTPResponse, _ body: (_ base: String) async throws -> Void) async throws {
        let server = LoopbackHTTPServer(handler: { respond($0) })
        try server.start()
        defer { server.stop() }
        try await body(server.baseURL.absoluteString)
    }

    static let clientSecret = "cli-secret-7Qx2LmZp9RtY"
    static let password = "alice-password-Vb81Kd0s"
}
