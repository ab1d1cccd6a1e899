import Dispatch

/// Where the loopback server runs its handlers: a queue of its own rather than Swift's shared
/// cooperative pool, so that a process whose pool threads are all busy (a test suite running
/// long synchronous work on every core) still answers its loopback requests instead of letting
/// them time out. Actors the handler calls, such as the sandbox, run here too while it awaits
/// them (SE-0417).
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, *)
final class LoopbackHandlerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = LoopbackHandlerExecutor()

    private let queue = DispatchQueue(label: "oauth.loopback.handlers", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension LoopbackConnection {
    /// Runs the handler for one request on the loopback executor where the platform has task
    /// executors, and returns when it has answered.
    static func answer(_ request: LoopbackRequest, with handler: @escaping LoopbackHTTPServer.Handler, then send: @escaping @Sendable (HTTPResponse) -> Void) {
        let done = DispatchSemaphore(value: 0)
        let work: @Sendable () async -> Void = {
            send(await handler(request))
            done.signal()
        }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, *) {
            Task(executorPreference: LoopbackHandlerExecutor.shared) { await work() }
        } else {
            Task { await work() }
        }
        done.wait()
    }
}
