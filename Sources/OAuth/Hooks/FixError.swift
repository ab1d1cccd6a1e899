/// A fix threw while running: which fix, at which hook point, and what it threw.
public struct FixError: Error, Sendable, CustomStringConvertible {
    /// The fix that threw.
    public let fix: FixID
    /// Where it was running.
    public let hookPoint: HookPoint
    /// What it threw.
    public let underlying: any Error

    public var description: String {
        "fix \(fix) at \(hookPoint): \(underlying)"
    }
}
