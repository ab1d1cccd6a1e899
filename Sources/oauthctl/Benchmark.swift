import Foundation

/// Times a closure: several rounds of many iterations, the best round's nanoseconds of this
/// thread's CPU time per iteration. Figures to read, not to assert on.
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
        let start = Self.threadCPUNanoseconds()
        for _ in 0..<iterations { try body() }
        return Self.threadCPUNanoseconds() - start
    }

    /// The CPU time this thread has used: on a shared machine, time spent waiting for a core
    /// is not the code's (`openssl speed` divides by CPU time too).
    private static func threadCPUNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// Keeps a value alive so the optimiser cannot drop the work that made it.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Heap allocations per operation, counted by running this executable again under heaptrack
/// (an `LD_PRELOAD` allocation tracer; nothing in the package can count allocations on Linux
/// from inside): once with the operation repeated, once with it not run, the difference
/// divided by the repetitions. `nil` with the reason when heaptrack is not installed.
struct AllocationCounter {
    var repetitions = 1000

    /// The heaptrack executable on `PATH`, if any.
    let heaptrack = executableOnPath("heaptrack")

    /// Allocations per run of the bench part `part` (see `BenchCommand.repeatPart`).
    func perOperation(_ part: String) -> Result<Double, AllocationCountUnavailable> {
        guard let heaptrack else { return .failure(AllocationCountUnavailable(reason: "heaptrack is not installed")) }
        guard let executable = Bundle.main.executableURL?.path else { return .failure(AllocationCountUnavailable(reason: "this executable's path is unknown")) }
        do {
            let idle = try count(heaptrack, executable, part, times: 0)
            let busy = try count(heaptrack, executable, part, times: repetitions)
            return .success(Double(busy - idle) / Double(repetitions))
        } catch {
            return .failure(error)
        }
    }

    private func count(_ heaptrack: String, _ executable: String, _ part: String, times: Int) throws(AllocationCountUnavailable) -> Int {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("oauthctl-bench-\(ProcessInfo.processInfo.processIdentifier)-\(part)-\(times)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: heaptrack)
        process.arguments = ["-o", output.path, executable, "bench", "--repeat", part, "--times", String(times)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw AllocationCountUnavailable(reason: "heaptrack did not start: \(error)")
        }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        for suffix in ["", ".zst", ".gz"] { try? FileManager.default.removeItem(atPath: output.path + suffix) }
        // heaptrack ends with a summary whose first line is "allocations: N".
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("allocations:") }),
              let number = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { throw AllocationCountUnavailable(reason: "heaptrack printed no allocation count (exit \(process.terminationStatus))") }
        return number
    }
}

/// Why allocations could not be counted.
struct AllocationCountUnavailable: Error {
    let reason: String
}

/// The path of the executable `name` in a directory of `PATH`, if any.
func executableOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
