import Foundation

/// Times a closure: several rounds of many iterations, the best round's nanoseconds per
/// iteration. Figures to read, not to assert on.
struct Benchmark {
    var rounds = 7
    var minimumRoundNanoseconds: UInt64 = 20_000_000

    /// Nanoseconds per call of `body`, best of the rounds.
    func nanosecondsPerOperation(_ body: () throws -> Void) rethrows -> Double {
        var iterations = 1
        // Grow the iteration count until a round takes long enough to measure.
        while true {
            let elapsed = try time(iterations, body)
            if elapsed >= minimumRoundNanoseconds || iterations >= 1 << 24 { break }
            iterations *= 2
        }
        var best = Double.infinity
        for _ in 0..<rounds {
            best = min(best, Double(try time(iterations, body)) / Double(iterations))
        }
        return best
    }

    /// Nanoseconds per call of an async `body`, best of the rounds.
    func nanosecondsPerOperation(_ body: () async throws -> Void) async rethrows -> Double {
        var iterations = 1
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try await body() }
            if DispatchTime.now().uptimeNanoseconds - start >= minimumRoundNanoseconds || iterations >= 1 << 24 { break }
            iterations *= 2
        }
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try await body() }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
        }
        return best
    }

    private func time(_ iterations: Int, _ body: () throws -> Void) rethrows -> UInt64 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { try body() }
        return DispatchTime.now().uptimeNanoseconds - start
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
