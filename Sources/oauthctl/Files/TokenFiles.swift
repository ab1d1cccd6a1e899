import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OAuth

/// Token files: where they go by default, how they are checked before use (mode 0600 enforced,
/// typed errors for a missing, unreadable or corrupt file), and how an expired one is reported.
enum TokenFiles {
    /// `$XDG_CONFIG_HOME/oauthctl` (or `~/.config/oauthctl`).
    static func configDirectory(environment: [String: String]) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        let base = nonEmpty("XDG_CONFIG_HOME") ?? (home as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("oauthctl")
    }

    /// The default token file: one per provider and client id
    /// (`tokens/<provider>/<client id>.json`), or per profile (`profiles/<name>.json`). A provider
    /// whose token endpoint was given on the command line is told apart by that endpoint's host
    /// and port, so two servers never share a file.
    static func defaultPath(providerKey: String, clientID: String?, profile: String?, environment: [String: String]) -> String? {
        let directory = configDirectory(environment: environment) as NSString
        if let profile { return directory.appendingPathComponent("profiles/\(profile).json") }
        guard let clientID, !clientID.isEmpty else { return nil }
        return directory.appendingPathComponent("tokens/\(fileName(providerKey))/\(fileName(clientID)).json")
    }

    /// A name as one path component: letters, digits, `.`, `_`, `-` and `@` kept, anything else
    /// percent-encoded (so `a/b` and `a%2Fb` stay apart, and no name climbs out with `..`).
    static func fileName(_ name: String) -> String {
        var encoded = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && CharacterSet.alphanumerics.contains(scalar)) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
                || (byte == UInt8(ascii: ".") && !encoded.isEmpty)
            {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    /// Checks a profile name: letters, digits, `.`, `_`, `-`, not starting with a dot.
    static func checkedProfile(_ name: String) throws(UsageError) -> String {
        guard !name.isEmpty, !name.hasPrefix("."), name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }) else {
            throw UsageError("--profile: expected a name of letters, digits, '.', '_' and '-', got \(name)")
        }
        return name
    }

    /// Makes a token file private: a file others may read or write gets a warning and mode
    /// 0600. Nothing happens to a path that does not exist or is no regular file (a directory
    /// given by mistake is reported when it is read, and keeps its mode).
    static func enforcePrivateMode(_ path: String, console: Console) throws(LocalFileError) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return }
        guard chmod(path, 0o600) == 0 else {
            throw LocalFileError(
                role: "token file", path: path, reason: LocalFileError.reason(errno: errno),
                hint: "it is readable by others (mode \(String(mode, radix: 8))) and could not be made private"
            )
        }
        console.printError("warning: token file \(path) was readable by others (mode \(String(format: "%03o", mode))); it is now 0600")
    }

    /// Checks, before any request is sent, that a token can be saved at `path`: its directory
    /// exists (created with mode 0700 if not) and may be written, and `path` is no directory.
    static func checkWritable(_ path: String) throws(LocalFileError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LocalFileError(role: "token file", path: path, reason: .isDirectory)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        if !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LocalFileError(role: "token file", path: path, reason: .system("cannot create its directory \(parent): \(error.localizedDescription)"))
            }
        }
        guard access(parent, W_OK) == 0 else {
            throw LocalFileError(role: "token file", path: path, reason: LocalFileError.reason(errno: errno), hint: "its directory \(parent) cannot be written")
        }
    }

    /// The token in `path`, checked: mode 0600 enforced, then read and parsed; `nil` when the
    /// file does not exist and `mustExist` is false. Its secrets are kept from standard error.
    static func load(_ path: String, mustExist: Bool, console: Console) throws(LocalFileError) -> Token? {
        guard FileManager.default.fileExists(atPath: path) else {
            if mustExist {
                throw LocalFileError(role: "token file", path: path, reason: .missing, hint: "sign in first (oauthctl login, device, exchange or token)")
            }
            return nil
        }
        try enforcePrivateMode(path, console: console)
        let object = try LocalFiles.readObject(path, role: "token file", expected: "a token")
        let token: Token
        do {
            token = try Token(jsonObject: object)
        } catch let error as DecodingError {
            throw LocalFileError(role: "token file", path: path, reason: .unexpectedContent("expected a token, got JSON that \(LocalFiles.describe(error))"))
        } catch {
            throw LocalFileError(role: "token file", path: path, reason: .unexpectedContent("expected a token, got something else"))
        }
        console.keepSecret(token.accessToken)
        console.keepSecret(token.refreshToken)
        return token
    }
}
