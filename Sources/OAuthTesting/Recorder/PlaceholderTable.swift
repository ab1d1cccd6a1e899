import Foundation
import OAuth

/// Stable placeholders for secrets: the same value gets the same placeholder in every file of
/// a directory of recordings, so that a refresh recording's `previousToken` still matches the
/// token it refreshes.
///
/// The table keeps only salted SHA-256 hashes of the values, never the values, in
/// `.placeholders.json` beside the recordings (see ``load(from:)``): a later run against the same
/// directory gives a token it saw before the same placeholder. The file is not a recording and
/// need not be shared.
public final class PlaceholderTable: @unchecked Sendable {
    /// The file name the table is kept under.
    public static let fileName = ".placeholders.json"

    private let lock = NSLock()
    private let salt: [UInt8]
    private var byHash: [String: String]
    private var counters: [RecordingSecrets.Kind: Int]

    /// An empty table with a fresh random salt.
    public convenience init() {
        self.init(salt: SecureRandom.bytes(16), placeholders: [:])
    }

    private init(salt: [UInt8], placeholders: [String: String]) {
        self.salt = salt
        self.byHash = placeholders
        var counters: [RecordingSecrets.Kind: Int] = [:]
        for placeholder in placeholders.values {
            guard let dash = placeholder.lastIndex(of: "-"), let kind = RecordingSecrets.Kind(rawValue: String(placeholder[..<dash])),
                let number = Int(placeholder[placeholder.index(after: dash)...])
            else { continue }
            counters[kind] = max(counters[kind] ?? 0, number)
        }
        self.counters = counters
    }

    /// The table kept in `directory`, or a new one when the directory has none.
    ///
    /// - Throws: ``RecordingError`` when the file exists but is not a table.
    public static func load(from directory: URL) throws(RecordingError) -> PlaceholderTable {
        let file = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: file.path) else { return PlaceholderTable() }
        guard let root = try? JSONParser().parse(data).objectValue, let saltText = root["salt"]?.stringValue,
            let salt = Data(base64Encoded: saltText), case .object(let entries)? = root["placeholders"]
        else {
            throw RecordingError(location: file.path, reason: "expected {\"salt\": base64, \"placeholders\": {hash: placeholder}}, got something else")
        }
        var placeholders: [String: String] = [:]
        for entry in entries {
            guard let placeholder = entry.value.stringValue, RecordingSecrets.isPlaceholder(placeholder) else {
                throw RecordingError(location: file.path, reason: "placeholders.\(entry.key): expected a placeholder such as access-token-1, got other text")
            }
            placeholders[entry.key] = placeholder
        }
        return PlaceholderTable(salt: Array(salt), placeholders: placeholders)
    }

    /// Writes the table to `directory` (mode 0600).
    public func save(to directory: URL) throws {
        let object: JSONValue = lock.withLock {
            let entries = byHash.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: .string($0.value)) }
            return ["salt": .string(Data(salt).base64EncodedString()), "placeholders": .object(JSONObject(entries))]
        }
        try FileTokenStore.writeAtomically(Data((JSONWriter.prettyString(object) + "\n").utf8), to: directory.appendingPathComponent(Self.fileName).path)
    }

    /// The placeholder for a value: the one it already has, or the next of its kind.
    public func placeholder(for value: String, kind: RecordingSecrets.Kind) -> String {
        let key = hash(value)
        return lock.withLock {
            if let existing = byHash[key] { return existing }
            let number = (counters[kind] ?? 0) + 1
            counters[kind] = number
            let placeholder = "\(kind.rawValue)-\(number)"
            byHash[key] = placeholder
            return placeholder
        }
    }

    /// The placeholder a value already has, if any.
    public func existingPlaceholder(for value: String) -> String? {
        let key = hash(value)
        return lock.withLock { byHash[key] }
    }

    private func hash(_ value: String) -> String {
        Hex.lowercase(SHA256.hash(salt + Array(value.utf8)))
    }
}
