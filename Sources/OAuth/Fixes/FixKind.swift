/// A parameterised building block for fixes, as named in provider JSON: its kind, what it
/// does, the parameters it takes, and how to make a fix from them.
public struct FixKind: Sendable, CustomStringConvertible {
    /// One parameter a kind takes.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name in JSON.
        public let name: String
        /// What it means and its default.
        public let summary: String

        /// Creates a parameter description.
        public init(_ name: String, _ summary: String) {
            self.name = name
            self.summary = summary
        }
    }

    /// The kind's name, such as `form-encoded-body`.
    public let name: String
    /// What fixes of this kind do.
    public let summary: String
    /// The parameters, besides `id` and `summary` which every kind takes.
    public let parameters: [Parameter]
    private let make: @Sendable (FixID, String?, inout FixParameters) throws(FixDefinitionError) -> Fix

    /// Creates a kind.
    ///
    /// - Parameter make: builds the fix from its id, an optional summary and its parameters;
    ///   read each parameter through `FixParameters` so unknown ones are reported.
    public init(
        name: String, summary: String, parameters: [Parameter] = [],
        make: @escaping @Sendable (FixID, String?, inout FixParameters) throws(FixDefinitionError) -> Fix
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.make = make
    }

    /// Makes a fix of this kind from JSON parameters.
    ///
    /// - Throws: ``FixDefinitionError`` for a parameter that is missing, of the wrong type or
    ///   unknown.
    public func fix(id: FixID, summary: String? = nil, parameters: JSONObject) throws(FixDefinitionError) -> Fix {
        var reader = FixParameters(kind: name, object: parameters)
        let fix = try make(id, summary, &reader)
        try reader.finish()
        return fix
    }

    public var description: String { "\(name): \(summary)" }
}

/// The building blocks a provider JSON file may name, by kind.
public struct FixCatalog: Sendable {
    /// The kinds, in order.
    public let kinds: [FixKind]

    /// Creates a catalog.
    public init(_ kinds: [FixKind]) {
        self.kinds = kinds
    }

    /// This catalog with more kinds, for users' own building blocks.
    public func adding(_ more: [FixKind]) -> FixCatalog {
        FixCatalog(kinds + more)
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

    /// The JSON form of a fix made from a building block.
    ///
    /// - Throws: ``FixDefinitionError/notABuildingBlock(_:)`` for a fix written in Swift.
    public static func jsonObject(for fix: Fix) throws(FixDefinitionError) -> JSONObject {
        guard let recipe = fix.recipe else { throw .notABuildingBlock(fix.id) }
        var object: JSONObject = ["kind": .string(recipe.kind), "id": .string(fix.id.rawValue), "summary": .string(fix.summary)]
        for member in recipe.parameters { object[member.key] = member.value }
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
    /// The fix is written in Swift and has no JSON form.
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
            "fix \(id) is written in Swift: only fixes made from building blocks can be written as JSON"
        }
    }
}
