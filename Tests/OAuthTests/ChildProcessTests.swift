#if os(Linux) || os(macOS)
import Foundation
import OAuthTesting
import Testing

/// The programs tests start: exit status, output kept or discarded, a signal's number, and no
/// descriptor of the test process left open in the child.
@Suite struct ChildProcessTests {
    private let shell = "/bin/sh"

    @Test func theExitStatusAndTheOutputComeBack() throws {
        let both = try ChildProcess(shell, ["-c", "echo out; echo err >&2; exit 3"], capture: .both)
        let text = String(decoding: both.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        #expect(both.waitUntilExit() == 3)
        #expect(text.contains("out") && text.contains("err"))

        let errors = try ChildProcess(shell, ["-c", "echo out; echo err >&2"], capture: .standardError)
        #expect(String(decoding: errors.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self) == "err\n")
        #expect(errors.waitUntilExit() == 0)

        let silent = try ChildProcess(shell, ["-c", "exit 0"])
        #expect(silent.output == nil)
        #expect(silent.waitUntilExit() == 0)
        #expect(!silent.isRunning)
    }

    @Test func aSignalEndsItWithTheSignalsNumber() throws {
        let sleeper = try ChildProcess(shell, ["-c", "sleep 30"])
        #expect(sleeper.isRunning)
        #expect(sleeper.terminationStatus == -1)
        sleeper.terminate(SIGKILL)
        #expect(sleeper.waitUntilExit() == SIGKILL)
    }

    @Test func theChildGetsNoOtherDescriptor() throws {
        // A descriptor the test process holds open without close-on-exec.
        let held = open("/dev/null", O_RDONLY)
        defer { close(held) }
        #expect(held > 2)
        let child = try ChildProcess(shell, ["-c", "[ -e /dev/fd/\(held) ] && echo open || echo closed"], capture: .standardOutput)
        #expect(String(decoding: child.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self) == "closed\n")
        child.waitUntilExit()
    }

    @Test func aMissingProgramIsATypedError() {
        #expect(throws: ChildProcessError.self) { try ChildProcess("/nonexistent/program", []) }
    }
}
#endif
