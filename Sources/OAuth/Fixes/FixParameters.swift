/// Reads a building block's JSON parameters with typed errors, and reports any parameter
/// nobody read, so a misspelt one never goes unnoticed.
public struct FixParameters: Sendable {
    /// The kind being read, for error messages.
    public let kind: String
    private let object: JSONObject
    private var read: Set<String> = []

    init(kind: String, object: JSONObject) {
        self.kind = kind
        self.object = object
    }

    /// A string parameter, or `fallback` when absent.
    public mutating func string(_ name: String, default fallback: String? = nil) throws(FixDefinitionError) -> String {
        read.insert(name)
        switch object[name] {
        case .string(let value)?: return value
        case nil:
            guard let fallback else { throw missing(name, expected: "a string") }
            return fallback
        case let other?: throw invalid(name, expected: "a string", found: other)
        }
    }

    /// An optional string parameter.
    public mutating func optionalString(_ name: String) throws(FixDefinitionError) -> String? {
        read.insert(name)
        switch object[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw invalid(name, expected: "a string", found: other)
        }
    }

    /// A list of strings, or `fallback` when absent.
    public mutating func strings(_ name: String, default fallback: [String]? = nil) throws(FixDefinitionError) -> [String] {
        read.insert(name)
        switch object[name] {
        case .array(let values)?:
            var strings: [String] = []
            for value in values {
                guard case .string(let string) = value else { throw invalid(name, expected: "an array of strings", found: value) }
                strings.append(string)
            }
            return strings
        case nil:
            guard let fallback else { throw missing(name, expected: "an array of strings") }
            return fallback
        case let other?: throw invalid(name, expected: "an array of strings", found: other)
        }
    }

    /// An optional list of strings.
    public mutating func optionalStrings(_ name: String) throws(FixDefinitionError) -> [String]? {
        guard object[name] != nil else {
            read.insert(name)
            return nil
        }
        return try strings(name)
    }

    /// An object of string values, in order, or `fallback` when absent.
    public mutating func stringPairs(_ name: String, default fallback: [(String, String)]? = nil) throws(FixDefinitionError) -> [(String, String)] {
        read.insert(name)
        switch object[name] {
        case .object(let members)?:
            var pairs: [(String, String)] = []
            for member in members {
                guard case .string(let string) = member.value else {
                    throw invalid(name, expected: "an object of strings", found: member.value)
                }
                pairs.append((member.key, string))
            }
            return pairs
        case nil:
            guard let fallback else { throw missing(name, expected: "an object of strings") }
            return fallback
        case let other?: throw invalid(name, expected: "an object of strings", found: other)
        }
    }

    /// A boolean, or `fallback` when absent.
    public mutating func bool(_ name: String, default fallback: Bool) throws(FixDefinitionError) -> Bool {
        read.insert(name)
        switch object[name] {
        case .bool(let value)?: return value
        case nil: return fallback
        case let other?: throw invalid(name, expected: "true or false", found: other)
        }
    }

    /// A path into a JSON value: an array of member names and indexes, or `fallback`.
    public mutating func path(_ name: String, default fallback: [JSONPathComponent]? = nil) throws(FixDefinitionError) -> [JSONPathComponent] {
        read.insert(name)
        switch object[name] {
        case .array(let values)?:
            var path: [JSONPathComponent] = []
            for value in values {
                switch value {
                case .string(let key): path.append(.key(key))
                case .number(let number) where number.intValue != nil && !number.isNegative: path.append(.index(number.intValue!))
                default: throw invalid(name, expected: "an array of member names and indexes", found: value)
                }
            }
            return path
        case .string(let key)?:
            return [.key(key)]
        case nil:
            guard let fallback else { throw missing(name, expected: "an array of member names and indexes") }
            return fallback
        case let other?: throw invalid(name, expected: "an array of member names and indexes", found: other)
        }
    }

    /// An optional path.
    public mutating func optionalPath(_ name: String) throws(FixDefinitionError) -> [JSONPathComponent]? {
        guard object[name] != nil else {
            read.insert(name)
            return nil
        }
        return try path(name)
    }

    /// A list of hook points by name among `allowed`, or `fallback` when absent.
    public mutating func hookPoints(_ name: String, default fallback: [HookPoint], allowed: [HookPoint] = HookPoint.all) throws(FixDefinitionError) -> [HookPoint] {
        guard object[name] != nil else {
            read.insert(name)
            return fallback
        }
        var points: [HookPoint] = []
        for pointName in try strings(name) {
            guard let point = HookPoint(name: pointName), allowed.contains(point) else {
                throw .invalidParameter(kind: kind, name: name, expected: "hook points among \(allowed.map(\.name).joined(separator: ", "))", found: "\"\(pointName)\"")
            }
            points.append(point)
        }
        return points
    }

    mutating func finish() throws(FixDefinitionError) {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw .unknownParameter(kind: kind, name: unknown, known: read.sorted())
        }
    }

    private func missing(_ name: String, expected: String) -> FixDefinitionError {
        .invalidParameter(kind: kind, name: name, expected: expected, found: "no member")
    }

    private func invalid(_ name: String, expected: String, found: JSONValue) -> FixDefinitionError {
        .invalidParameter(kind: kind, name: name, expected: expected, found: found.kind)
    }
}

extension JSONValue {
    /// A path as JSON, for recipes.
    static func path(_ path: [JSONPathComponent]) -> JSONValue {
        .array(path.map { component in
            switch component {
            case .key(let key): .string(key)
            case .index(let index): .number(JSONNumber(index))
            }
        })
    }

    /// Strings as a JSON array, for recipes.
    static func strings(_ strings: [String]) -> JSONValue {
        .array(strings.map(JSONValue.string))
    }

    /// Pairs as a JSON object, for recipes.
    static func pairs(_ pairs: [(String, String)]) -> JSONValue {
        .object(JSONObject(pairs.map { JSONObject.Member(key: $0.0, value: .string($0.1)) }))
    }
}
