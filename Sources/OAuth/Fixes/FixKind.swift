/// A building block as provider JSON names it: its kind, what it does, its parameters, and how
/// to make a fix of it. Derived from the ``BuildingBlock`` type.
public struct FixKind: Sendable, CustomStringConvertible {
    /// One parameter, for documentation.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name in JSON.
        public let name: String
        /// What it means.
        public let summary: String
        /// What a value must look like.
        public let expected: String
        /// Whether provider JSON must give it.
        public let isRequired: Bool
        /// Its default, as JSON text; `nil` for a required parameter.
        public let defaultValue: String?
    }

    /// The kind's name, such as `form-encoded-body`.
    public let name: String
    /// What fixes of this kind do.
    public let summary: String
    /// The parameters, besides `id` and `summary` which every kind takes.
    public let parameters: [Parameter]
    /// The parameters of the block's example (``BuildingBlock/example``), as provider JSON
    /// gives them.
    public let example: JSONObject
    private let make: @Sendable (JSONObject) throws(FixDefinitionError) -> any BuildingBlock

    /// The kind of a building block.
    public init<Block: BuildingBlock>(_ block: Block.Type) {
        name = Block.kind
        summary = Block.purpose
        parameters = Block.parameters.map { parameter in
            Parameter(
                name: parameter.name, summary: parameter.summary, expected: parameter.expected, isRequired: parameter.isRequired,
                defaultValue: parameter.isRequired ? nil : JSONWriter.string(parameter.defaultValue)
            )
        }
        example = Block.example.parameterValues
        make = { object throws(FixDefinitionError) in try Block(parameters: object) }
    }

    /// Makes a fix of this kind from JSON parameters.
    ///
    /// - Throws: ``FixDefinitionError`` for a parameter that is missing, of the wrong type or
    ///   unknown.
    public func fix(id: FixID, summary: String? = nil, parameters: JSONObject) throws(FixDefinitionError) -> Fix {
        let block = try make(parameters)
        return Fix(id: id, summary: summary, block)
    }

    public var description: String { "\(name): \(summary)" }
}

/// The building blocks a provider JSON file may name, by kind.
public struct FixCatalog: Sendable {
    /// The kinds, in order.
    public let kinds: [FixKind]

    /// Creates a catalog of kinds.
    public init(_ kinds: [FixKind]) {
        self.kinds = kinds
    }

    /// Creates a catalog of building blocks.
    public init(blocks: [any BuildingBlock.Type]) {
        self.init(blocks.map { FixKind($0) })
    }

    /// This catalog with more kinds, for users' own building blocks.
    public func adding(_ more: [FixKind]) -> FixCatalog {
        FixCatalog(kinds + more)
    }

    /// This catalog with more building blocks.
    public func adding(blocks more: [any BuildingBlock.Type]) -> FixCatalog {
        adding(more.map { FixKind($0) })
    }

    /// The kind with this name.
    ///
    /// - Throws: ``FixDefinitionError/unknownKind(_:nearMatches:)``.
    public func kind(named name: String) throws(FixDefinitionError) -> FixKind {
        guard let kind = kinds.first(where: { $0.name == name }) else {
            throw .unknownKind(name, nearMatches: NearMatches.find(name, in: kinds.map(\.name)))
        }
        return kind
    }

    /// Makes a fix from its JSON form: `{"kind": ..., "id": ..., "summary": ..., parameters...}`.
    ///
    /// - Parameter provider: names the default id, `<provider>.<kind>`, when the JSON gives none.
    public func fix(from object: JSONObject, provider: String) throws(FixDefinitionError) -> Fix {
        var parameters = object
        guard case .string(let kindName)? = parameters.removeValue(forKey: "kind") else {
            throw .invalidParameter(kind: "fix", name: "kind", expected: "the name of a building block", found: object["kind"]?.kind ?? "no member")
        }
        let kind = try kind(named: kindName)
        let id: FixID
        switch parameters.removeValue(forKey: "id") {
        case nil: id = FixID("\(provider).\(kindName)")
        case .string(let value)?: id = FixID(value)
        case let other?: throw .invalidParameter(kind: kindName, name: "id", expected: "a string", found: other.kind)
        }
        let summary: String?
        switch parameters.removeValue(forKey: "summary") {
        case nil: summary = nil
        case .string(let value)?: summary = value
        case let other?: throw .invalidParameter(kind: kindName, name: "summary", expected: "a string", found: other.kind)
        }
        return try kind.fix(id: id, summary: summary, parameters: parameters)
    }

    /// The JSON form of a fix made from a building block: kind, id, summary and the parameters
    /// that differ from their defaults.
    ///
    /// - Throws: ``FixDefinitionError/notABuildingBlock(_:)`` for a fix written as stages.
    public static func jsonObject(for fix: Fix) throws(FixDefinitionError) -> JSONObject {
        guard let block = fix.block else { throw .notABuildingBlock(fix.id) }
        var object: JSONObject = ["kind": .string(type(of: block).kind), "id": .string(fix.id.rawValue)]
        if fix.summary != block.summary { object["summary"] = .string(fix.summary) }
        for member in block.parameterValues { object[member.key] = member.value }
        return object
    }
}

/// Why a fix could not be made from its JSON form, or written as one.
public enum FixDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No building block has this kind.
    case unknownKind(String, nearMatches: [String])
    /// A parameter has the wrong type or value.
    case invalidParameter(kind: String, name: String, expected: String, found: String)
    /// A parameter the kind does not take.
    case unknownParameter(kind: String, name: String, known: [String])
    /// The fix is written as stages and has no JSON form.
    case notABuildingBlock(FixID)

    public var description: String {
        switch self {
        case .unknownKind(let name, let near):
            "fix kind \"\(name)\": expected a building block" + (near.isEmpty ? "" : " such as " + near.map { "\"\($0)\"" }.joined(separator: ", ")) + ", got an unknown kind"
        case .invalidParameter(let kind, let name, let expected, let found):
            "fix kind \(kind), parameter \"\(name)\": expected \(expected), got \(found)"
        case .unknownParameter(let kind, let name, let known):
            "fix kind \(kind): expected parameters among \(known.isEmpty ? "none" : known.joined(separator: ", ")), got \"\(name)\""
        case .notABuildingBlock(let id):
            "fix \(id) is written as stages: only fixes made from building blocks can be written as JSON"
        }
    }
}
