/// The octets a signature base string is made of (RFC 5849 §3.4.1), gathered from a request in
/// one buffer lent for the purpose: the base string URI, then each parameter's name and value,
/// decoded. Sorting them and writing the base string touch nothing else, and nothing here
/// allocates.
struct OAuth1SignatureInput {
    /// Where a parameter's octets are: the name from `nameStart`, the value from `nameEnd`.
    struct Span {
        var nameStart: Int
        var nameEnd: Int
        var valueEnd: Int
    }

    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private let spanStorage: UnsafeMutablePointer<Span>
    private let spanCapacity: Int
    /// The parameters, in the order they were added until ``sort()``.
    private(set) var spanCount = 0
    /// The base string URI, after ``setURI(_:of:)``.
    private(set) var uri: Range<Int> = 0..<0

    /// The byte and span counts the buffer needs for `target` in `text`, a form body, and
    /// `oauth` parameters.
    static func requirements(
        target: OAuth1RequestTarget, text: UnsafeBufferPointer<UInt8>, formBody: UnsafeRawBufferPointer, oauth: (bytes: Int, count: Int)
    ) -> (bytes: Int, spans: Int) {
        var bytes = target.uriCountBound + formBody.count + oauth.bytes
        var spans = oauth.count + 1
        if let query = target.query {
            bytes += query.count
            spans += 1 + UnsafeBufferPointer(rebasing: text[query]).count(where: { $0 == UInt8(ascii: "&") })
        }
        spans += formBody.count(where: { $0 == UInt8(ascii: "&") })
        return (bytes, spans)
    }

    /// Lays the input out in `buffer`, spans first, then octets.
    init(buffer: UnsafeMutableRawBufferPointer, spans: Int) {
        spanStorage = buffer.baseAddress!.bindMemory(to: Span.self, capacity: spans)
        spanCapacity = spans
        let offset = spans * MemoryLayout<Span>.stride
        storage = (buffer.baseAddress! + offset).bindMemory(to: UInt8.self, capacity: buffer.count - offset)
        capacity = buffer.count - offset
    }

    /// The buffer size for `requirements`, spans first (aligned for ``Span``).
    static func byteCount(_ requirements: (bytes: Int, spans: Int)) -> Int {
        requirements.spans * MemoryLayout<Span>.stride + requirements.bytes
    }

