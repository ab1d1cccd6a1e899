import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the command needs and cannot use: which file, what it is for, and why. Exit status 3.
struct LocalFileError: Error, CustomStringConvertible {
    /// Why the file cannot be used.
    enum Reason {
        /// There is no such file.
        case missing
        /// The file exists, but this user may not read (or write) it.
        case permissionDenied
        /// The path names a directory.
        case isDirectory
        /// The file is not JSON: where the parser stopped, and what it expected there.
        case corruptJSON(line: Int, column: Int, detail: String)
        /// The file is JSON, but not what the command writes there.
        case unexpectedContent(String)
        /// A pending file whose authorization was already exchanged.
        case alreadyUsed(at: Date?)
        /// Another failure of the system, as it reports it.
        case system(String)
    }

    /// What the file is for (`token file`, `pending file`).
    let role: String
    let path: String
    let reason: Reason
    /// What to do about it, if there is something to say.
    var hint: String?

    init(role: String, path: String, reason: Reason, hint: String? = nil) {
        self.role = role
        self.path = path
        self.reason = reason
        self.hint = hint
    }

    var description: String {
        let text: String
        switch reason {
        case .missing: text = "missing: no such file"
        case .permissionDenied: text = "permission denied"
        case .isDirectory: text = "expected a file, got a directory"
        case .corruptJSON(let line, let column, let detail): text = "corrupt JSON at line \(line), column \(column): \(detail)"
        case .unexpectedContent(let detail): text = detail
        case .alreadyUsed(let date):
            text = "already used" + (date.map { " (at \(ISO8601DateFormatter().string(from: $0)))" } ?? "")
                + ": a pending authorization counts once"
        case .system(let detail): text = detail
        }
        return "\(role) \(path): \(text)" + (hint.map { "; \($0)" } ?? "")
    }

    /// The reason for a failed system call's `errno`.
    static func reason(errno number: Int32) -> Reason {
        switch number {
        case ENOENT: .missing
        case EACCES, EPERM: .permissionDenied
        case EISDIR: .isDirectory
        default: .system(String(cString: strerror(number)))
        }
    }
}
