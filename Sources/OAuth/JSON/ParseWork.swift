import Foundation

/// A tally of the steps the parsers and their data structures take: bytes scanned, values
/// built, members looked up, inserted, moved or re-indexed.
///
/// It exists so tests can prove that the work grows linearly with the input by comparing step
/// counts, never wall time. Counting is always compiled in and costs one task-local read per
/// operation; nothing is counted unless a test measures.
///
/// ```swift
/// let (value, steps) = try ParseWork.measure { try JSONParser().parse(data) }
/// ```
enum ParseWork {
    /// The running count of one measurement.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        /// The steps counted so far.
        var steps: Int { lock.withLock { count } }

        func add(_ steps: Int) { lock.withLock { count &+= steps } }
    }

    @TaskLocal static var tally: Tally?

    /// Counts `steps` against the measurement in progress, if any.
    @inline(__always)
    static func add(_ steps: Int) {
        if let tally { tally.add(steps) }
    }

    /// Runs `body` and returns its result with the steps counted while it ran.
    static func measure<T>(_ body: () throws -> T) rethrows -> (T, steps: Int) {
        let tally = Tally()
        let result = try $tally.withValue(tally) { try body() }
        return (result, tally.steps)
    }
}