    /// The octets from `start` to `end`.
    @inline(__always)
    func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + start, count: end - start)
    }

    /// A parameter's name.
    @inline(__always)
    func name(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spanStorage[index]
        return bytes(span.nameStart, span.nameEnd)
    }

    /// A parameter's value.
    @inline(__always)
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let span = spanStorage[index]
        return bytes(span.nameEnd, span.valueEnd)
    }

    /// The base string URI's octets.
    var uriBytes: UnsafeBufferPointer<UInt8> { bytes(uri.lowerBound, uri.upperBound) }

    /// Writes the base string URI of `target` (§3.4.1.2).
    mutating func setURI(_ target: OAuth1RequestTarget, of text: UnsafeBufferPointer<UInt8>) {
        let start = count
        var cursor = storage + count
        target.writeURI(from: text, to: &cursor)
        count = cursor - storage
        precondition(count <= capacity)
        uri = start..<count
    }

    /// Adds a parameter with the UTF-8 of `name` and `value`.
    mutating func append(name: String, value: String) {
        let nameStart = count
        copy(name)
        let nameEnd = count
        copy(value)
        addSpan(Span(nameStart: nameStart, nameEnd: nameEnd, valueEnd: count))
    }

    /// Adds the pairs of an `application/x-www-form-urlencoded` text (§3.4.1.3.1): `&` between
    /// pairs, `=` between name and value (a pair without one has an empty value), `+` a space,
    /// `%XX` a byte. Returns `false` for a malformed escape.
    mutating func appendForm(_ form: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start <= form.count {
            var end = start
            while end < form.count, form[end] != UInt8(ascii: "&") { end += 1 }
            if end > start {
                var equals = start
                while equals < end, form[equals] != UInt8(ascii: "=") { equals += 1 }
                let nameStart = count
                guard decode(UnsafeBufferPointer(rebasing: form[start..<equals])) else { return false }
                let nameEnd = count
                if equals < end {
                    guard decode(UnsafeBufferPointer(rebasing: form[(equals + 1)..<end])) else { return false }
                }
                addSpan(Span(nameStart: nameStart, nameEnd: nameEnd, valueEnd: count))
            }
            start = end + 1
        }
        return true
    }

    /// The first parameter among the first `limit` whose name starts with `oauth_`.
    func firstOAuthName(among limit: Int) -> String? {
        let prefix: StaticString = "oauth_"
        let prefixBytes = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for index in 0..<limit {
            let name = name(index)
            if name.count >= prefixBytes.count, UnsafeBufferPointer(rebasing: name[..<prefixBytes.count]).elementsEqual(prefixBytes) {
                return String(decoding: name, as: UTF8.self)
            }
        }
        return nil
    }

    /// Sorts the parameters by name, then value, in the byte order of their encoded forms
    /// (§3.4.1.3.2), without encoding them: encoding keeps the order of unreserved bytes, and
    /// puts every other byte, as `%XX` in hex order, before them.
    mutating func sort() {
        var spans = UnsafeMutableBufferPointer(start: spanStorage, count: spanCount)
        spans.sortParameters(by: precedes)
    }

    // MARK: Writing

    /// Writes the normalised parameters, `name=value` joined by `&`, each encoded once; encoded
    /// twice when `twice`, with `=` and `&` as `%3D` and `%26`, as the base string holds them.
    func writeNormalized<Sink>(twice: Bool, to writer: inout OAuth1StreamWriter<Sink>) {
        for index in 0..<spanCount {
            if index > 0 {
                if twice { writer.append("%26") } else { writer.append("&") }
            }
            if twice {
                writer.appendEncoded(name(index), twice: true)
                writer.append("%3D")
                writer.appendEncoded(value(index), twice: true)
            } else {
                writer.appendEncoded(name(index))
                writer.append("=")
                writer.appendEncoded(value(index))
            }
        }
    }

    /// Writes the base string, `METHOD&URI&PARAMETERS`, each part encoded; the method in ASCII
    /// upper case.
    func writeBaseString<Sink>(method: UnsafeBufferPointer<UInt8>, to writer: inout OAuth1StreamWriter<Sink>) {
        writer.appendEncoded(method, uppercased: true)
        writer.append("&")
        writer.appendEncoded(uriBytes)
        writer.append("&")
        writeNormalized(twice: true, to: &writer)
    }

    @inline(__always)
    static func write(_ text: StaticString, to cursor: inout UnsafeMutablePointer<UInt8>) {
        cursor.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        cursor += text.utf8CodeUnitCount
    }

    // MARK: Private

    private mutating func copy(_ text: String) {
        let destination = storage + count
        let written = text.utf8.withContiguousStorageIfAvailable { utf8 in
            destination.update(from: utf8.baseAddress!, count: utf8.count)
            return utf8.count
        } ?? {
            var index = 0
            for byte in text.utf8 {
                destination[index] = byte
                index += 1
            }
            return index
        }()
        count += written
        precondition(count <= capacity)
    }

    private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard let written = OAuth1Encoding.decode(bytes, plusIsSpace: true, to: storage + count) else { return false }
        count += written
        precondition(count <= capacity)
        return true
    }

    private mutating func addSpan(_ span: Span) {
        precondition(spanCount < spanCapacity)
        spanStorage[spanCount] = span
        spanCount += 1
    }

    private func precedes(_ lhs: Span, _ rhs: Span) -> Bool {
        let byName = Self.compare(bytes(lhs.nameStart, lhs.nameEnd), bytes(rhs.nameStart, rhs.nameEnd))
        if byName != 0 { return byName < 0 }
        return Self.compare(bytes(lhs.nameEnd, lhs.valueEnd), bytes(rhs.nameEnd, rhs.valueEnd)) < 0
    }

    /// Negative, zero or positive as `lhs` encoded sorts before, with or after `rhs` encoded.
    /// Equal stretches, such as the `oauth_` that most names share, are skipped eight bytes
    /// at a time.
    @inline(__always)
    private static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        var index = 0
        if common >= 8, let left = lhs.baseAddress, let right = rhs.baseAddress {
            while index + 8 <= common,
                  UnsafeRawPointer(left + index).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(right + index).loadUnaligned(as: UInt64.self) {
                index += 8
            }
        }
        while index < common {
            let left = lhs[index], right = rhs[index]
            if left != right {
                return sortKey(left) < sortKey(right) ? -1 : 1
            }
            index += 1
        }
        return lhs.count - rhs.count
    }

    /// The position of a byte's encoding in byte order: `%XX` (every reserved byte, in hex
    /// order) before any unreserved byte, which stands for itself.
    @inline(__always)
    private static func sortKey(_ byte: UInt8) -> Int {
        OAuth1Encoding.isUnreserved(byte) ? 0x100 | Int(byte) : Int(byte)
    }
}
