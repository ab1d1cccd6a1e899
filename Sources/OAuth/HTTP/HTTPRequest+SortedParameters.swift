import Foundation

extension HTTPRequest {
    /// The request's parameters as the MD5 request signatures of Mail.ru and OK.ru sign them:
    /// the query's, and the form body's for a form body, except those named in `excluded`,
    /// sorted by name as bytes (parameters of one name keep their order), each written
    /// `name=value` with no separator.
    ///
    /// ```swift
    /// let request = HTTPRequest(url: URL(string: "https://api.example/call?method=users.get&app_id=42")!)
    /// String(decoding: try request.sortedParameterBytes(excluding: ["sig"]), as: UTF8.self)
    /// // "app_id=42method=users.get"
    /// ```
    ///
    /// - Throws: ``FormDecodingError`` when the query or the form body is malformed.
    public func sortedParameterBytes(excluding excluded: [String]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try appendSortedParameters(excluding: excluded, to: &bytes)
        return bytes
    }

    /// Appends ``sortedParameterBytes(excluding:)`` to `bytes`: a signature's message, built in
    /// one buffer.
    func appendSortedParameters(excluding excluded: [String], to bytes: inout [UInt8]) throws {
        let query = target.baseQuery
        let form = MediaType.essence(of: headers["Content-Type"]) == MediaType.formURLEncoded ? body : nil
        var parameters: [FormParameters.Parameter] = []
        // Room for the parameters of most calls at once; more grow the array as usual.
        parameters.reserveCapacity(16 + target.added.count)
        if let query { try FormParameters.decode(query, appendingTo: &parameters) }
        parameters += target.added
        if let form { try FormParameters.decode(form, appendingTo: &parameters) }
        if !excluded.isEmpty {
            parameters.removeAll { parameter in excluded.contains { $0.hasSameBytes(as: parameter.name) } }
        }
        // Stable: parameters of one name keep their order.
        parameters.sort { Self.precedes($0.name, $1.name) }
        bytes.reserveCapacity(bytes.count + parameters.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 1 })
        for parameter in parameters {
            Self.append(parameter.name, to: &bytes)
            bytes.append(UInt8(ascii: "="))
            Self.append(parameter.value, to: &bytes)
        }
    }

    /// Appends a string's UTF-8 bytes, read in place.
    private static func append(_ string: String, to bytes: inout [UInt8]) {
        if string.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes += string.utf8 }
    }

    /// Whether `left` sorts before `right`, comparing their UTF-8 bytes.
    private static func precedes(_ left: String, _ right: String) -> Bool {
        let compared = left.utf8.withContiguousStorageIfAvailable { left in
            right.utf8.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
        return (compared ?? nil) ?? left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}
