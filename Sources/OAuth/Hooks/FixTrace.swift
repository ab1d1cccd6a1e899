/// A record of which fixes changed something, in the order they did: what `oauthctl replay`
/// shows as "fixes fired"; and of the fixes that ran but changed nothing, so that a fix a
/// provider no longer needs shows itself (``fixesThatDidNotAct``).
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
    /// The fixes whose stage ran at a hook point and left what it got unchanged, in order.
    public private(set) var idle: [Entry] = []

    /// Creates an empty trace. A trace belongs to one flow; do not share it between tasks.
    public init() {}

    /// The distinct fixes that acted, in the order they first did.
    public var fixes: [FixID] {
        var seen = Set<FixID>()
        return entries.compactMap { seen.insert($0.fix).inserted ? $0.fix : nil }
    }

    /// The fixes that ran somewhere in this trace and never changed anything: on a live
    /// exchange, a quirk the provider may have stopped having. In the order they first ran.
    public var fixesThatDidNotAct: [FixID] {
        let acted = Set(entries.map(\.fix))
        var seen = Set<FixID>()
        return idle.compactMap { !acted.contains($0.fix) && seen.insert($0.fix).inserted ? $0.fix : nil }
    }

    func record(_ fix: FixID, at hookPoint: HookPoint) {
        entries.append(Entry(fix: fix, hookPoint: hookPoint))
    }

    func recordIdle(_ fix: FixID, at hookPoint: HookPoint) {
        idle.append(Entry(fix: fix, hookPoint: hookPoint))
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
