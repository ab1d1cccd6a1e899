/// Where a signature base string goes as it is written: into a MAC, or collected whole.
protocol OAuth1ByteSink {
    /// Takes the next bytes.
    mutating func take(_ bytes: UnsafeRawBufferPointer)
}

extension HMAC: OAuth1ByteSink {
    mutating func take(_ bytes: UnsafeRawBufferPointer) {
        update(bytes)
    }
}

/// Bytes collected whole: for a base string that must be a string, or an RSA signer's message.
struct OAuth1ByteCollector: OAuth1ByteSink {
    private(set) var bytes: [UInt8] = []

    mutating func take(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }
}

/// A counter of the bytes that pass, for timing the base string without a MAC.
struct OAuth1ByteCounter: OAuth1ByteSink {
    private(set) var count = 0

    mutating func take(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
    }
}

/// A signature base string that can be fed to a sink: bytes at hand, or the parts of a request
/// composed as they are fed.
protocol OAuth1BaseString {
    func feed<Sink: OAuth1ByteSink>(_ sink: inout Sink)
}

extension UnsafeRawBufferPointer: OAuth1BaseString {
    func feed<Sink: OAuth1ByteSink>(_ sink: inout Sink) {
        sink.take(self)
    }
}

/// Writes text into a sink through a 512-byte chunk on the stack, percent-encoding as it goes,
/// so that a base string of any length reaches the MAC without being built in memory.
struct OAuth1StreamWriter<Sink: OAuth1ByteSink> {
    private(set) var sink: Sink
    private let start: UnsafeMutablePointer<UInt8>
    /// The last place where five more bytes, one escaped byte encoded twice, still fit.
    private let limit: UnsafeMutablePointer<UInt8>
    private var cursor: UnsafeMutablePointer<UInt8>

    private init(sink: Sink, chunk: UnsafeMutableBufferPointer<UInt8>) {
        self.sink = sink
        start = chunk.baseAddress!
        limit = start + chunk.count - 5
        cursor = start
    }

    /// Runs `write` with a writer into `sink`, and returns the sink once everything written has
    /// reached it.
    static func write(into sink: Sink, _ write: (inout Self) -> Void) -> Sink {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { chunk in
            var writer = Self(sink: sink, chunk: chunk)
            write(&writer)
            writer.flush()
            return writer.sink
        }
    }

    /// Appends a literal of at most five bytes.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        if cursor > limit { flush() }
        cursor.update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
        cursor += literal.utf8CodeUnitCount
    }

    /// Appends `bytes` percent-encoded (§3.6), twice when `twice` (the escapes' `%` as `%25`),
    /// with ASCII letters in upper case first when `uppercased`. The chunk's room is checked
    /// once per run of bytes that surely fits, not once per byte.
    @inline(__always)
    mutating func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, twice: Bool = false, uppercased: Bool = false) {
        guard let source = bytes.baseAddress else { return }
        let hex = OAuth1Encoding.hexDigits.utf8Start
        let widest = twice ? 5 : 3
        var out = cursor
        var index = 0
        while index < bytes.count {
            let fits = (limit + 5 - out) / widest
            if fits == 0 {
                cursor = out
                flush()
                out = cursor
                continue
            }
            let stop = min(bytes.count, index + fits)
            while index < stop {
                var byte = source[index]
                index += 1
                if uppercased, byte &- UInt8(ascii: "a") < 26 { byte &= 0xDF }
                if OAuth1Encoding.isUnreserved(byte) {
                    out.pointee = byte
                    out += 1
                } else if twice {
                    out[0] = UInt8(ascii: "%")
                    out[1] = UInt8(ascii: "2")
                    out[2] = UInt8(ascii: "5")
                    out[3] = hex[Int(byte >> 4)]
                    out[4] = hex[Int(byte & 0x0F)]
                    out += 5
                } else {
                    out[0] = UInt8(ascii: "%")
                    out[1] = hex[Int(byte >> 4)]
                    out[2] = hex[Int(byte & 0x0F)]
                    out += 3
                }
            }
        }
        cursor = out
    }

    private mutating func flush() {
        sink.take(UnsafeRawBufferPointer(start: start, count: cursor - start))
        cursor = start
    }
}

/// The base string of a request's sorted parameters, composed as it is fed.
struct OAuth1ComposedBaseString: OAuth1BaseString {
    let input: OAuth1SignatureInput
    /// The request method's bytes (see ``OAuth1SignatureBase/withMethodBytes(_:_:)``).
    let method: UnsafeBufferPointer<UInt8>

    func feed<Sink: OAuth1ByteSink>(_ sink: inout Sink) {
        sink = OAuth1StreamWriter.write(into: sink) { input.writeBaseString(method: method, to: &$0) }
    }

    /// The base string as a string.
    var string: String {
        var collector = OAuth1ByteCollector()
        feed(&collector)
        return String(decoding: collector.bytes, as: UTF8.self)
    }
}

/// Lends `byteCount` bytes of scratch memory: on the stack up to 1 KiB, where the standard
/// library needs no check of the stack's bounds; on the heap above.
func withScratchBuffer<Result>(byteCount: Int, alignment: Int = 8, _ body: (UnsafeMutableRawBufferPointer) -> Result) -> Result {
    if byteCount <= 1024 {
        return withUnsafeTemporaryAllocation(byteCount: max(byteCount, 1), alignment: alignment, body)
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount, alignment: alignment)
    defer { buffer.deallocate() }
    return body(buffer)
}
