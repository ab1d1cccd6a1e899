import Foundation
import OAuth
import OAuthTesting
import Testing

/// A first read of the store that finishes after the client took a newer token keeps the newer
/// one: the read is older than what the client holds.
@Suite struct TokenLoadRaceTests {
    /// A store whose first read waits, holding what the store had when it began, until the
    /// test lets it go.
    actor GatedStore: TokenStore {
        private var token: Token?
        private var firstRead = true
        private var gate: CheckedContinuation<Void, Never>?
        private var waiting: CheckedContinuation<Void, Never>?
        private var entered = false

        init(_ token: Token) { self.token = token }

        func load() async -> Token? {
            let seen = token
            if firstRead {
                firstRead = false
                entered = true
                waiting?.resume()
                await withCheckedContinuation { gate = $0 }
            }
            return seen
        }

        func save(_ token: Token) { self.token = token }
        func clear() { token = nil }

        /// Returns once the first read is waiting.
        func firstReadEntered() async {
            if entered { return }
            await withCheckedContinuation { waiting = $0 }
        }

        func open() { gate?.resume() }
    }

    @Test func aSlowFirstReadDoesNotUndoANewerToken() async throws {
        let provider = Provider(name: "example", displayName: "Example", endpoints: Endpoints(token: "https://as.example/token", resourceOrigins: ["https://api.example"]))
        let old = Token(accessToken: "old", expiresIn: 3600, expiresAt: Date().addingTimeInterval(3600))
        let new = Token(accessToken: "new", expiresIn: 3600, expiresAt: Date().addingTimeInterval(3600))
        let store = GatedStore(old)
        let client = OAuthClient(provider: provider, credentials: ClientCredentials(id: "c"), transport: ReplayTransport { _ in HTTPResponse(status: 500) }, store: store)
        let slow = Task { try await client.validToken() }
        await store.firstReadEntered()
        try await client.adopt(new)
        await store.open()
        #expect(try await slow.value.accessToken == "new")
        #expect(try await client.currentToken()?.accessToken == "new")
    }
}
