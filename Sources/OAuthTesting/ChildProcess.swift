#if os(Linux) || os(macOS)
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program a test starts (the command line under test, `oauth-load`, `redis-server`), with
/// `posix_spawn` rather than Foundation's `Process`: on Linux, `Process.run()` lists
/// `/proc/self/fd` by copying whole `dirent` records and can read past the end of the buffer
/// and crash (swift-corelibs-foundation pull request 5472), which a test suite that starts
/// many programs meets now and then. The child gets standard input from `/dev/null`, its
/// output and errors discarded or in one pipe, and no other descriptor of the test process;
/// one still running when its last reference goes is killed, so that no test leaves one behind.
///
/// ```swift
/// let child = try ChildProcess("/usr/bin/env", ["true"])
/// #expect(child.waitUntilExit() == 0)
/// ```
package final class ChildProcess: @unchecked Sendable {
    /// What the child's standard output and standard error go to.
    package enum Capture: Sendable {
        /// Both discarded.
        case nothing
        /// Standard output in ``output``; errors discarded.
        case standardOutput
        /// Standard error in ``output``; output discarded.
        case standardError
        /// Both in ``output``, as they come.
        case both
    }

    /// The child's process identifier.
    package let identifier: pid_t
    /// The read end of the pipe holding what ``Capture`` keeps; `nil` for ``Capture/nothing``.
    package let output: FileHandle?

    private let lock = NSLock()
    private var status: Int32?

    /// Starts `executable` with `arguments` and the test process's environment.
    ///
    /// - Throws: ``ChildProcessError`` when the pipe or the child cannot be made.
    package init(_ executable: String, _ arguments: [String], capture: Capture = .nothing) throws {
        var descriptors: [Int32] = [-1, -1]
        if capture != .nothing {
            guard pipe(&descriptors) == 0 else { throw ChildProcessError(call: "pipe", code: errno) }
            // Close-on-exec: a program another thread starts keeps no end of the pipe open.
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        let (reading, writing) = (descriptors[0], descriptors[1])
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, kept) in [(Int32(1), capture == .standardOutput || capture == .both), (Int32(2), capture == .standardError || capture == .both)] {
            if kept {
                posix_spawn_file_actions_adddup2(&actions, writing, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        Self.closeOtherDescriptors(&actions, &attributes)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { for text in argv + environment { free(text) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environment)
        if writing >= 0 { close(writing) }
        guard result == 0 else {
            if reading >= 0 { close(reading) }
            throw ChildProcessError(call: "posix_spawn \(executable)", code: result)
        }
        identifier = child
        output = reading >= 0 ? FileHandle(fileDescriptor: reading, closeOnDealloc: true) : nil
    }

    /// Whether the child has not exited yet (an exited child is reaped here).
    package var isRunning: Bool {
        lock.withLock {
            if status != nil { return false }
            var raw: Int32 = 0
            guard waitpid(identifier, &raw, WNOHANG) == identifier else { return true }
            status = raw
            return false
        }
    }

    /// Waits for the child to exit and returns ``terminationStatus``.
    @discardableResult
    package func waitUntilExit() -> Int32 {
        while isRunning {
            var raw: Int32 = 0
            let reaped = waitpid(identifier, &raw, 0)
            if reaped == identifier {
                lock.withLock { status = raw }
            } else if reaped < 0, errno != EINTR {
                break
            }
        }
        return terminationStatus
    }

    /// The exit status of a child that exited, the signal's number for one a signal ended, and
    /// -1 while it runs.
    package var terminationStatus: Int32 {
        guard let raw = lock.withLock({ status }) else { return -1 }
        // The wait status's layout: the signal in the low seven bits, else the exit status above.
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : signal
    }

    /// Sends the child `signal`, `SIGTERM` by default, unless it has exited.
    package func terminate(_ signal: Int32 = SIGTERM) {
        if isRunning { _ = kill(identifier, signal) }
    }

    /// Closes every descriptor but the three standard ones in the child, as `Process` does:
    /// with glibc's `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34, looked up by name
    /// because the module map leaves it out), on Darwin with `POSIX_SPAWN_CLOEXEC_DEFAULT`.
    #if canImport(Glibc)
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t, _ attributes: inout posix_spawnattr_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }
    #else
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t?, _ attributes: inout posix_spawnattr_t?) {
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
    }
    #endif

    deinit {
        guard lock.withLock({ status }) == nil else { return }
        _ = kill(identifier, SIGKILL)
        var raw: Int32 = 0
        _ = waitpid(identifier, &raw, 0)
    }
}

/// A child process that could not be started.
package struct ChildProcessError: Error, CustomStringConvertible {
    /// The call that failed.
    package let call: String
    /// Its `errno` or return code.
    package let code: Int32

    package var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}
#endif
