import Foundation

/// Where a command writes: standard output and standard error, or buffers in tests.
final class Console: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeError: (String) -> Void

    init(out: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        self.writeOut = out
        self.writeError = error
    }

    /// The process's standard output and standard error.
    static var standard: Console {
        Console(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            error: { FileHandle.standardError.write(Data($0.utf8)) }
        )
    }

    /// Writes a line to standard output.
    func print(_ line: String = "") { writeOut(line + "\n") }

    /// Writes a line to standard error.
    func printError(_ line: String) { writeError(line + "\n") }
}
