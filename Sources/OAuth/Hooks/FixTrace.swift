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
}
