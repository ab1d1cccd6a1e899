import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a command shows while it waits for someone (the browser, the user's approval): on a
/// terminal, one line on standard error redrawn each second with the time left; elsewhere, plain
/// lines: one when the wait starts, one every ``plainInterval`` seconds, and one per event.
///
/// While it shows, Ctrl-C (in the real process) ends the command at once with status 130 and a
/// line that says nothing was saved: nothing is written before the wait ends.
final class WaitProgress: @unchecked Sendable {
    private let console: Console
    private let message: String
    private let deadline: Date
    private let plainInterval: TimeInterval
    private let lock = NSLock()
    /// A timer on a queue of its own, not a task: a busy cooperative pool must not stop the countdown.
    private var ticker: (any DispatchSourceTimer)?
    private var interrupts: (any DispatchSourceSignal)?
    private var lastPlainLine = Date()
    private var finished = false

    /// Prepares the display of a wait for `message` that ends at `deadline`.
    init(console: Console, message: String, deadline: Date, plainInterval: TimeInterval = 30) {
        self.console = console
        self.message = message
        self.deadline = deadline
        self.plainInterval = plainInterval
    }

    /// Starts showing the wait.
    func start() {
        if console.catchesInterrupts { catchInterrupts() }
        if console.errorIsTerminal {
            redraw()
        } else {
            console.printError("\(message) (up to \(Self.duration(deadline.timeIntervalSinceNow)))")
            lastPlainLine = Date()
        }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "oauthctl.wait-progress"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            if self.console.errorIsTerminal { self.redraw() } else { self.plainTick() }
        }
        timer.resume()
        lock.withLock { ticker = timer }
    }

    /// Shows an event (a poll's answer): its own line, the countdown redrawn under it.
    func note(_ text: String) {
        lock.withLock {
            guard !finished else { return }
            if console.errorIsTerminal {
                console.writeError("\r\u{1B}[2K" + text + "\n")
            } else {
                console.printError(text)
                lastPlainLine = Date()
            }
        }
        if console.errorIsTerminal { redraw() }
    }

    /// Stops showing the wait and, with `text`, says how it ended.
    func finish(_ text: String? = nil) {
        let wasRunning: Bool = lock.withLock {
            defer { finished = true }
            return !finished
        }
        guard wasRunning else { return }
        lock.withLock { ticker }?.cancel()
        interrupts?.cancel()
        if console.catchesInterrupts { signal(SIGINT, SIG_DFL) }
        if console.errorIsTerminal { console.writeError("\r\u{1B}[2K") }
        if let text { console.printError(text) }
    }

    private func redraw() {
        lock.withLock {
            guard !finished else { return }
            let left = max(0, deadline.timeIntervalSinceNow)
            // One line, never wrapped: a wrapped line could not be redrawn in place.
            let line = "\(message): \(Self.clock(left)) left (Ctrl-C to stop)"
            let columns = console.errorColumns
            let shown = line.count < columns ? line : columns < 2 ? "" : String(line.prefix(columns - 2)) + "…"
            console.writeError("\r\u{1B}[2K" + shown)
        }
    }

    private func plainTick() {
        lock.withLock {
            guard !finished, Date().timeIntervalSince(lastPlainLine) >= plainInterval else { return }
            lastPlainLine = Date()
            console.printError("still waiting: \(Self.duration(deadline.timeIntervalSinceNow)) left")
        }
    }

    private func catchInterrupts() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [console] in
            if console.errorIsTerminal { console.writeError("\r\u{1B}[2K") }
            console.printError("interrupted: nothing was saved")
            exit(ExitStatus.interrupted)
        }
        source.resume()
        interrupts = source
    }

    /// `4:05`.
    static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded(.up))
        return "\(whole / 60):" + String(format: "%02d", whole % 60)
    }

    /// `300 s`, or `4 min 5 s`.
    static func duration(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds.rounded()))
        guard whole >= 60 else { return "\(whole) s" }
        return "\(whole / 60) min" + (whole % 60 == 0 ? "" : " \(whole % 60) s")
    }
}
