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
        let query = target.baseQuery
        let form = MediaType.essence(of: headers["Content-Type"]) == MediaType.formURLEncoded ? body : nil
        var parameters: [FormParameters.Parameter] = []
        // Room for the parameters of most calls at once; more grow the array as usual.
        parameters.reserveCapacity(16 + target.added.count)
        if let query { try FormParameters.decode(query, appendingTo: &parameters) }
        parameters += target.added
        if let form { try FormParameters.decode(form, appendingTo: &parameters) }
        parameters.removeAll { parameter in excluded.contains { $0.hasSameBytes(as: parameter.name) } }
        // Stable: parameters of one name keep their order.
        parameters.sort { Self.precedes($0.name, $1.name) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parameters.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 1 })
        for parameter in parameters {
            var name = parameter.name, value = parameter.value
            name.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "="))
            value.withUTF8 { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Whether `left` sorts before `right`, comparing their UTF-8 bytes.
    private static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left, right = right
        return left.withUTF8 { left in
            right.withUTF8 { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }
}
