/// A one-word summary of the names in a percent-encoded query: one bit per name, chosen by its
/// length and its first and last bytes. A name whose bit is clear is not in the query; a set
/// bit means it may be. A query with an escaped name, which only decoding can read, sets
/// every bit.
struct NameSummary: Sendable {
    private var bits: UInt64 = 0

    /// A summary that holds nothing: an empty query's.
    init() {}

    private init(bits: UInt64) { self.bits = bits }

    /// A summary that may hold any name: a query not yet read.
    static let anything = NameSummary(bits: ~0)

    /// Summarises the names of a percent-encoded query, in one pass.
    init(query: String) {
        bits = query.withUTF8Bytes { query in
            var bits: UInt64 = 0
            var index = 0
            let count = query.count
            while index < count {
                let start = index
                while index < count {
                    let byte = query[index]
                    if byte == UInt8(ascii: "=") || byte == UInt8(ascii: "&") { break }
                    if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") { return ~0 }
                    index += 1
                }
                // An empty name counts when a value follows it (`=v`), not between two `&`.
                if index > start || (index < count && query[index] == UInt8(ascii: "=")) {
                    bits |= Self.bit(UnsafeBufferPointer(rebasing: query[start..<index]))
                }
                while index < count, query[index] != UInt8(ascii: "&") { index += 1 }
                index += 1
            }
            return bits
        }
    }

    /// Whether a parameter of this name (decoded) may be in the query.
    func mayHold(_ name: String) -> Bool {
        bits & name.withUTF8Bytes(Self.bit) != 0
    }

    private static func bit(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let first = name.first, let last = name.last else { return 1 }
        return 1 << ((UInt64(name.count) &* 31 &+ UInt64(first) &* 7 &+ UInt64(last)) & 63)
    }
}
