/// A record of which fixes changed something, in the order they did: what `oauthctl replay`
/// shows as "fixes fired".
public final class FixTrace {
    /// One fix that acted at one hook point.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The fix.
        public let fix: FixID
        /// Where it acted.
        public let hookPoint: HookPoint

        /// Creates an entry.
        public init(fix: FixID, hookPoint: HookPoint) {
            self.fix = fix
            self.hookPoint = hookPoint
        }

        public var description: String { "\(fix) (\(hookPoint))" }
    }

    /// The fixes that acted, in order.
    public private(set) var entries: [Entry] = []

    /// Creates an empty trace. A trace belongs to one flow; do not share it between tasks.
    public init() {}

    /// The distinct fixes that acted, in the order they first did.
    public var fixes: [FixID] {
        var seen = Set<FixID>()
        return entries.compactMap { seen.insert($0.fix).inserted ? $0.fix : nil }
    }

    func record(_ fix: FixID, at hookPoint: HookPoint) {
        entries.append(Entry(fix: fix, hookPoint: hookPoint))
    }

    /// Runs one step of a flow with a trace when `observer` listens for the fixes applied (and
    /// without one when nobody does), and tells the observer what acted, also when the step failed.
    static func observing<T>(_ observer: (@Sendable ([Entry]) -> Void)?, _ body: (FixTrace?) throws -> T) rethrows -> T {
        guard let observer else { return try body(nil) }
        let trace = FixTrace()
        defer { if !trace.entries.isEmpty { observer(trace.entries) } }
        return try body(trace)
    }
}
