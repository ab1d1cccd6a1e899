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
        try [UInt8](unsafeUninitializedCapacity: max(sortedParametersCapacity, 1)) { buffer, count in
            count = try writeSortedParameters(excluding: excluded, to: buffer.baseAddress!)
        }
    }

    /// Lends ``sortedParameterBytes(excluding:)`` to `body`, built on the stack when it fits,
    /// and returns the signature `body` makes of them. Not generic, so that a provider module
    /// calling it runs this module's compiled code.
    package func withSortedParameters(excluding excluded: [String], _ body: (UnsafeRawBufferPointer) throws -> String) throws -> String {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(sortedParametersCapacity, 1)) { buffer in
            let count = try writeSortedParameters(excluding: excluded, to: buffer.baseAddress!)
            return try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
        }
    }

    /// At most how many bytes ``sortedParameterBytes(excluding:)`` takes: decoding never
    /// lengthens a parameter, and each gains at most an `=`.
    var sortedParametersCapacity: Int {
        (target.baseQuery?.utf8.count ?? 0) + 1 + (formBody?.count ?? 0) + 1 + target.addedLength
    }

    /// Writes ``sortedParameterBytes(excluding:)`` to `output`, which has room for
    /// ``sortedParametersCapacity`` bytes, and returns how many it wrote.
    ///
    /// Every parameter is decoded once, as `name=value`, into one scratch buffer, and only
    /// their places in it are sorted: no string is made, and for a usual call the scratch and
    /// the places live on the stack.
    // Kept out of line: inlined into a signing closure, it made the closure copy the request.
    @inline(never)
    func writeSortedParameters(excluding excluded: [String], to output: UnsafeMutablePointer<UInt8>) throws -> Int {
        try (target.baseQuery ?? "").withUTF8Bytes { query in
            try Self.withBytes(of: formBody) { form in
                let room = query.count + 1 + form.count + 1 + target.addedLength
                // A parameter takes at least one byte and a separator.
                let most = (query.count + 1) / 2 + (form.count + 1) / 2 + target.added.count
                return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { scratch in
                    try withUnsafeTemporaryAllocation(of: SortedParameterList.Place.self, capacity: max(most, 1)) { places in
                        var list = SortedParameterList(scratch: scratch.baseAddress!, places: places.baseAddress!, excluded: excluded)
                        try list.decode(query)
                        target.added.withUnsafeBufferPointer { added in
                            for index in added.indices { list.add(added[index].name, added[index].value) }
                        }
                        try list.decode(form)
                        return list.write(to: output)
                    }
                }
            }
        }
    }

    /// The body, when it is form-encoded: its parameters are signed too.
    private var formBody: Data? {
        guard let body, MediaType.essence(of: headers["Content-Type"], isOneOf: [MediaType.formURLEncoded]) else { return nil }
        return body
    }

    /// Calls `body` with the bytes of `data`; `nil` is empty.
    private static func withBytes<Result>(of data: Data?, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard let data else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }
}

/// Parameters written `name=value` one after another into a scratch buffer, each remembered by
/// its place there, then written out sorted by name.
struct SortedParameterList {
    /// Where one parameter's `name=value` lies in the scratch buffer.
    struct Place {
        var start: Int
        var nameEnd: Int
        var end: Int
    }

    private let scratch: UnsafeMutablePointer<UInt8>
    private let places: UnsafeMutablePointer<Place>
    private let excluded: [String]
    private var used = 0
    private var count = 0

    /// A list writing into `scratch` and `places`, which must have room for every parameter
    /// to come, and leaving out the names in `excluded`.
    init(scratch: UnsafeMutablePointer<UInt8>, places: UnsafeMutablePointer<Place>, excluded: [String]) {
        self.scratch = scratch
        self.places = places
        self.excluded = excluded
    }

    /// Decodes form-encoded bytes, keeping each parameter unless its name is excluded. Every
    /// parameter is decoded, so malformed bytes throw even in an excluded one.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        try FormParameters.forEachParameter(in: bytes) { start, equals, end in
            let nameEnd = used + (try FormParameters.decodeComponent(bytes, start..<(equals ?? end), into: scratch + used))
            scratch[nameEnd] = UInt8(ascii: "=")
            let valueStart = nameEnd + 1
            let valueEnd = try equals.map { valueStart + (try FormParameters.decodeComponent(bytes, ($0 + 1)..<end, into: scratch + valueStart)) } ?? valueStart
            keep(Place(start: used, nameEnd: nameEnd, end: valueEnd))
        }
    }

    /// Adds a parameter given decoded.
    mutating func add(_ name: String, _ value: String) {
        let nameEnd = used + name.copyUTF8(to: scratch + used)
        scratch[nameEnd] = UInt8(ascii: "=")
        keep(Place(start: used, nameEnd: nameEnd, end: nameEnd + 1 + value.copyUTF8(to: scratch + nameEnd + 1)))
    }

    /// Sorts the parameters by name, as bytes, those of one name in the order they came, and
    /// writes each `name=value` to `output`; returns how many bytes it wrote.
    func write(to output: UnsafeMutablePointer<UInt8>) -> Int {
        var places = UnsafeMutableBufferPointer(start: places, count: count)
        let scratch = scratch
        func precedes(_ left: Place, _ right: Place) -> Bool {
            let leftLength = left.nameEnd - left.start
            let rightLength = right.nameEnd - right.start
            let common = min(leftLength, rightLength)
            let order = common == 0 ? 0 : memcmp(scratch + left.start, scratch + right.start, common)
            if order != 0 { return order < 0 }
            if leftLength != rightLength { return leftLength < rightLength }
            // Places are made in order: of one name, the earlier comes first.
            return left.start < right.start
        }
        places.sortParameters(by: precedes)
        var written = 0
        for place in places {
            (output + written).update(from: scratch + place.start, count: place.end - place.start)
            written += place.end - place.start
        }
        return written
    }

    /// Keeps a parameter just written, unless its name is excluded.
    private mutating func keep(_ place: Place) {
        let name = scratch + place.start
        let length = place.nameEnd - place.start
        for candidate in excluded where candidate.utf8.count == length {
            if length == 0 || candidate.withUTF8Bytes({ memcmp($0.baseAddress!, name, length) }) == 0 { return }
        }
        places[count] = place
        count += 1
        used = place.end
    }
}
