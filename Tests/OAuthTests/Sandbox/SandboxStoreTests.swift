import Foundation
import OAuth
import OAuthTesting
import Testing

/// The sandbox's client and token stores, in memory and in JSON files.
@Suite struct SandboxStoreTests {
    func temporaryFile(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theClientFileHoldsRegisteredClientsWithMode0600() async throws {
        let path = try temporaryFile("clients.json")
        let store = FileSandboxClientStore(path: path)
        #expect(try await store.allClients().isEmpty)
        try await store.register(SandboxClient(id: "app", secret: "s3cret", redirectURIs: ["https://app.example/cb"]))
        try await store.register(SandboxClient(id: "cli"))
        try await store.register(SandboxClient(id: "app", secret: "rotated"))
        #expect(try mode(path) == 0o600)
        let reread = FileSandboxClientStore(path: path)
        #expect(try await reread.client(id: "app") == SandboxClient(id: "app", secret: "rotated"))
        #expect(try await reread.client(id: "cli")?.isPublic == true)
        #expect(try await reread.allClients().count == 2)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(text.contains(#""client_id":"cli""#))
    }

    @Test func aClientFileWrittenByHandIsRead() async throws {
        let path = try temporaryFile("clients.json")
        try Data(#"[{"client_id":"hand","client_secret":"made","redirect_uris":["http://127.0.0.1/cb"]}]"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try await FileSandboxClientStore(path: path).client(id: "hand") == SandboxClient(id: "hand", secret: "made", redirectURIs: ["http://127.0.0.1/cb"]))
    }

    @Test func aBrokenClientFileIsAnErrorNotAnEmptyStore() async throws {
        let path = try temporaryFile("clients.json")
        try Data("[{".utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: (any Error).self) { try await FileSandboxClientStore(path: path).allClients() }
    }

    @Test func theTokenFileKeepsRecordsAcrossRestarts() async throws {
        let path = try temporaryFile("tokens.json")
        let first = SandboxHarness(tokens: FileSandboxTokenStore(path: path))
        let token = try SandboxHarness.json(await first.post("/token", ["grant_type": "password", "username": "alice", "password": "wonderland"], basic: ("app", "s3cret")))
        #expect(try mode(path) == 0o600)

        let restarted = SandboxHarness(tokens: FileSandboxTokenStore(path: path))
        #expect(await restarted.userinfo(try #require(token["access_token"]?.stringValue)).status == 200)
        let refreshed = await restarted.post("/token", ["grant_type": "refresh_token", "refresh_token": try #require(token["refresh_token"]?.stringValue)], basic: ("app", "s3cret"))
        #expect(refreshed.status == 200)
        let records = try await FileSandboxTokenStore(path: path).allRecords()
        #expect(records[try #require(token["refresh_token"]?.stringValue)]?.consumed == true)
        #expect(records.values.filter { $0.kind == .refreshToken && $0.consumed != true }.count == 1)
    }

    @Test func theInMemoryStoresSaveAndRemove() async {
        let tokens = InMemorySandboxTokenStore()
        let record = SandboxTokenRecord(kind: .accessToken, clientID: "app", user: nil, scope: ["a"], expiresAt: nil, issuedAt: Date(), family: "f")
        await tokens.save(record, for: "t")
        #expect(await tokens.record(for: "t") == record)
        #expect(await tokens.remove("t") == record)
        #expect(await tokens.record(for: "t") == nil)
        let clients = InMemorySandboxClientStore()
        await clients.register(SandboxClient(id: "x"))
        #expect(await clients.allClients() == [SandboxClient(id: "x")])
    }

    @Test(arguments: [("app", SandboxClient(id: "app")), ("app:s3cret", SandboxClient(id: "app", secret: "s3cret")),
                      ("app:with:colons", SandboxClient(id: "app", secret: "with:colons"))])
    func clientsFromTheCommandLine(text: String, client: SandboxClient) {
        #expect(SandboxClient(commandLine: text) == client)
    }

    @Test func badClientsFromTheCommandLine() {
        #expect(SandboxClient(commandLine: "") == nil)
        #expect(SandboxClient(commandLine: ":secret") == nil)
        #expect(SandboxClient(commandLine: "app:") == nil)
    }
}
