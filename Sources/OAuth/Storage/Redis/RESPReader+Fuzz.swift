extension RESPReader {
    /// What the reader made of some bytes.
    enum Outcome: Sendable, Hashable {
        /// Complete replies, as many as the bytes held.
        case replies([RESPValue])
        /// A refusal: the bytes are not RESP2, or break a limit.
        case refused(RedisError)
        /// The bytes end in the middle of a reply (after these complete ones).
        case truncated(after: Int)
    }

    /// Reads every reply in `bytes`, `chunkSize` bytes per read, as the client reads a socket.
    /// For fuzzing: whatever the bytes, it returns, with the outcome and the reader's work
    /// (bytes examined or copied).
    static func fuzz(_ bytes: [UInt8], chunkSize: Int = 16_384, limits: Limits = Limits()) -> (outcome: Outcome, work: Int) {
        var reader = RESPReader(limits: limits)
        var offset = 0
        let step = max(1, chunkSize)
        var replies: [RESPValue] = []
        let more = { (buffer: inout [UInt8]) throws(RedisError) -> Bool in
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + step)
            buffer.append(contentsOf: bytes[offset..<end])
            offset = end
            return true
        }
        while true {
            do {
                replies.append(try reader.read(more: more))
                if offset >= bytes.count, reader.isEmpty { return (.replies(replies), reader.work) }
            } catch .connectionLost {
                return (reader.isEmpty && offset >= bytes.count && !replies.isEmpty ? .replies(replies) : .truncated(after: replies.count), reader.work)
            } catch {
                return (.refused(error), reader.work)
            }
        }
    }
}
