/// One parameter of a ``BuildingBlock``: its JSON name, what it means, and the property it
/// reads and writes. The default is the property's initial value in the block's `init()`.
public struct BlockParameter<Block: BuildingBlock>: Sendable {
    /// The parameter's name in JSON.
    public let name: String
    /// What it means.
    public let summary: String
    /// Whether provider JSON must give it.
    public let isRequired: Bool
    /// The hook points a hook-point list may name, for a parameter that is one.
    public let allowedHookPoints: [HookPoint]?
    /// What a value must look like: `an array of strings`.
    public let expected: String
    /// Sets the value from JSON; returns what came instead when the JSON does not fit.
    private let reader: @Sendable (inout Block, JSONValue) -> String?
    private let writer: @Sendable (Block) -> JSONValue
    private let isDefault: @Sendable (Block, Block) -> Bool

    /// A parameter held in the block's property at `keyPath`.
    public static func value<Value: BlockParameterValue>(
        _ name: String, _ keyPath: WritableKeyPath<Block, Value> & Sendable, _ summary: String, required: Bool = false
    ) -> BlockParameter {
        BlockParameter(
            name: name, summary: summary, isRequired: required, allowedHookPoints: nil, expected: Value.expected,
            reader: { block, json in
                guard let value = Value(json: json) else { return json.kind }
                block[keyPath: keyPath] = value
                return nil
            },
            writer: { $0[keyPath: keyPath].json },
            isDefault: { $0[keyPath: keyPath] == $1[keyPath: keyPath] }
        )
    }

    /// A list of hook points, among `allowed`, held at `keyPath`: where the fix acts.
    public static func hookPoints(
        _ name: String, _ keyPath: WritableKeyPath<Block, [HookPoint]> & Sendable, allowed: [HookPoint], _ summary: String
    ) -> BlockParameter {
        BlockParameter(
            name: name, summary: summary, isRequired: false, allowedHookPoints: allowed,
            expected: "hook points among " + allowed.map(\.name).joined(separator: ", "),
            reader: { block, json in
                guard case .array(let names) = json else { return json.kind }
                var points: [HookPoint] = []
                for name in names {
                    guard let point = HookPoint(json: name), allowed.contains(point) else {
                        return name.stringValue.map { "\"\($0)\"" } ?? name.kind
                    }
                    points.append(point)
                }
                block[keyPath: keyPath] = points
                return nil
            },
            writer: { $0[keyPath: keyPath].json },
            isDefault: { $0[keyPath: keyPath] == $1[keyPath: keyPath] }
        )
    }

    /// Sets the parameter from JSON.
    ///
    /// - Throws: ``FixDefinitionError/invalidParameter(kind:name:expected:found:)`` for a value
    ///   of the wrong shape.
    func read(into block: inout Block, _ json: JSONValue) throws(FixDefinitionError) {
        if let found = reader(&block, json) {
            throw .invalidParameter(kind: Block.kind, name: name, expected: expected, found: found)
        }
    }

    /// The parameter's value in `block`, as JSON.
    public func jsonValue(of block: Block) -> JSONValue { writer(block) }

    /// Whether `block` holds the same value as `defaults`.
    func hasDefaultValue(_ block: Block, _ defaults: Block) -> Bool { isDefault(block, defaults) }

    /// The default value, as JSON.
    public var defaultValue: JSONValue { writer(Block()) }
}

/// A value a building block's parameter can hold: how it reads from and writes to JSON.
public protocol BlockParameterValue: Sendable, Equatable {
    /// What a JSON value must look like, for error messages: `a string`.
    static var expected: String { get }
    /// The value from JSON, or `nil` when the JSON has the wrong shape.
    init?(json: JSONValue)
    /// The value as JSON.
    var json: JSONValue { get }
}

/// An element of a list parameter.
public protocol BlockParameterElement: BlockParameterValue {}

extension String: BlockParameterElement {
    public static var expected: String { "a string" }
    public init?(json: JSONValue) {
        guard case .string(let value) = json else { return nil }
        self = value
    }
    public var json: JSONValue { .string(self) }
}

extension Bool: BlockParameterValue {
    public static var expected: String { "true or false" }
    public init?(json: JSONValue) {
        guard case .bool(let value) = json else { return nil }
        self = value
    }
    public var json: JSONValue { .bool(self) }
}

extension HookPoint: BlockParameterElement {
    public static var expected: String { "the name of a hook point" }
    public init?(json: JSONValue) {
        guard case .string(let name) = json else { return nil }
        self.init(name: name)
    }
    public var json: JSONValue { .string(name) }
}

extension JSONPathComponent: BlockParameterElement {
    public static var expected: String { "a member name or an index" }
    public init?(json: JSONValue) {
        switch json {
        case .string(let key): self = .key(key)
        case .number(let number):
            guard let index = number.intValue, index >= 0 else { return nil }
            self = .index(index)
        default: return nil
        }
    }
    public var json: JSONValue {
        switch self {
        case .key(let key): .string(key)
        case .index(let index): .number(JSONNumber(index))
        }
    }
}

extension Array: BlockParameterValue where Element: BlockParameterElement {
    public static var expected: String { "an array of " + Element.expected.replacingPrefix("a ", with: "").replacingPrefix("an ", with: "") + "s" }
    public init?(json: JSONValue) {
        guard case .array(let values) = json else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for value in values {
            guard let element = Element(json: value) else { return nil }
            elements.append(element)
        }
        self = elements
    }
    public var json: JSONValue { .array(map(\.json)) }
}

extension Optional: BlockParameterValue where Wrapped: BlockParameterValue {
    public static var expected: String { Wrapped.expected + " or null" }
    public init?(json: JSONValue) {
        if json == .null {
            self = .none
        } else if let value = Wrapped(json: json) {
            self = .some(value)
        } else {
            return nil
        }
    }
    public var json: JSONValue { map(\.json) ?? .null }
}

extension ClientAuthentication: BlockParameterValue {
    public static var expected: String { ClientAuthentication.named.map(\.name).joined(separator: ", ") }
    public init?(json: JSONValue) {
        guard case .string(let name) = json else { return nil }
        self.init(name: name)
    }
    public var json: JSONValue { .string(name) }
}

/// Names and values in order, written in JSON as an object of strings: renames, extra
/// headers, extra parameters.
///
/// ```swift
/// let renames: NameValuePairs = ["expires": "expires_in"]
/// ```
public struct NameValuePairs: BlockParameterValue, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One name and its value.
    public struct Pair: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value.
        public var value: String
    }

    /// The pairs, in order.
    public var pairs: [Pair]

    /// Creates pairs.
    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public static var expected: String { "an object of strings" }

    public init?(json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        var pairs: [(String, String)] = []
        for member in object {
            guard case .string(let value) = member.value else { return nil }
            pairs.append((member.key, value))
        }
        self.init(pairs)
    }

    public var json: JSONValue {
        .object(JSONObject(pairs.map { JSONObject.Member(key: $0.name, value: .string($0.value)) }))
    }

    public func makeIterator() -> IndexingIterator<[Pair]> { pairs.makeIterator() }

    /// Whether there are no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// `name=value, …`.
    public var description: String { pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
