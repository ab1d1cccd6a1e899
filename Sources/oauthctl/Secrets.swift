import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a secret (a client secret, a password) without putting it where `ps` shows it: from
/// a file, from standard input, or from an environment variable; the option that takes the
/// secret itself still works, with a warning on a terminal. Every secret read is kept from standard error.
enum Secrets {
    /// The secret from `option` (the value itself), `fileOption` (a file, `-` for standard
    /// input) or the environment variable, in that order; `nil` when none gives one.
    ///
    /// - Throws: ``UsageError`` when both options are given, ``LocalFileError`` when the file
    ///   cannot be read or is empty.
    static func read(
        _ arguments: inout Arguments, option: String, fileOption: String, variable: String?, what: String, console: Console
    ) throws -> String? {
        let direct = try arguments.value(option)
        let file = try arguments.value(fileOption)
        let secret: String?
        switch (direct, file) {
        case (_?, _?):
            throw UsageError("give \(option) or \(fileOption), not both")
        case (let direct?, nil):
            // Said to a person at a terminal; a script that chose this knows.
            if console.errorIsTerminal {
                console.printError(
                    "warning: \(option) shows the \(what) to anyone who runs `ps` while oauthctl runs; "
                        + "use \(fileOption) FILE (- for standard input)" + (variable.map { " or $\($0)" } ?? "")
                )
            }
            secret = direct
        case (nil, let path?):
            let data = path == "-" ? try Self.readStandardInput(for: "\(fileOption) -", what: what, console: console)
                : try LocalFiles.read(path, role: "\(what) file", console: console)
            warnIfOthersCanRead(path, what: what, console: console)
            let firstLine = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !firstLine.isEmpty else {
                throw LocalFileError(
                    role: "\(what) file", path: path == "-" ? "(standard input)" : path,
                    reason: .unexpectedContent("expected the \(what) on the first line, got an empty line")
                )
            }
            secret = firstLine
        case (nil, nil):
            secret = variable.flatMap { console.environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        }
        console.keepSecret(secret)
        return secret
    }

    /// Warns when a secret file (not standard input) can be read by others. The file
    /// is the user's: its mode is named, not changed.
    static func warnIfOthersCanRead(_ path: String, what: String, console: Console) {
        guard path != "-" else { return }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o044 != 0 else { return }
        console.printError("warning: \(what) file \(path) can be read by others (mode \(String(format: "%03o", mode))): chmod 600 \(path)")
    }

    /// A secret from standard input, read to at most ``LocalFiles/maximumBytes``: a stream that
    /// never ends is refused, not held in memory.
    static func readStandardInput(for option: String, what: String, console: Console) throws -> Data {
        let data = try console.readStandardInput(for: option, limit: LocalFiles.maximumBytes + 1)
        guard data.count <= LocalFiles.maximumBytes else {
            throw LocalFileError(
                role: "\(what) file", path: "(standard input)",
                reason: .unexpectedContent("expected at most \(LocalFiles.maximumBytes) bytes, got more")
            )
        }
        return data
    }
}
