import Foundation

/// A request's URL, with the query parameters added since it was last set kept beside it: the
/// URL is built and parsed once, when it is read, however many parameters the token placement
/// and the fixes add (a protected request may gain the token, a key and a signature).
struct RequestTarget: Sendable {
    /// The URL as it was last set.
    private(set) var base: URL
    /// Parameters to add to the end of the base's query, in order.
    private(set) var added: [FormParameters.Parameter] = []
    /// The base's percent-encoded query, read once parameters start being added: each added
    /// parameter looks for its name there.
    private var baseQueryRead: String?? = nil
    /// The names in the base's query, summarised when it is read: most names looked for are
    /// not there, and the summary says so without a pass over the query.
    private var baseNames = NameSummary.anything

    init(_ url: URL) {
        base = url
    }

    /// The base's percent-encoded query; `nil` when it has none.
    var baseQuery: String? {
        baseQueryRead ?? base.query(percentEncoded: true)
    }

    /// The URL with the added parameters, form-encoded, at the end of its query and before
    /// any fragment.
    var url: URL {
        if added.isEmpty { return base }
        var text = base.absoluteString
        // Encoding takes at most three bytes for one.
        var room = text.utf8.count + 1
        for index in added.indices { room += 3 * (added[index].name.utf8.count + added[index].value.utf8.count) + 2 }
        let joined = text.withUTF8 { text in
            var fragmentStart = text.count
            var hasQuery = false
            for index in text.indices {
                if text[index] == UInt8(ascii: "#") {
                    fragmentStart = index
                    break
                }
                if text[index] == UInt8(ascii: "?") { hasQuery = true }
            }
            let last = fragmentStart > 0 ? text[fragmentStart - 1] : 0
            let separator: UInt8? = !hasQuery ? UInt8(ascii: "?") : (last == UInt8(ascii: "?") || last == UInt8(ascii: "&") ? nil : UInt8(ascii: "&"))
            // One string, written once: the URL's text up to any fragment, the pairs encoded in
            // place, then the fragment.
            return String(unsafeUninitializedCapacity: room) { output in
                let start = output.baseAddress!
                if fragmentStart > 0 { start.initialize(from: text.baseAddress!, count: fragmentStart) }
                var position = fragmentStart
                if let separator {
                    output[position] = separator
                    position += 1
                }
                for index in added.indices {
                    if index > 0 {
                        output[position] = UInt8(ascii: "&")
                        position += 1
                    }
                    position += FormParameters.encodeComponent(added[index].name, into: start + position)
                    output[position] = UInt8(ascii: "=")
                    position += 1
                    position += FormParameters.encodeComponent(added[index].value, into: start + position)
                }
                if fragmentStart < text.count { (start + position).initialize(from: text.baseAddress! + fragmentStart, count: text.count - fragmentStart) }
                return position + text.count - fragmentStart
            }
        }
        // A URL's own text with form-encoded pairs added to its query is a URL: the fallback
        // is never taken.
        return URL(string: joined) ?? base
    }

    /// Reads the base's query once, for the parameters about to be added to look for their
    /// names in.
    mutating func readBaseQuery() {
        guard baseQueryRead == nil else { return }
        let query = base.query(percentEncoded: true)
        baseQueryRead = .some(query)
        baseNames = query.map(NameSummary.init(query:)) ?? NameSummary()
    }

    /// Adds `name=value` at the end of the query, without reading the URL.
    mutating func append(_ name: String, _ value: String) {
        // Room at once for what a protected request usually gains: a token, a key or two and
        // a signature.
        if added.isEmpty { added.reserveCapacity(4) }
        added.append(FormParameters.Parameter(name: name, value: value))
    }

    /// The bytes of the added parameters' names and values, plus one per parameter.
    var addedLength: Int {
        added.withUnsafeBufferPointer { added in
            var length = 0
            for index in added.indices { length += added[index].name.utf8.count + added[index].value.utf8.count + 1 }
            return length
        }
    }

    /// Whether the query has a parameter named `name` (compared decoded, by bytes). One pass
    /// over the base's query, where only names holding an escape are decoded.
    func hasParameter(named name: String) -> Bool {
        added.contains { $0.name.hasSameBytes(as: name) } || (baseNames.mayHold(name) && Self.query(baseQuery, hasParameterNamed: name))
    }

    private static func query(_ query: String?, hasParameterNamed name: String) -> Bool {
        guard let query, !query.isEmpty else { return false }
        return query.withUTF8Bytes { query in
            name.withUTF8Bytes { name in
                var start = 0
                while start < query.count {
                    var end = start
                    var nameEnd = -1
                    var escaped = false
                    while end < query.count, query[end] != UInt8(ascii: "&") {
                        let byte = query[end]
                        if nameEnd < 0 {
                            if byte == UInt8(ascii: "=") { nameEnd = end } else if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") { escaped = true }
                        }
                        end += 1
                    }
                    // An empty component (`&&`) is no parameter.
                    if end > start {
                        let encodedName = UnsafeBufferPointer(rebasing: query[start..<(nameEnd < 0 ? end : nameEnd)])
                        if !escaped {
                            if encodedName.count == name.count, name.isEmpty || memcmp(encodedName.baseAddress!, name.baseAddress!, name.count) == 0 { return true }
                        } else if let decoded = try? FormParameters(decoding: Data(encodedName)).parameters.first?.name, decoded.utf8.elementsEqual(name) {
                            return true
                        }
                    }
                    start = end + 1
                }
                return false
            }
        }
    }
}
