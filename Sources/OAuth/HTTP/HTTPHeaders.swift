/// An ordered list of HTTP header fields whose names compare case-insensitively.
///
/// ```swift
/// var headers: HTTPHeaders = ["Content-Type": "application/json"]
/// headers["content-type"]            // "application/json"
/// headers["Accept"] = "application/json"
/// ```
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header field as it appears on the wire.
    public struct Field: Sendable, Hashable {
        /// The field name, with the case it was given.
        public var name: String
        /// The field value.
        public var value: String

        /// Creates a header field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// Same name in any ASCII case and the same value, byte for byte.
        public static func == (lhs: Field, rhs: Field) -> Bool {
            lhs.value.hasSameBytes(as: rhs.value) && lhs.name.caseInsensitiveEquals(rhs.name)
        }

        public func hash(into hasher: inout Hasher) {
            for byte in name.utf8 { hasher.combine(byte.asciiLowercased) }
            hasher.combine(MemberName(value))
        }
    }

    /// The fields in the order they were added.
    public private(set) var fields: [Field]

    /// Creates headers from fields, keeping their order.
    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Creates headers from name and value pairs, keeping their order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The value of the first field with this name, or `nil`. Setting replaces every field with
    /// this name (the new one takes the place of the first); setting `nil` removes them all.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            guard let newValue else {
                remove(name)
                return
            }
            if let index = fields.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) {
                fields[index] = Field(name: name, value: newValue)
                if fields[(index + 1)...].contains(where: { $0.name.caseInsensitiveEquals(name) }) {
                    let rest = fields[(index + 1)...].filter { !$0.name.caseInsensitiveEquals(name) }
                    fields.replaceSubrange((index + 1)..., with: rest)
                }
            } else {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    /// All values of the fields with this name, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Appends a field, keeping any with the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field with this name.
    public mutating func remove(_ name: String) {
        // Looked for first: removing nothing must not copy fields shared with another request.
        guard contains(name) else { return }
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Whether a field with this name is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.caseInsensitiveEquals(name) }
    }

    /// The number of fields, so that `map` and the like allocate their result once.
    public var underestimatedCount: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// The fields as `Name: value` lines. Values of credential-bearing fields are redacted.
    public var description: String {
        fields.map { "\($0.name): \(Redaction.headerValue(name: $0.name, value: $0.value))" }.joined(separator: "\n")
    }
}

extension String {
    /// ASCII case-insensitive comparison, enough for header names, media types and token types.
    /// Compares bytes, never canonical equivalence: `";"` and U+037E differ here.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                for index in 0..<left.count where left[index] != right[index] && left[index].asciiLowercased != right[index].asciiLowercased {
                    return false
                }
                return true
            }
        }
        if let compared = compared ?? nil { return compared }
        return utf8.elementsEqual(other.utf8) { $0.asciiLowercased == $1.asciiLowercased }
    }
}
