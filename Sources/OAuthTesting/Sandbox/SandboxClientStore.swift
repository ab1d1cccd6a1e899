import Foundation
import OAuth

/// Where the ``SandboxAuthorizationServer`` finds its clients.
public protocol SandboxClientStore: Sendable {
    /// The client with this id, or `nil`.
    func client(id: String) async throws -> SandboxClient?
    /// Every client.
    func allClients() async throws -> [SandboxClient]
    /// Adds or replaces a client.
    func register(_ client: SandboxClient) async throws
}

/// Clients in memory.
public actor InMemorySandboxClientStore: SandboxClientStore {
    private var clients: [String: SandboxClient]

    /// Creates a store holding `clients`.
    public init(_ clients: [SandboxClient] = []) {
        self.clients = Dictionary(clients.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
    }

    /// The client with this id, or `nil`.
    public func client(id: String) -> SandboxClient? { clients[id] }
    /// Every client.
    public func allClients() -> [SandboxClient] { clients.values.sorted { $0.id < $1.id } }
    /// Adds or replaces a client.
    public func register(_ client: SandboxClient) { clients[client.id] = client }
}

/// Clients in a JSON file, an array of `{"client_id", "client_secret", "redirect_uris"}`,
/// written by atomic replace with mode 0600.
public actor FileSandboxClientStore: SandboxClientStore {
    /// The file.
    public let path: String

    /// Creates a store for a file; it need not exist yet.
    public init(path: String) {
        self.path = path
    }

    /// The client with this id, or `nil`.
    public func client(id: String) throws -> SandboxClient? {
        try load().first { $0.id == id }
    }

    /// Every client.
    public func allClients() throws -> [SandboxClient] { try load() }

    /// Adds or replaces a client.
    public func register(_ client: SandboxClient) throws {
        var clients = try load().filter { $0.id != client.id }
        clients.append(client)
        try FileTokenStore.writeAtomically(try JSONEncoder().encode(clients), to: path)
    }

    private func load() throws -> [SandboxClient] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try JSONDecoder().decode([SandboxClient].self, from: data)
    }
}
