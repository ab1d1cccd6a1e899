import Foundation

/// A request's URL, with the query parameters added since it was last set kept beside it as
/// encoded text: the URL is parsed once, when it is read, however many parameters the token
/// placement and the fixes add (a protected request may gain the token, a key and a signature).
struct RequestTarget: Sendable {
    /// The URL as it was last set.
    private(set) var base: URL
    /// Parameters to add to the end of the base's query: `name=value` pairs, form-encoded and
    /// joined with `&`; empty for none.
    private(set) var addedQuery = ""

    init(_ url: URL) {
        base = url
    }

    /// The URL with the added parameters at the end of its query, before any fragment.
    var url: URL {
        if addedQuery.isEmpty { return base }
        let text = base.absoluteString
        let fragmentStart = text.utf8.firstIndex(of: UInt8(ascii: "#")) ?? text.endIndex
        let queryStart = text.utf8[..<fragmentStart].firstIndex(of: UInt8(ascii: "?"))
        var joined = ""
        joined.reserveCapacity(text.utf8.count + addedQuery.utf8.count + 1)
        joined += text[..<fragmentStart]
        if queryStart == nil {
            joined += "?"
        } else if let last = text.utf8[..<fragmentStart].last, last != UInt8(ascii: "?"), last != UInt8(ascii: "&") {
            joined += "&"
        }
        joined += addedQuery
        joined += text[fragmentStart...]
        // A URL's own text with form-encoded pairs added to its query is a URL: the fallback
        // is never taken.
        return URL(string: joined) ?? base
    }

    /// The percent-encoded query, added parameters included; `nil` when there is none.
    var encodedQuery: String? {
        let baseQuery = base.query(percentEncoded: true)
        if addedQuery.isEmpty { return baseQuery }
        guard let baseQuery, !baseQuery.isEmpty else { return addedQuery }
        return baseQuery + "&" + addedQuery
    }

    /// Adds `name=value` at the end of the query, without parsing the URL.
    mutating func append(_ name: String, _ value: String) {
        if !addedQuery.isEmpty { addedQuery += "&" }
        addedQuery += FormParameters.encodeComponent(name)
        addedQuery += "="
        addedQuery += FormParameters.encodeComponent(value)
    }

    /// Whether the query has a parameter named `name` (compared decoded, by bytes). One pass
    /// over the query; only names holding an escape are decoded.
    func hasParameter(named name: String) -> Bool {
        Self.query(base.query(percentEncoded: true), hasParameterNamed: name) || Self.query(addedQuery, hasParameterNamed: name)
    }

    private static func query(_ query: String?, hasParameterNamed name: String) -> Bool {
        guard var query, !query.isEmpty else { return false }
        var name = name
        return query.withUTF8 { query in
            name.withUTF8 { name in
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
                    let encodedName = UnsafeBufferPointer(rebasing: query[start..<(nameEnd < 0 ? end : nameEnd)])
                    if !escaped {
                        if encodedName.elementsEqual(name) { return true }
                    } else if let decoded = try? FormParameters(decoding: Data(encodedName)).parameters.first?.name, decoded.utf8.elementsEqual(name) {
                        return true
                    }
                    start = end + 1
                }
                return false
            }
        }
    }
}
