import Foundation

/// An ordered list of name and value pairs, encoded as `application/x-www-form-urlencoded`
/// (RFC 6749 Appendix B): the body of token requests and the query of authorization URLs.
///
/// ```swift
/// var form: FormParameters = ["grant_type": "authorization_code"]
/// form.append("code", "SplxlOBeZQQYbYS6WxSbIA")
/// form.encoded()   // "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
/// ```
public struct FormParameters: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    /// One name and value pair.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name.
        public var name: String
        /// The parameter value.
        public var value: String

        /// Creates a parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// Same name and value, byte for byte (not merely canonically equivalent).
        public static func == (lhs: Parameter, rhs: Parameter) -> Bool {
            lhs.name.hasSameBytes(as: rhs.name) && lhs.value.hasSameBytes(as: rhs.value)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(MemberName(name))
            hasher.combine(MemberName(value))
        }
    }

    /// The parameters in order.
    public var parameters: [Parameter] { list }

    private var list: [Parameter]

    /// Where the first parameter of each name sits (names compared by their bytes), once there
    /// are more than ``indexThreshold`` parameters; fewer are scanned.
    private var firstPositions: [MemberName: Int]?
    /// Whether some name appears more than once; kept only with the index.
    private var hasRepeatedNames = false

    /// The parameter count above which lookups go through an index.
    static let indexThreshold = 16

    /// Creates parameters, keeping their order.
    public init(_ parameters: [Parameter] = []) {
        self.list = parameters
        reindex()
    }

    /// Creates parameters from name and value pairs, keeping their order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { Parameter(name: $0.0, value: $0.1) })
    }

    /// Creates parameters from a list of parameters.
    public init(arrayLiteral elements: Parameter...) {
        self.init(elements)
    }

    /// Decodes `application/x-www-form-urlencoded` bytes: `+` is a space, `%XX` a byte, and
    /// the decoded bytes must be UTF-8.
    ///
    /// - Throws: ``FormDecodingError`` for a malformed escape or bytes that are not UTF-8.
    public init(decoding data: Data) throws {
        self.init(try data.withUnsafeBytes { raw in try Self.decode(raw.bindMemory(to: UInt8.self)) })
    }

    /// Decodes `application/x-www-form-urlencoded` text, such as a URL's percent-encoded query,
    /// in place.
    init(decoding text: String) throws {
        var parameters: [Parameter] = []
        try Self.decode(text, appendingTo: &parameters)
        self.init(parameters)
    }

    /// One pass over the bytes in place: a component without `%` or `+` becomes a string
    /// straight from its bytes.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [Parameter] {
        var result: [Parameter] = []
        // Token bodies hold a handful of parameters: room for them up front, in one allocation.
        result.reserveCapacity(8)
        try decode(bytes, appendingTo: &result)
        return result
    }

    /// Decodes form-encoded text, such as a URL's percent-encoded query, appending its
    /// parameters to `result`.
    static func decode(_ text: String, appendingTo result: inout [Parameter]) throws {
        var text = text
        try text.withUTF8 { try decode($0, appendingTo: &result) }
    }

    /// Decodes form-encoded bytes, appending their parameters to `result`.
    static func decode(_ data: Data, appendingTo result: inout [Parameter]) throws {
        try data.withUnsafeBytes { raw in try decode(raw.bindMemory(to: UInt8.self), appendingTo: &result) }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo result: inout [Parameter]) throws {
        let before = result.count
        try forEachParameter(in: bytes) { start, equals, end in
            if let equals {
                result.append(Parameter(name: try decodeComponent(bytes, start..<equals), value: try decodeComponent(bytes, (equals + 1)..<end)))
            } else {
                result.append(Parameter(name: try decodeComponent(bytes, start..<end), value: ""))
            }
        }
        ParseWork.add(bytes.count + result.count - before)
    }

    /// Calls `body` with each parameter of form-encoded bytes, in order: where it starts, where
    /// its first `=` is (`nil` for a parameter without one) and where it ends. Empty ones
    /// (`&&`) are skipped.
    @inline(__always)
    static func forEachParameter(in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ start: Int, _ equals: Int?, _ end: Int) throws -> Void) rethrows {
        let count = bytes.count
        var start = 0
        while start < count {
            var end = start
            var equals = -1
            while end < count, bytes[end] != UInt8(ascii: "&") {
                if equals < 0, bytes[end] == UInt8(ascii: "=") { equals = end }
                end &+= 1
            }
            if end > start { try body(start, equals < 0 ? nil : equals, end) }
            start = end + 1
        }
    }

    /// Rebuilds the name index after a change that moved names, or drops it for a short list.
    private mutating func reindex() {
        guard list.count > Self.indexThreshold else {
            firstPositions = nil
            hasRepeatedNames = false
            return
        }
        var positions = [MemberName: Int](minimumCapacity: list.count * 2)
        var repeated = false
        for (position, parameter) in list.enumerated() {
            let name = MemberName(parameter.name)
            if positions[name] == nil { positions[name] = position } else { repeated = true }
        }
        firstPositions = positions
        hasRepeatedNames = repeated
        ParseWork.add(list.count)
    }

    /// The index of the first parameter with this name: an index lookup, or a scan of at most
    /// ``indexThreshold`` parameters.
    private func firstPosition(of name: String) -> Int? {
        if let firstPositions {
            ParseWork.add(1)
            return firstPositions[MemberName(name)]
        }
        return list.firstIndex { $0.name.hasSameBytes(as: name) }
    }

    /// Whether there are no parameters.
    public var isEmpty: Bool { list.isEmpty }

    /// The first name that appears more than once (names compared by their bytes), or `nil`.
    public var firstRepeatedName: String? {
        if firstPositions != nil {
            guard hasRepeatedNames else { return nil }
            var seen = Set<MemberName>()
            ParseWork.add(list.count)
            return list.first { !seen.insert(MemberName($0.name)).inserted }?.name
        }
        // At most indexThreshold parameters: comparing pairs costs less than hashing.
        for index in list.indices where list[..<index].contains(where: { $0.name.hasSameBytes(as: list[index].name) }) {
            return list[index].name
        }
        return nil
    }

    /// The value of the first parameter with this name. Setting replaces the first such
    /// parameter and removes the others, or appends one; setting `nil` removes them all.
    public subscript(name: String) -> String? {
        get { firstPosition(of: name).map { list[$0].value } }
        set {
            guard let newValue else {
                if firstPosition(of: name) != nil {
                    list.removeAll { $0.name.hasSameBytes(as: name) }
                    reindex()
                }
                return
            }
            guard let index = firstPosition(of: name) else {
                append(name, newValue)
                return
            }
            list[index].value = newValue
            if firstPositions == nil || hasRepeatedNames {
                let rest = list[(index + 1)...].filter { !$0.name.hasSameBytes(as: name) }
                if rest.count != list.count - index - 1 {
                    list.replaceSubrange((index + 1)..., with: rest)
                    reindex()
                }
            }
        }
    }

    /// All values of parameters with this name, in order.
    public func values(for name: String) -> [String] {
        ParseWork.add(list.count)
        return list.filter { $0.name.hasSameBytes(as: name) }.map(\.value)
    }

    /// Appends a parameter, keeping any with the same name.
    public mutating func append(_ name: String, _ value: String) {
        list.append(Parameter(name: name, value: value))
        if firstPositions != nil {
            ParseWork.add(1)
            let key = MemberName(name)
            if firstPositions![key] == nil { firstPositions![key] = list.count - 1 } else { hasRepeatedNames = true }
        } else if list.count > Self.indexThreshold {
            reindex()
        }
    }

    /// Renames every parameter called `name` to `newName`, in place.
    public mutating func rename(_ name: String, to newName: String) {
        guard firstPosition(of: name) != nil else { return }
        for index in list.indices where list[index].name.hasSameBytes(as: name) {
            list[index].name = newName
        }
        reindex()
    }

    public static func == (lhs: FormParameters, rhs: FormParameters) -> Bool {
        lhs.list == rhs.list
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(list)
    }

    /// The number of parameters, so that `map` and the like allocate their result once.
    public var underestimatedCount: Int { list.count }

    public func makeIterator() -> IndexingIterator<[Parameter]> {
        list.makeIterator()
    }

    /// The parameters encoded as `application/x-www-form-urlencoded` (the WHATWG URL standard's
    /// serializer, which RFC 6749 Appendix B follows): `A-Z a-z 0-9 * - . _` as they are, a
    /// space as `+`, every other UTF-8 byte as `%XX` with uppercase hex.
    public func encoded() -> String {
        var text = ""
        text.reserveCapacity(list.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for (index, parameter) in list.enumerated() {
            if index > 0 { text += "&" }
            text += Self.encodeComponent(parameter.name)
            text += "="
            text += Self.encodeComponent(parameter.value)
        }
        return text
    }

    /// Encodes one name or value as `application/x-www-form-urlencoded`.
    public static func encodeComponent(_ string: String) -> String {
        // Most names and values need no escape: the string itself, without a copy.
        if string.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(\.isFormSafe) }) == true { return string }
        return String(unsafeUninitializedCapacity: 3 * string.utf8.count) { output in
            output.isEmpty ? 0 : encodeComponent(string, into: output.baseAddress!)
        }
    }

    /// Writes one name or value, form-encoded, at `output`, which has room for three bytes for
    /// each of its UTF-8 bytes; returns how many bytes it wrote.
    static func encodeComponent(_ string: String, into output: UnsafeMutablePointer<UInt8>) -> Int {
        string.withUTF8Bytes { bytes in
            var written = 0
            for byte in bytes {
                if byte.isFormSafe {
                    output[written] = byte
                    written += 1
                } else if byte == UInt8(ascii: " ") {
                    output[written] = UInt8(ascii: "+")
                    written += 1
                } else {
                    output[written] = UInt8(ascii: "%")
                    output[written + 1] = hexDigits[Int(byte >> 4)]
                    output[written + 2] = hexDigits[Int(byte & 0x0F)]
                    written += 3
                }
            }
            return written
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func decodeComponent(_ whole: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> String {
        let bytes = UnsafeBufferPointer(rebasing: whole[range])
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            guard let string = UTF8Validation.string(bytes) else { throw FormDecodingError.notUTF8(offset: range.lowerBound) }
            return string
        }
        return try String(unsafeUninitializedCapacity: bytes.count) { output in
            try decodeComponent(whole, range, into: output.baseAddress!)
        }
    }

    /// Decodes one component, `whole[range]`, into `output`, which has room for `range.count`
    /// bytes (decoding never lengthens a component): `+` becomes a space and `%XX` a byte.
    /// Returns how many bytes it wrote.
    ///
    /// - Throws: ``FormDecodingError`` for a malformed escape or decoded bytes that are not
    ///   UTF-8, with offsets into `whole`.
    static func decodeComponent(_ whole: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into output: UnsafeMutablePointer<UInt8>) throws -> Int {
        // Plain ASCII, as most names and values are, is copied as it is.
        var plain = true
        for index in range where whole[index] == UInt8(ascii: "%") || whole[index] == UInt8(ascii: "+") || whole[index] >= 0x80 {
            plain = false
            break
        }
        if plain {
            if !range.isEmpty { output.update(from: whole.baseAddress! + range.lowerBound, count: range.count) }
            return range.count
        }
        var written = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = whole[index]
            switch byte {
            case UInt8(ascii: "+"):
                output[written] = UInt8(ascii: " ")
            case UInt8(ascii: "%"):
                guard range.upperBound - index >= 3, let high = whole[index + 1].hexValue, let low = whole[index + 2].hexValue else {
                    throw FormDecodingError.malformedEscape(offset: index)
                }
                output[written] = high << 4 | low
                index += 2
            default:
                output[written] = byte
            }
            written += 1
            index += 1
        }
        guard UTF8Validation.isValid(UnsafeBufferPointer(start: output, count: written)) else {
            throw FormDecodingError.notUTF8(offset: range.lowerBound)
        }
        return written
    }
}

/// Why bytes could not be decoded as `application/x-www-form-urlencoded`.
public enum FormDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `%` not followed by two hexadecimal digits.
    case malformedEscape(offset: Int)
    /// A name or value whose decoded bytes are not UTF-8.
    case notUTF8(offset: Int)

    public var description: String {
        switch self {
        case .malformedEscape(let offset):
            "form-encoded data: expected %XX with two hexadecimal digits at byte \(offset), got something else"
        case .notUTF8(let offset):
            "form-encoded data: expected UTF-8 after percent-decoding the component at byte \(offset), got invalid bytes"
        }
    }
}

extension UInt8 {
    /// Whether `application/x-www-form-urlencoded` leaves this byte as it is.
    var isFormSafe: Bool {
        switch self {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// Whether this byte is in the RFC 3986 §2.3 unreserved set.
    var isUnreserved: Bool {
        switch self {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// The value of this byte as a hexadecimal digit, or `nil`.
    var hexValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
