import Foundation

/// A tally of the steps the parsers and their data structures take: bytes scanned, values
/// built, members looked up, inserted, moved or re-indexed.
///
/// It exists so tests can prove that the work grows linearly with the input by comparing step
/// counts, never wall time. Counting is always compiled in and costs one task-local read per
/// operation; nothing is counted unless a test measures. Visible to this package's targets
/// only (`package`), not to its users.
///
/// ```swift
/// let (value, steps) = try ParseWork.measure { try JSONParser().parse(data) }
/// ```
package enum ParseWork {
    /// The running count of one measurement.
    package final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        /// The steps counted so far.
        package var steps: Int { lock.withLock { count } }

        package func add(_ steps: Int) { lock.withLock { count &+= steps } }
    }

    @TaskLocal package static var tally: Tally?

    /// Counts `steps` against the measurement in progress, if any.
    @inline(__always)
    package static func add(_ steps: Int) {
        if let tally { tally.add(steps) }
    }

    /// Runs `body` and returns its result with the steps counted while it ran.
    package static func measure<T>(_ body: () throws -> T) rethrows -> (T, steps: Int) {
        let tally = Tally()
        let result = try $tally.withValue(tally) { try body() }
        return (result, tally.steps)
    }

    /// Runs `body`, which may suspend, and returns its result with the steps counted while it ran.
    package static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, steps: Int) {
        let tally = Tally()
        let result = try await $tally.withValue(tally) { try await body() }
        return (result, tally.steps)
    }
}
