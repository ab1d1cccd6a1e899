import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OAuth

/// Where a command reads and writes: standard input, output and error, the environment, and
/// whether output goes to a terminal; the process's own, or buffers in tests.
///
/// Standard error never shows a secret the command knows of: every client secret, password and
/// token the command reads or receives is registered with ``keepSecret(_:)``, and any line
/// written to standard error has them replaced by their redacted form.
final class Console: @unchecked Sendable {
    private let writeOut: (Data) -> Void
    private let writeError: (String) -> Void
    /// At most the given number of bytes of standard input (all of it for `Int.max`).
    private let readInput: (Int) -> Data
    /// The environment variables the command sees.
    let environment: [String: String]
    /// Whether standard output is a terminal (`isatty`).
    let outputIsTerminal: Bool
    /// Whether standard error is a terminal: where the countdowns are redrawn.
    let errorIsTerminal: Bool
    /// Whether Ctrl-C is caught while a command waits (the process's console only).
    let catchesInterrupts: Bool
    /// The width of the terminal standard error goes to, in columns (80 when it cannot be told).
    let errorColumns: Int
    private let lock = NSLock()
    private var secrets: [String] = []
    private var standardInputReader: String?

    /// A console writing to closures: for tests.
    init(
        out: @escaping (String) -> Void, error: @escaping (String) -> Void, input: @escaping () -> Data = { Data() },
        environment: [String: String] = [:], outputIsTerminal: Bool = false, errorIsTerminal: Bool = false, errorColumns: Int = 100
    ) {
        self.writeOut = { out(String(decoding: $0, as: UTF8.self)) }
        self.writeError = error
        self.readInput = { limit in input().prefix(limit) }
        self.environment = environment
        self.outputIsTerminal = outputIsTerminal
        self.errorIsTerminal = errorIsTerminal
        self.catchesInterrupts = false
        self.errorColumns = errorColumns
    }

    private init(standardWith environment: [String: String]) {
        self.writeOut = { FileHandle.standardOutput.write($0) }
        self.writeError = { FileHandle.standardError.write(Data($0.utf8)) }
        self.readInput = { limit in
            limit == .max ? FileHandle.standardInput.readDataToEndOfFile() : ((try? FileHandle.standardInput.read(upToCount: limit)) ?? nil) ?? Data()
        }
        self.environment = environment
        self.outputIsTerminal = isatty(STDOUT_FILENO) == 1
        self.errorIsTerminal = isatty(STDERR_FILENO) == 1
        self.catchesInterrupts = true
        var size = winsize()
        self.errorColumns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    /// The process's standard input, output and error, and its environment.
    static var standard: Console {
        Console(standardWith: ProcessInfo.processInfo.environment)
    }

    /// Writes a line to standard output.
    func print(_ line: String = "") { writeOut(Data((line + "\n").utf8)) }

    /// Writes bytes to standard output as they are.
    func write(_ data: Data) { writeOut(data) }

    /// Writes a line to standard error, with every known secret redacted.
    func printError(_ line: String) { writeError(scrubbed(line) + "\n") }

    /// Writes text to standard error without a line break (a countdown redrawn in place).
    func writeError(_ text: String) { writeError(scrubbed(text)) }

    /// All of standard input.
    func readStandardInput() -> Data { readInput(.max) }

    /// Standard input, for `option` (`--client-secret-file -`): all of it, or at most `limit`
    /// bytes. Standard input can be read once: a second option that asks for it is a usage
    /// error that names both, where it would otherwise get nothing and fail as an empty file.
    func readStandardInput(for option: String, limit: Int = .max) throws(UsageError) -> Data {
        let previous: String? = lock.withLock {
            if let reader = standardInputReader { return reader }
            standardInputReader = option
            return nil
        }
        if let previous {
            throw UsageError("\(previous) and \(option) both read standard input, which can be read once; give one of them a file")
        }
        return readInput(limit)
    }

    /// Remembers a secret so that standard error never shows it, as it is and as a form body or
    /// a URL carries it (percent-encoded), since a server may repeat it in either shape. Values
    /// under 4 characters are too short to be secrets or to look for without mangling ordinary
    /// words; a short password is hidden even where the same letters make a word.
    func keepSecret(_ value: String?) {
        guard let value, value.count >= 4 else { return }
        let forms = [value, FormParameters.encodeComponent(value), OAuth1Encoding.encode(value)]
        lock.withLock {
            for form in forms where !secrets.contains(form) { secrets.append(form) }
        }
    }

    /// `text` with every known secret replaced by its redacted form.
    func scrubbed(_ text: String) -> String {
        let known = lock.withLock { secrets.sorted { $0.count > $1.count } }
        var text = text
        for secret in known where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Redaction.secret(secret))
        }
        return text
    }
}
