import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LoopbackHTTPServer {
    /// Takes one connection from a listening socket: the descriptor, or -1 and the `errno`.
    typealias AcceptFunction = @Sendable (_ listener: Int32) -> (descriptor: Int32, error: Int32)

    /// `accept(2)`.
    static let systemAccept: AcceptFunction = { listener in
        let descriptor = accept(listener, nil, nil)
        return (descriptor, descriptor < 0 ? errno : 0)
    }

    /// Accepts connections until ``stop()``. No failure of `accept()` ends it: out of
    /// descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM), it backs off, from 5 ms doubling
    /// to half a second, and tries again, so the server recovers once descriptors are freed; an
    /// interrupted call or a connection aborted before it was accepted (EINTR, ECONNABORTED) is
    /// retried at once.
    ///
    /// While every connection slot is taken it stops accepting for up to
    /// ``Limits/queueTimeout``; if none frees in that time, the server is saturated and each new
    /// connection is answered 503 until one frees.
    func acceptLoop(_ listener: Int32) {
        var backoff = Self.minimumBackoff
        var saturated = false
        while isRunning {
            if !saturated { saturated = !waitForFreeSlot() }
            // The listener is non-blocking: waiting here, a quarter second at most, lets the
            // loop see stop() even where shutting a listening socket down does not wake it.
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 250) > 0, isRunning else { continue }
            let (connection, error) = acceptConnection(listener)
            if connection < 0 {
                switch error {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
                    continue
                default:
                    usleep(backoff)
                    backoff = min(backoff * 2, Self.maximumBackoff)
                    continue
                }
            }
            backoff = Self.minimumBackoff
            guard isRunning else {
                _ = close(connection)
                break
            }
            guard connections.take() else {
                saturated = true
                LoopbackConnection(descriptor: connection, limits: limits)
                    .refuseAtOnce(503, "service unavailable: expected at most \(limits.maximumConnections) connections at once, got more")
                continue
            }
            saturated = false
            let thread = Thread { [handler, limits, connections] in
                LoopbackConnection(descriptor: connection, limits: limits).serve(handler, finished: connections.release)
            }
            thread.name = "LoopbackHTTPServer.connection"
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    /// Waits, a quarter second at a time so as to see ``stop()``, until a slot is free or the
    /// queue timeout passes.
    private func waitForFreeSlot() -> Bool {
        let deadline = Monotonic.deadline(after: limits.queueTimeout)
        while isRunning {
            let now = Monotonic.now
            let step = min(0.25, Double(deadline > now ? deadline - now : 0) / 1e9)
            if connections.waitForFree(seconds: step) { return true }
            if Monotonic.now >= deadline { return false }
        }
        return true
    }

    private static let minimumBackoff: UInt32 = 5_000
    private static let maximumBackoff: UInt32 = 500_000

    /// The number of connections being served, bounded by ``Limits/maximumConnections``.
    var activeConnections: Int { connections.count }

    /// Counts the connections being served, so that no more than the limit run at once.
    final class ConnectionSlots: @unchecked Sendable {
        let limit: Int
        private let condition = NSCondition()
        private var taken = 0

        init(limit: Int) { self.limit = max(1, limit) }

        var count: Int { condition.withLock { taken } }

        /// Takes a slot, or returns `false` when all are taken.
        func take() -> Bool {
            condition.withLock {
                guard taken < limit else { return false }
                taken += 1
                return true
            }
        }

        /// Gives a slot back and wakes the accept loop if it waits for one.
        func release() {
            condition.withLock {
                taken -= 1
                condition.broadcast()
            }
        }

        /// Waits up to `seconds` for a free slot; returns whether there is one.
        func waitForFree(seconds: TimeInterval) -> Bool {
            condition.withLock {
                let deadline = Date(timeIntervalSinceNow: seconds)
                while taken >= limit {
                    if !condition.wait(until: deadline) { return taken < limit }
                }
                return true
            }
        }
    }
}
