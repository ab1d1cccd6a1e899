import Foundation

/// A reply from a Redis server, in RESP2.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`.
    case simpleString(String)
    /// `-ERR message`: the server refused the command.
    case error(String)
    /// `:42`.
    case integer(Int64)
    /// `$3\r\nabc`, or `$-1` (`nil`).
    case bulk([UInt8]?)
    /// `*2\r\n…`, or `*-1` (`nil`).
    case array([RESPValue]?)

    /// The value as text: a simple string, or a bulk string that is UTF-8.
    var text: String? {
        switch self {
        case .simpleString(let text): text
        case .bulk(let bytes?): String(bytes: bytes, encoding: .utf8)
        default: nil
        }
    }

    /// What kind of reply this is, for messages.
    var kind: String {
        switch self {
        case .simpleString: "a simple string"
        case .error: "an error"
        case .integer: "an integer"
        case .bulk(nil): "a null bulk string"
        case .bulk: "a bulk string"
        case .array(nil): "a null array"
        case .array: "an array"
        }
    }
}

/// Reads RESP2 replies from a stream of bytes, within bounds: a broken or hostile server can
/// make it refuse a reply, never allocate without bound, recurse deeply or loop. Each byte is
/// examined once, so the work is linear in what arrives.
struct RESPReader {
    /// How large a reply may be.
    struct Limits: Sendable, Hashable {
        /// The longest status, error or length line, in bytes.
        var lineLength = 4096
        /// The longest bulk string, in bytes.
        var bulkLength = 1 << 20
        /// The most elements an array may declare.
        var arrayCount = 1024
        /// How deep arrays may nest.
        var depth = 4
        /// The most bytes of bulk strings one reply may hold in all.
        var replyBytes = 4 << 20
    }

    let limits: Limits
    private var buffer: [UInt8] = []
    private var position = 0
    /// Where the search for the end of the current line resumes.
    private var scanned = 0
    /// Bytes examined or copied so far: the reader's work, for tests to count.
    private(set) var work = 0

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Whether no bytes of a next reply are waiting.
    var isEmpty: Bool { position >= buffer.count }

    /// Reads one whole reply; `more` appends bytes to the buffer it is given and returns
    /// `false` at the end of the stream.
    mutating func read(more: (inout [UInt8]) throws(RedisError) -> Bool) throws(RedisError) -> RESPValue {
        var budget = limits.replyBytes
        let value = try readValue(depth: 0, budget: &budget, more: more)
        // Drop what was consumed now and then, so the buffer holds little more than the next
        // replies' bytes and the copying stays linear.
        if position == buffer.count || position >= 4096 {
            buffer.removeFirst(position)
            work += buffer.count
            scanned = max(0, scanned - position)
            position = 0
        }
        return value
    }

    private mutating func readValue(depth: Int, budget: inout Int, more: (inout [UInt8]) throws(RedisError) -> Bool) throws(RedisError) -> RESPValue {
        let line = try readLine(more: more)
        guard let marker = line.first else { throw .protocolError(expected: "a type byte (+ - : $ *)", got: "an empty line") }
        let rest = line.dropFirst()
        switch marker {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: rest, as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: rest, as: UTF8.self))
        case UInt8(ascii: ":"):
            return .integer(try Self.integer(rest, what: "an integer reply"))
        case UInt8(ascii: "$"):
            let length = try Self.integer(rest, what: "a bulk string length")
            if length == -1 { return .bulk(nil) }
            guard length >= 0, length <= limits.bulkLength, length <= budget else {
                throw .protocolError(expected: "a bulk string of at most \(min(limits.bulkLength, budget)) bytes", got: "a length of \(length)")
            }
            budget -= Int(length)
            let bytes = try readExactly(Int(length), more: more)
            let end = try readExactly(2, more: more)
            guard end == [13, 10] else { throw .protocolError(expected: "CRLF after the bulk string", got: "other bytes") }
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            let count = try Self.integer(rest, what: "an array length")
            if count == -1 { return .array(nil) }
            guard count >= 0, count <= limits.arrayCount else {
                throw .protocolError(expected: "an array of at most \(limits.arrayCount) elements", got: "a length of \(count)")
            }
            guard depth < limits.depth else { throw .protocolError(expected: "arrays nested at most \(limits.depth) deep", got: "deeper ones") }
            var elements: [RESPValue] = []
            elements.reserveCapacity(min(Int(count), 64))
            for _ in 0..<count {
                // Every element costs at least its header: an array cannot claim more than the reply holds.
                guard budget > 0 else { throw .protocolError(expected: "a reply of at most \(limits.replyBytes) bytes", got: "a larger one") }
                budget -= 1
                elements.append(try readValue(depth: depth + 1, budget: &budget, more: more))
            }
            return .array(elements)
        default:
            throw .protocolError(expected: "a type byte (+ - : $ *)", got: "byte \(marker)")
        }
    }

    /// The next line without its CRLF.
    private mutating func readLine(more: (inout [UInt8]) throws(RedisError) -> Bool) throws(RedisError) -> ArraySlice<UInt8> {
        scanned = max(scanned, position)
        while true {
            while scanned + 1 < buffer.count {
                work += 1
                if buffer[scanned] == 13 {
                    guard buffer[scanned + 1] == 10 else { throw .protocolError(expected: "CRLF at the end of a line", got: "a lone CR") }
                    let line = buffer[position..<scanned]
                    position = scanned + 2
                    scanned = position
                    return line
                }
                scanned += 1
                guard scanned - position <= limits.lineLength else {
                    throw .protocolError(expected: "a line of at most \(limits.lineLength) bytes", got: "a longer one")
                }
            }
            try fill(more: more)
        }
    }

    private mutating func readExactly(_ count: Int, more: (inout [UInt8]) throws(RedisError) -> Bool) throws(RedisError) -> [UInt8] {
        while buffer.count - position < count { try fill(more: more) }
        let bytes = Array(buffer[position..<position + count])
        work += count
        position += count
        scanned = max(scanned, position)
        return bytes
    }

    private mutating func fill(more: (inout [UInt8]) throws(RedisError) -> Bool) throws(RedisError) {
        let before = buffer.count
        guard try more(&buffer), buffer.count > before else { throw .connectionLost(reason: "the server closed the connection in the middle of a reply") }
    }

    /// A decimal integer line, at most 19 digits.
    private static func integer(_ bytes: ArraySlice<UInt8>, what: String) throws(RedisError) -> Int64 {
        var digits = bytes[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .protocolError(expected: "\(what) in decimal digits", got: "\(bytes.count) other bytes")
        }
        let value = digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) }
        return negative ? -value : value
    }
}

/// Writes commands as RESP2 arrays of bulk strings.
enum RESPWriter {
    static func encode(_ command: [String], into bytes: inout [UInt8]) {
        bytes.append(contentsOf: Array("*\(command.count)\r\n".utf8))
        for argument in command {
            let utf8 = Array(argument.utf8)
            bytes.append(contentsOf: Array("$\(utf8.count)\r\n".utf8))
            bytes.append(contentsOf: utf8)
            bytes.append(contentsOf: [13, 10])
        }
    }
}
