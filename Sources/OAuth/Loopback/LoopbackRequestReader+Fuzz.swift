import Foundation

extension LoopbackRequestReader {
    /// What the reader made of some bytes.
    package enum Outcome: Sendable, Hashable {
        /// A complete request: its method, target and body length.
        case request(method: String, target: String, bodyBytes: Int)
        /// A refusal, with the status the server would answer.
        case refused(status: Int)
        /// The bytes end before the request does.
        case incomplete
    }

    /// Runs the whole reader and parser over `bytes` as the server would, `chunkSize` bytes per
    /// read, then reads every derived property the handlers use. For fuzzing: whatever the
    /// bytes, it returns, with the outcome, the request read if any, and the reader's work
    /// (bytes examined or copied).
    package static func fuzz(
        _ bytes: [UInt8], chunkSize: Int = 8192, limits: LoopbackHTTPServer.Limits = .init()
    ) -> (outcome: Outcome, work: Int, request: LoopbackRequest?) {
        var reader = LoopbackRequestReader(limits: limits)
        var offset = 0
        let step = max(1, chunkSize)
        repeat {
            let end = min(bytes.count, offset + step)
            do {
                if let request = try reader.append(bytes[offset..<end]) {
                    _ = (request.path, request.query, request.queryParameters, request.formParameters, request.description)
                    return (.request(method: request.method, target: request.target, bodyBytes: request.body.count), reader.work, request)
                }
            } catch {
                return (.refused(status: error.status), reader.work, nil)
            }
            offset = end
        } while offset < bytes.count
        return (.incomplete, reader.work, nil)
    }
}
