import Foundation
import OAuth

/// One thing the ``SandboxAuthorizationServer`` issued: an authorization code, an access or
/// refresh token, or a device code, with the grant behind it.
public struct SandboxTokenRecord: Sendable, Hashable, Codable {
    /// What kind of thing the record is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// An authorization code.
        case authorizationCode = "authorization_code"
        /// An access token.
        case accessToken = "access_token"
        /// A refresh token.
        case refreshToken = "refresh_token"
        /// A device code (RFC 8628).
        case deviceCode = "device_code"
    }

    /// Where a device authorization stands.
    public enum DeviceStatus: String, Sendable, Hashable, Codable {
        /// The user has not decided.
        case pending
        /// The user approved: the next poll gets tokens.
        case approved
        /// The user denied: the next poll gets `access_denied`.
        case denied
    }

    /// The kind.
    public var kind: Kind
    /// The client it was issued to.
    public var clientID: String
    /// The resource owner, for grants on a user's behalf.
    public var user: String?
    /// The granted scope.
    public var scope: [String]
    /// When it stops working.
    public var expiresAt: Date?
    /// When it was issued.
    public var issuedAt: Date
    /// The grant it belongs to: revoking a refresh token ends the access tokens of its family.
    public var family: String
    /// For a code: the redirect URI it was issued for.
    public var redirectURI: String?
    /// For a code: the PKCE challenge.
    public var codeChallenge: String?
    /// For a code: the PKCE method.
    public var codeChallengeMethod: String?
    /// For a code: whether the authorization request carried what the emulated provider wants
    /// before it issues a refresh token.
    public var offline: Bool?
    /// For a code: whether it was exchanged already; for a refresh token: whether it was
    /// rotated. Either coming back revokes every token of its grant.
    public var consumed: Bool?
    /// For a device code: the user code.
    public var userCode: String?
    /// For a device code: where the user's decision stands.
    public var deviceStatus: DeviceStatus?
    /// For a device code: when it was last polled.
    public var lastPolledAt: Date?
    /// For a device code: the polling interval now required, in seconds.
    public var interval: Int?

    /// Creates a record.
    public init(kind: Kind, clientID: String, user: String?, scope: [String], expiresAt: Date?, issuedAt: Date, family: String) {
        self.kind = kind
        self.clientID = clientID
        self.user = user
        self.scope = scope
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.family = family
    }
}

/// Where the ``SandboxAuthorizationServer`` keeps what it issued, keyed by the value it issued.
public protocol SandboxTokenStore: Sendable {
    /// The record for a code or token, or `nil`.
    func record(for value: String) async throws -> SandboxTokenRecord?
    /// Stores a record.
    func save(_ record: SandboxTokenRecord, for value: String) async throws
    /// Removes a record and returns it.
    @discardableResult func remove(_ value: String) async throws -> SandboxTokenRecord?
    /// Every value and its record.
    func allRecords() async throws -> [String: SandboxTokenRecord]
}

/// What the sandbox issued, in memory.
public actor InMemorySandboxTokenStore: SandboxTokenStore {
    private var records: [String: SandboxTokenRecord] = [:]

    /// Creates an empty store.
    public init() {}

    /// The record for a code or token, or `nil`.
    public func record(for value: String) -> SandboxTokenRecord? { records[value] }
    /// Stores a record.
    public func save(_ record: SandboxTokenRecord, for value: String) { records[value] = record }
    /// Removes a record and returns it.
    @discardableResult public func remove(_ value: String) -> SandboxTokenRecord? { records.removeValue(forKey: value) }
    /// Every value and its record.
    public func allRecords() -> [String: SandboxTokenRecord] { records }
}

/// What the sandbox issued, in a JSON file (an object from value to record), rewritten by
/// atomic replace with mode 0600 after every change, so a sandbox can restart with its tokens.
public actor FileSandboxTokenStore: SandboxTokenStore {
    /// The file.
    public let path: String
    private var cache: [String: SandboxTokenRecord]?

    /// Creates a store for a file; it need not exist yet.
    public init(path: String) {
        self.path = path
    }

    /// The record for a code or token, or `nil`.
    public func record(for value: String) throws -> SandboxTokenRecord? { try load()[value] }

    /// Stores a record.
    public func save(_ record: SandboxTokenRecord, for value: String) throws {
        var records = try load()
        records[value] = record
        try write(records)
    }

    /// Removes a record and returns it.
    @discardableResult public func remove(_ value: String) throws -> SandboxTokenRecord? {
        var records = try load()
        let removed = records.removeValue(forKey: value)
        if removed != nil { try write(records) }
        return removed
    }

    /// Every value and its record.
    public func allRecords() throws -> [String: SandboxTokenRecord] { try load() }

    private func load() throws -> [String: SandboxTokenRecord] {
        if let cache { return cache }
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let records = try decoder.decode([String: SandboxTokenRecord].self, from: data)
        cache = records
        return records
    }

    private func write(_ records: [String: SandboxTokenRecord]) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        try FileTokenStore.writeAtomically(try encoder.encode(records), to: path)
        cache = records
    }
}
