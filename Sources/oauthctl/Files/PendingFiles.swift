import Foundation
import OAuth

/// Pending files: what `authorize-url` and `oauth1 request-token` keep for the step that
/// follows (state, PKCE verifier, temporary credentials), written with mode 0600 and good once.
/// Once used, the file is replaced by a marker that holds no secret, so that a second use is
/// reported as such rather than as a missing file.
enum PendingFiles {
    /// The member of the marker a used file holds.
    static let usedMarker = "oauthctl_pending_used_at"

    /// Writes a pending authorization (mode 0600, atomic replace).
    static func write<Value: Encodable>(_ value: Value, to path: String) throws {
        do {
            try FileTokenStore.writeAtomically(try JSONEncoder().encode(value), to: path)
        } catch let error as TokenStoreError {
            throw LocalFileError(role: "pending file", path: path, reason: .system("\(error)"))
        }
    }

    /// Reads a pending authorization that has not been used.
    ///
    /// - Throws: ``LocalFileError`` naming the file and why: missing, unreadable, corrupt JSON,
    ///   not what `hint`'s command writes, or already used.
    static func read<Value: Decodable>(_ type: Value.Type, from path: String, expected: String, hint: String) throws(LocalFileError) -> Value {
        let object: JSONObject
        do {
            object = try LocalFiles.readObject(path, role: "pending file", expected: expected)
        } catch {
            var error = error
            if case .missing = error.reason { error.hint = hint }
            throw error
        }
        if let used = object[usedMarker] {
            let date = used.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) }
            throw LocalFileError(role: "pending file", path: path, reason: .alreadyUsed(at: date), hint: hint)
        }
        do {
            return try JSONDecoder().decode(Value.self, from: JSONWriter.data(.object(object)))
        } catch let error as DecodingError {
            throw LocalFileError(role: "pending file", path: path, reason: .unexpectedContent("expected \(expected), got JSON that \(LocalFiles.describe(error))"))
        } catch {
            throw LocalFileError(role: "pending file", path: path, reason: .unexpectedContent("expected \(expected), got something else"))
        }
    }

    /// Replaces the pending file by the used marker: its secrets are gone, and a second use says
    /// it was used.
    static func markUsed(_ path: String, now: Date = Date()) throws(LocalFileError) {
        let marker: JSONObject = [usedMarker: .string(ISO8601DateFormatter().string(from: now))]
        do {
            try FileTokenStore.writeAtomically(JSONWriter.data(.object(marker)), to: path)
        } catch {
            throw LocalFileError(role: "pending file", path: path, reason: .system("cannot mark it used before the exchange: \(error)"))
        }
    }
}
